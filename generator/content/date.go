package content

import (
	"fmt"
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
	return Date{}, fmt.Errorf("invalid date %q: want YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339 (2018-08-07T14:00:00Z)", s)
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
