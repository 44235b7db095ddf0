package content

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in        string
		precision Precision
		human     string
		machine   string
		rfc3339   string // the start of the period
	}{
		{"2018", Year, "2018", "2018", "2018-01-01T00:00:00Z"},
		{"2018-08", Month, "August 2018", "2018-08", "2018-08-01T00:00:00Z"},
		{"2018-08-06", Day, "6 August 2018", "2018-08-06", "2018-08-06T00:00:00Z"},
		{"2018-12-31", Day, "31 December 2018", "2018-12-31", "2018-12-31T00:00:00Z"},
		{"2016-02-29", Day, "29 February 2016", "2016-02-29", "2016-02-29T00:00:00Z"},
		{"2018-08-07T14:00:00Z", Instant, "7 August 2018, 14:00 UTC", "2018-08-07T14:00:00Z", "2018-08-07T14:00:00Z"},
		{"2018-08-07T14:00:00+02:00", Instant, "7 August 2018, 14:00 +0200", "2018-08-07T14:00:00+02:00", "2018-08-07T12:00:00Z"},
		{"2018-08-07T14:00:00.5Z", Instant, "7 August 2018, 14:00 UTC", "2018-08-07T14:00:00Z", "2018-08-07T14:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate: %v", err)
			}
			if d.Precision != tt.precision || d.IsZero() {
				t.Errorf("precision = %v, want %v", d.Precision, tt.precision)
			}
			if got := d.Human(); got != tt.human {
				t.Errorf("Human() = %q, want %q", got, tt.human)
			}
			if got := d.Machine(); got != tt.machine {
				t.Errorf("Machine() = %q, want %q", got, tt.machine)
			}
			if got := d.RFC3339(); got != tt.rfc3339 {
				t.Errorf("RFC3339() = %q, want %q", got, tt.rfc3339)
			}
		})
	}
}

func TestParseDateErrors(t *testing.T) {
	for _, in := range []string{
		"", "Aug 2018", "August 2018", "6 August 2018",
		"2018-8", "2018-8-6", "18", "02018", "2018-08-6", "2018/08/06", "06.08.2018",
		"2018-08-06 14:00", "2018-08-06T14:00", "2018-08-06T14:00:00", "2018-W32", "today", " 2018",
		"2018-13-1", "2018-02-30x", "2018-02-30 10:00", "2018-08-01T", "2018-08-01T10", "2018-8-30",
	} {
		d, err := ParseDate(in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", in, d)
			continue
		}
		if !strings.Contains(err.Error(), "want YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339") || !strings.Contains(err.Error(), "invalid date") {
			t.Errorf("ParseDate(%q) error = %q", in, err)
		}
		if !d.IsZero() {
			t.Errorf("ParseDate(%q) returned a non-zero date with its error", in)
		}
	}
}

// A date in the right form that the calendar does not have is told as
// such, not with the forms the editor already followed.
func TestParseDateImpossible(t *testing.T) {
	for in, want := range map[string]string{
		"2018-02-30":           `invalid date "2018-02-30": there is no day 30 in February 2018, which has 28 days`,
		"2017-02-29":           `invalid date "2017-02-29": there is no day 29 in February 2017, which has 28 days`,
		"2018-04-31":           `invalid date "2018-04-31": there is no day 31 in April 2018, which has 30 days`,
		"2018-08-00":           `invalid date "2018-08-00": there is no day 00 in August 2018, which has 31 days`,
		"2018-13-01":           `invalid date "2018-13-01": there is no month 13: months run from 01 to 12`,
		"2018-00":              `invalid date "2018-00": there is no month 00: months run from 01 to 12`,
		"2018-02-30T10:00:00Z": `invalid date "2018-02-30T10:00:00Z": there is no day 30 in February 2018, which has 28 days`,
		"2018-08-07T25:00:00Z": `invalid date "2018-08-07T25:00:00Z": hour out of range`,
		"2018-08-07T14:61:00Z": `invalid date "2018-08-07T14:61:00Z": minute out of range`,
	} {
		d, err := ParseDate(in)
		if err == nil || err.Error() != want {
			t.Errorf("ParseDate(%q) error = %v, want %s", in, err, want)
		}
		if !d.IsZero() {
			t.Errorf("ParseDate(%q) returned a non-zero date with its error", in)
		}
	}
	// the leap day that exists
	if _, err := ParseDate("2016-02-29"); err != nil {
		t.Errorf("ParseDate(2016-02-29): %v", err)
	}
}

func TestZeroDate(t *testing.T) {
	var d Date
	if !d.IsZero() || d.Human() != "" || d.Machine() != "" {
		t.Errorf("zero date: IsZero %v, Human %q, Machine %q", d.IsZero(), d.Human(), d.Machine())
	}
}

func TestDateCompare(t *testing.T) {
	// in order: each period sorts at its start, and a less precise date
	// before a more precise one starting at the same moment
	order := []string{"2017-12-31", "2018", "2018-01", "2018-01-01", "2018-01-01T00:00:00Z", "2018-01-01T00:00:01Z", "2018-07-31", "2018-08", "2018-08-01", "2018-08-06", "2019"}
	var dates []Date
	for _, s := range order {
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		dates = append(dates, d)
	}
	for i := range dates {
		for j := range dates {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := dates[i].Compare(dates[j]); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", order[i], order[j], got, want)
			}
		}
	}
	shuffled := slices.Clone(dates)
	slices.Reverse(shuffled)
	slices.SortFunc(shuffled, Date.Compare)
	for i := range shuffled {
		if shuffled[i] != dates[i] {
			t.Fatalf("sorted order differs at %d: %s", i, shuffled[i].Machine())
		}
	}
	if (Date{}).Compare(dates[0]) >= 0 {
		t.Error("a missing date does not sort first")
	}
}

func TestDateDecodedFromYAML(t *testing.T) {
	// YAML reads 2018 as an integer and 2018-08-06 as a timestamp; both must
	// keep the precision they were written with.
	tests := []struct {
		yaml  string
		human string
	}{
		{"2018", "2018"},
		{"2018-08", "August 2018"},
		{"2018-08-06", "6 August 2018"},
		{"\"2018-08-06\"", "6 August 2018"},
		{"2018-08-06T14:00:00Z", "6 August 2018, 14:00 UTC"},
	}
	for _, tt := range tests {
		doc, diags := LoadFile(stmt, []byte("org: o\nquote: q\ndate: "+tt.yaml+"\n"))
		checkDiags(t, diags)
		if got := doc.Statement.Date.Human(); got != tt.human {
			t.Errorf("date: %s shows as %q, want %q", tt.yaml, got, tt.human)
		}
	}
}

// FuzzParseDate: any string is a date or an error with no date, a date's
// machine form reads back as itself (to the second: fractions are not
// shown), and an error names the string it was given.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2018", "2018-08", "2018-08-06", "2018-02-30", "2018-13", "2018-08-07T14:00:00Z", "2018-08-07T14:00:00.5Z", "2018-08-07T25:00:00+02:00", "2018-02-30T", "0000-00-00", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !d.IsZero() {
				t.Fatalf("ParseDate(%q) = %v with error %v", s, d, err)
			}
			if !strings.HasPrefix(err.Error(), "invalid date "+strconv.Quote(s)+": ") {
				t.Fatalf("ParseDate(%q) error %q does not name the date", s, err)
			}
			return
		}
		again, err := ParseDate(d.Machine())
		if err != nil || again.Precision != d.Precision || again.Machine() != d.Machine() {
			t.Fatalf("ParseDate(%q) = %v, whose machine form %q reads back as %v, %v", s, d, d.Machine(), again, err)
		}
	})
}
