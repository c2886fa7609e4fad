package pyjson

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// PythonNumber returns the text Python's json module writes for the number
// it reads from lit, so that a value survives a round trip through kgents:
// an integer is kept as it is (Python's ints are exact), a float is written
// as Python's repr writes it: the shortest digits that read back,
// positional with at least one fractional digit when the decimal exponent is
// in [-4, 16) ("1500.0", "0.0001"), else in e notation with a sign and at
// least two exponent digits ("1e-07", "1e+16"). Go's encoding/json writes
// 1e-7 and 1500 for the float values that Python writes as 1e-07 and 1500.0.
// A float too large for float64, which Python would read as infinity, is
// kept as it is.
func PythonNumber(lit json.Number) json.Number {
	if !strings.ContainsAny(string(lit), ".eE") {
		return lit
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if err != nil {
		return lit
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // shortest digits; the exponent has a sign and two digits or more
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if exp < -4 || exp >= 16 {
		return json.Number(e)
	}
	p := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(p, ".") {
		p += ".0"
	}
	return json.Number(p)
}

// FormatFixed writes n / 10^scale exactly in decimal, the way kgents' fixed
// point quantities (seconds, capital) are carried as Python floats. With
// pyFloat an integral value gets ".0", as Python prints a float.
func FormatFixed(n int64, scale int, pyFloat bool) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u
	}
	pow := uint64(1)
	for range scale {
		pow *= 10
	}
	s := strconv.FormatUint(u/pow, 10)
	if r := u % pow; r != 0 {
		frac := strconv.FormatUint(r, 10)
		s += "." + strings.TrimRight(strings.Repeat("0", scale-len(frac))+frac, "0")
	} else if pyFloat {
		s += ".0"
	}
	if neg {
		s = "-" + s
	}
	return s
}

// ParseFixed reads a JSON number literal as an integer count of 10^-scale
// units, exactly (no float rounds it), truncating digits finer than the
// unit.
func ParseFixed(lit string, scale int) (int64, error) {
	s := lit
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil || e > 1000 || e < -1000 {
			return 0, fmt.Errorf("number %s out of range", lit)
		}
		mant, exp = s[:i], e
	}
	intPart, fracPart, _ := strings.Cut(mant, ".")
	if intPart == "" || !allDigits(intPart) || !allDigits(fracPart) || (strings.Contains(mant, ".") && fracPart == "") {
		return 0, fmt.Errorf("not a number: %q", lit)
	}
	digits := intPart + fracPart
	k := len(intPart) + exp + scale // how many leading digits are whole units
	switch {
	case k <= 0:
		digits = "0"
	case k >= len(digits):
		digits += strings.Repeat("0", k-len(digits))
	default:
		digits = digits[:k]
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("number %s out of range", lit)
	}
	if neg {
		n = -n
	}
	return n, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
