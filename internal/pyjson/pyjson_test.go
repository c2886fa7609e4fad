package pyjson

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestParseTimestampForms(t *testing.T) {
	for in, want := range map[string]time.Time{
		"2025-12-20T10:00:00":              time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC),
		"2025-12-20 10:00:00.5":            time.Date(2025, 12, 20, 10, 0, 0, 5e8, time.UTC),
		"2025-12-20T10:00:00.0000019":      time.Date(2025, 12, 20, 10, 0, 0, 1000, time.UTC),
		"2025-12-20T10:00:00Z":             time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC),
		"2025-12-20T12:00:00+02:00":        time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC),
		"2025-12-20 07:00:00.000001-03:00": time.Date(2025, 12, 20, 10, 0, 0, 1000, time.UTC),
		"0001-01-01T00:00:00":              time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		got, err := ParseTimestamp(in)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%s: got %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "2025-12-20", "2025-12-20T10:00", "2025-12-20T10:00:00 Z", "2025-12-20_10:00:00", "2025-13-01T00:00:00"} {
		if _, err := ParseTimestamp(in); !errors.Is(err, ErrTimestamp) {
			t.Errorf("%q: got %v, want ErrTimestamp", in, err)
		}
	}
}

func TestFormatTimestampIsPythonsIsoformat(t *testing.T) {
	for want, in := range map[string]time.Time{
		"2025-12-20T10:00:00":        time.Date(2025, 12, 20, 10, 0, 0, 999, time.UTC),
		"2025-12-20T10:00:00.000001": time.Date(2025, 12, 20, 10, 0, 0, 1000, time.UTC),
		"0001-01-01T00:00:00.500000": time.Date(1, 1, 1, 0, 0, 0, 5e8, time.UTC),
	} {
		if got := FormatTimestamp(in); got != want {
			t.Errorf("%v: got %s, want %s", in, got, want)
		}
	}
}

func TestLocatePlacesEveryInput(t *testing.T) {
	for _, tc := range []struct {
		in        string
		line, col int
		hint      bool
	}{
		{"", 1, 1, false},
		{"\n", 1, 1, false},
		{"{", 1, 1, false},
		{"{\n\"a\": 1,\n x", 3, 2, false},
		{`{"a": NaN}`, 1, 7, true},
		{"[1,\n-Infinity]", 2, 2, true},
		{"{} 1", 1, 4, false},
	} {
		var v any
		e := Locate([]byte(tc.in), json.Unmarshal([]byte(tc.in), &v))
		if e == nil || e.Line != tc.line || e.Column != tc.col || (e.Hint != "") != tc.hint {
			t.Errorf("%q: got %+v, want line %d column %d hint %v", tc.in, e, tc.line, tc.col, tc.hint)
		}
	}
	if Locate(nil, errors.New("other")) != nil {
		t.Error("Locate placed an error that is not a syntax error")
	}
}
