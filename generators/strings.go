package generators

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Alphabets for [StringOf] and [RuneFrom].
const (
	Digits         = "0123456789"
	LowerLetters   = "abcdefghijklmnopqrstuvwxyz"
	Letters        = LowerLetters + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	PrintableASCII = " !\"#$%&'()*+,-./" + Digits + ":;<=>?@" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "[\\]^_`" + LowerLetters + "{|}~"
)

// RuneFrom returns a generator of the runes of alphabet, shrinking towards
// its first rune. Duplicate runes in alphabet make them more likely.
func RuneFrom(alphabet string) Gen[rune] {
	runes := []rune(alphabet)
	if len(runes) == 0 || !utf8.ValidString(alphabet) {
		panic(fmt.Sprintf("generators: RuneFrom(%q): the alphabet must be non-empty valid UTF-8", alphabet))
	}
	pick := newChoice(uint64(len(runes) - 1))
	return Custom(fmt.Sprintf("RuneFrom(%q)", abbreviate(alphabet)), func(s *Source) rune {
		return runes[pick.draw(s)]
	})
}

// UnicodeRune returns a generator of valid Unicode scalar values (no
// surrogates), shrinking towards 'a'; it favours ASCII.
func UnicodeRune() Gen[rune] {
	ascii := RuneFrom("a" + PrintableASCII)
	any := Map(IntRange[rune](0, utf8.MaxRune-0x800), func(r rune) rune {
		if r >= 0xD800 { // skip the surrogate block
			r += 0x800
		}
		return r
	})
	return Frequency(Weighted[rune]{3, ascii}, Weighted[rune]{1, any})
}

// StringOf returns a generator of strings over alphabet, of any length.
func StringOf(alphabet string) Gen[string] { return StringOfN(alphabet, 0, -1) }

// StringOfN returns a generator of strings over alphabet with a length in
// runes in [minLen, maxLen] (maxLen < 0 means no upper bound). It shrinks
// towards shorter strings of the alphabet's first rune.
//
// In a special case (see [Source.SpecialCase]) it also draws the shortest
// string and the constants made of the alphabet's runes whose length fits.
func StringOfN(alphabet string, minLen, maxLen int) Gen[string] {
	plain := StringFrom(RuneFrom(alphabet), minLen, maxLen)
	first := strings.Repeat(string([]rune(alphabet)[0]), minLen)
	fits := func(v string) bool {
		n := utf8.RuneCountInString(v)
		if n < minLen || (maxLen >= 0 && n > maxLen) {
			return false
		}
		for _, r := range v {
			if !strings.ContainsRune(alphabet, r) {
				return false
			}
		}
		return true
	}
	return Custom(plain.String(), func(s *Source) string {
		v := plain.Draw(s)
		if s.special != nil {
			switch k, consts := s.kind(); k {
			case kindConstant:
				if v, ok := pickString(s, consts.Strings, fits); ok {
					s.noteConstant(consts)
					return v
				}
				fallthrough
			case kindBoundary:
				s.note(KindBoundary)
				return first
			}
		}
		return v
	})
}

// StringFrom returns a generator of strings made of runes from r, with a
// length in runes in [minLen, maxLen].
func StringFrom(r Gen[rune], minLen, maxLen int) Gen[string] {
	runes := SliceOfN(r, minLen, maxLen)
	return Custom(fmt.Sprintf("StringFrom(%s, %d, %d)", r, minLen, maxLen), func(s *Source) string {
		return string(runes.Draw(s))
	})
}

func abbreviate(s string) string {
	if len(s) <= 24 {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == 20 {
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String() + "…"
}
