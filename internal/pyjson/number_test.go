package pyjson

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"
)

// The spellings are those of CPython's repr(float) (and json.dumps).
func TestPythonNumberSpellsFloatsAsPython(t *testing.T) {
	for in, want := range map[string]string{
		"1500.0": "1500.0", "1500": "1500", "1.5e3": "1500.0", "1e16": "1e+16", "1E16": "1e+16", "9999999999999998.0": "9999999999999998.0",
		"1e-7": "1e-07", "0.0001": "0.0001", "0.00001": "1e-05", "-0.0": "-0.0", "0.1": "0.1", "1e400": "1e400",
		"123456789012345678901234567890": "123456789012345678901234567890", "2.50": "2.5", "1.7976931348623157e308": "1.7976931348623157e+308",
	} {
		if got := PythonNumber(json.Number(in)); string(got) != want {
			t.Errorf("PythonNumber(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestFixedPointRoundTripsExactly(t *testing.T) {
	for _, tc := range []struct {
		n     int64
		scale int
		py    string
	}{{0, 9, "0.0"}, {300_000_000_000, 9, "300.0"}, {1, 9, "0.000000001"}, {1_500_000, 6, "1.5"}, {-2_000_001, 6, "-2.000001"},
		{math.MaxInt64, 6, "9223372036854.775807"}, {math.MinInt64 + 1, 0, "-9223372036854775807.0"}} {
		if got := FormatFixed(tc.n, tc.scale, true); got != tc.py {
			t.Errorf("FormatFixed(%d, %d) = %s, want %s", tc.n, tc.scale, got, tc.py)
		}
		if back, err := ParseFixed(tc.py, tc.scale); err != nil || back != tc.n {
			t.Errorf("ParseFixed(%s, %d) = %d, %v; want %d", tc.py, tc.scale, back, err, tc.n)
		}
	}
	if got := FormatFixed(7, 0, false); got != "7" {
		t.Errorf("FormatFixed without pyFloat = %s", got)
	}
	for lit, want := range map[string]int64{"2.5e2": 250_000_000_000, "1e-10": 0, "0.0000000019": 1, "-0": 0, "1E+1": 10_000_000_000} {
		if got, err := ParseFixed(lit, 9); err != nil || got != want {
			t.Errorf("ParseFixed(%s) = %d, %v; want %d", lit, got, err, want)
		}
	}
	for _, lit := range []string{"1e400", "99999999999999999999", "1e99999999999999999999", ".5", "1.", "x"} {
		if _, err := ParseFixed(lit, 9); err == nil {
			t.Errorf("ParseFixed(%s) accepted", lit)
		}
	}
}

// FuzzParseFixed: every literal ParseFixed accepts, written back by
// FormatFixed, reads back to the same count, and agrees with strconv to
// within a unit.
func FuzzParseFixed(f *testing.F) {
	for _, s := range []string{"0", "1.5", "-2.000001", "2.5e2", "1e-10", "9223372036854.775807"} {
		f.Add(s, 6)
	}
	f.Fuzz(func(t *testing.T, lit string, scale int) {
		scale = min(max(scale, 0), 9)
		n, err := ParseFixed(lit, scale)
		if err != nil {
			return
		}
		back, err := ParseFixed(FormatFixed(n, scale, true), scale)
		if err != nil || back != n {
			t.Fatalf("%s: %d → %s → %d, %v", lit, n, FormatFixed(n, scale, true), back, err)
		}
		if f, err := strconv.ParseFloat(lit, 64); err == nil && math.Abs(f*math.Pow10(scale)-float64(n)) > 1+math.Abs(f*math.Pow10(scale))*1e-12 {
			t.Fatalf("%s read as %d units of 1e-%d", lit, n, scale)
		}
	})
}
