package poly

import "strings"

// Type describes a set of values in the term syntax: "unit", "bool", "int",
// "string" and "pair(A, B)" for types A and B. Generated agents and typed
// terms carry types; [Type.Has] tells whether a value is of a type.
type Type string

// The base types.
const (
	TUnit   Type = "unit"
	TBool   Type = "bool"
	TInt    Type = "int"
	TString Type = "string"
)

// PairOf returns the type pair(a, b).
func PairOf(a, b Type) Type { return Type("pair(" + string(a) + ", " + string(b) + ")") }

// TupleOf returns the type of [Tuple] of values of types ts: unit for
// none, the type itself for one, right-nested pairs otherwise.
func TupleOf(ts ...Type) Type {
	switch len(ts) {
	case 0:
		return TUnit
	case 1:
		return ts[0]
	}
	return PairOf(ts[0], TupleOf(ts[1:]...))
}

// TypeOf returns the type of v ("" for nil).
func TypeOf(v Value) Type {
	switch x := v.(type) {
	case Unit:
		return TUnit
	case Bool:
		return TBool
	case Int:
		return TInt
	case Str:
		return TString
	case Pair:
		return PairOf(TypeOf(x.L), TypeOf(x.R))
	}
	return ""
}

// Has reports whether v is a value of type t.
func (t Type) Has(v Value) bool {
	rest, ok := match(string(t), v)
	return ok && rest == ""
}

// Split returns the components of a pair type.
func (t Type) Split() (a, b Type, ok bool) {
	s := string(t)
	if !strings.HasPrefix(s, "pair(") || !strings.HasSuffix(s, ")") {
		return "", "", false
	}
	inner := s[len("pair(") : len(s)-1]
	depth := 0
	for i := 0; i < len(inner); i++ {
		switch inner[i] {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				return Type(inner[:i]), Type(strings.TrimPrefix(inner[i+1:], " ")), true
			}
		}
	}
	return "", "", false
}

// match consumes the type of v from the front of t, without allocating.
func match(t string, v Value) (string, bool) {
	eat := func(word string) (string, bool) {
		if strings.HasPrefix(t, word) {
			return t[len(word):], true
		}
		return t, false
	}
	switch x := v.(type) {
	case Unit:
		return eat("unit")
	case Bool:
		return eat("bool")
	case Int:
		return eat("int")
	case Str:
		return eat("string")
	case Pair:
		rest, ok := eat("pair(")
		if !ok {
			return t, false
		}
		if rest, ok = match(rest, x.L); !ok {
			return t, false
		}
		if !strings.HasPrefix(rest, ", ") {
			return t, false
		}
		if rest, ok = match(rest[2:], x.R); !ok || !strings.HasPrefix(rest, ")") {
			return t, false
		}
		return rest[1:], true
	}
	return t, false
}
