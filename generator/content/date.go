package content

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision is how much of a date the sources support.
type Precision int

// Precisions, from none (date absent) to a full timestamp.
const (
	NoDate Precision = iota
	Year
	Month
	Day
	Instant
)

// Date is a date known to some precision. It sorts at the start of its period
// and is shown no more precisely than it was given: reporting never sharpens
// a date the sources do not give.
type Date struct {
	Time      time.Time
	Precision Precision
}

// IsZero reports whether the date was left out.
func (d Date) IsZero() bool { return d.Precision == NoDate }

// ParseDate accepts YYYY, YYYY-MM, YYYY-MM-DD and RFC 3339.
func ParseDate(s string) (Date, error) {
	layouts := []struct {
		layout    string
		precision Precision
	}{
		{"2006", Year}, {"2006-01", Month}, {"2006-01-02", Day}, {time.RFC3339, Instant},
	}
	for _, l := range layouts {
		if len(s) != len(l.layout) && l.precision != Instant {
			continue
		}
		if t, err := time.Parse(l.layout, s); err == nil {
			return Date{Time: t, Precision: l.precision}, nil
		}
	}
	if reason := impossible(s); reason != "" {
		return Date{}, fmt.Errorf("invalid date %q: %s", s, reason)
	}
	return Date{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339 (2018-08-07T14:00:00Z)", s)
}

// impossible says what is wrong with a date written in a right form that
// names a month or a day the calendar does not have ("2018-02-30"), or ""
// when its form is wrong: telling an editor to write YYYY-MM-DD when they
// did would send them looking for the wrong mistake.
func impossible(s string) string {
	if len(s) < len("2006-01") || !digits(s[:4]) || s[4] != '-' || !digits(s[5:7]) {
		return ""
	}
	rest := s[7:]
	if rest != "" && (len(rest) < 3 || rest[0] != '-' || !digits(rest[1:3]) || len(rest) > 3 && rest[3] != 'T') {
		return ""
	}
	year, _ := strconv.Atoi(s[:4]) // digits, checked above
	month, _ := strconv.Atoi(s[5:7])
	if month < 1 || month > 12 {
		return fmt.Sprintf("there is no month %s: months run from 01 to 12", s[5:7])
	}
	if rest == "" {
		return ""
	}
	day, _ := strconv.Atoi(rest[1:3])
	if last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day(); day < 1 || day > last {
		return fmt.Sprintf("there is no day %s in %s %d, which has %d days", rest[1:3], time.Month(month), year, last)
	}
	// a right date with a time: time.Parse says which part of the time
	// is out of range ("hour out of range"); any other fault is of form
	var perr *time.ParseError
	if _, err := time.Parse(time.RFC3339, s); errors.As(err, &perr) && strings.HasSuffix(perr.Message, "out of range") {
		return strings.TrimPrefix(perr.Message, ": ")
	}
	return ""
}

func digits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Human formats the date for readers at its own precision: "2018",
// "August 2018", "6 August 2018", "6 August 2018, 14:00 UTC".
func (d Date) Human() string {
	switch d.Precision {
	case Year:
		return d.Time.Format("2006")
	case Month:
		return d.Time.Format("January 2006")
	case Day:
		return d.Time.Format("2 January 2006")
	case Instant:
		return d.Time.Format("2 January 2006, 15:04 MST")
	}
	return ""
}

// Machine formats the date for a <time datetime> attribute, which accepts
// every precision Dossier supports.
func (d Date) Machine() string {
	switch d.Precision {
	case Year:
		return d.Time.Format("2006")
	case Month:
		return d.Time.Format("2006-01")
	case Day:
		return d.Time.Format("2006-01-02")
	case Instant:
		return d.Time.Format(time.RFC3339)
	}
	return ""
}

// RFC3339 is the start of the date's period as a timestamp, for feeds and
// sitemaps, which need one.
func (d Date) RFC3339() string {
	return d.Time.UTC().Format(time.RFC3339)
}

// Compare orders dates by the start of their period, then by precision so
// that "August 2018" sorts before "1 August 2018".
func (d Date) Compare(o Date) int {
	if c := d.Time.Compare(o.Time); c != 0 {
		return c
	}
	switch {
	case d.Precision < o.Precision:
		return -1
	case d.Precision > o.Precision:
		return 1
	}
	return 0
}
