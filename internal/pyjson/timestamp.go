package pyjson

import (
	"errors"
	"fmt"
	"time"
)

// FormatTimestamp formats t's wall clock like Python's isoformat() on a naive
// datetime: "2006-01-02T15:04:05", with ".ffffff" only when the microseconds
// are not zero. The zone of t is ignored; callers convert first.
func FormatTimestamp(t time.Time) string {
	if t.Nanosecond()/1000 == 0 {
		return t.Format(layout)
	}
	return t.Format(layout + ".000000")
}

const layout = "2006-01-02T15:04:05"

// ErrTimestamp is matched (errors.Is) by every error of ParseTimestamp.
var ErrTimestamp = errors.New("not an ISO 8601 timestamp")

// TimestampForms says, in error messages, what ParseTimestamp reads.
const TimestampForms = `want YYYY-MM-DDTHH:MM:SS[.ffffff], with "T" or a space between date and time, optionally followed by "Z" or "+hh:mm"`

// ParseTimestamp reads the timestamps kgents writes and Python's
// fromisoformat reads: a date and a time separated by "T" or a space, any
// fraction of a second (cut to microseconds), and an optional "Z" or
// "±hh:mm" offset. A naive timestamp is returned as that wall clock in UTC;
// one with an offset is converted to UTC.
func ParseTimestamp(s string) (time.Time, error) {
	norm := s
	if len(norm) > 10 && norm[10] == ' ' {
		norm = norm[:10] + "T" + norm[11:]
	}
	for _, l := range [...]string{layout, layout + "Z07:00"} {
		if t, err := time.Parse(l, norm); err == nil {
			return t.UTC().Truncate(time.Microsecond), nil
		}
	}
	return time.Time{}, fmt.Errorf("%w: %q (%s)", ErrTimestamp, s, TimestampForms)
}
