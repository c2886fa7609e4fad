package poly

import (
	"strconv"
	"strings"
)

// Kind says which case of the [Value] sum a value is.
type Kind uint8

const (
	// KindUnit is the single value unit().
	KindUnit Kind = iota + 1
	// KindBool is true or false.
	KindBool
	// KindInt is a 64-bit integer.
	KindInt
	// KindString is a string.
	KindString
	// KindPair is a pair of values.
	KindPair
)

// String returns the kind's name as types print it: unit, bool, int,
// string or pair.
func (k Kind) String() string {
	switch k {
	case KindUnit:
		return "unit"
	case KindBool:
		return "bool"
	case KindInt:
		return "int"
	case KindString:
		return "string"
	case KindPair:
		return "pair"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is the uniform dynamic value that agents take as states, inputs
// and outputs: a closed sum of [Unit], [Bool], [Int], [Str] and [Pair].
// Values are comparable with == (a Pair compares its components) and can be
// map keys; they print in the term syntax of package laws/term: unit(),
// true, 3, "s", pair(1, true). A nil Value is not a value: no agent accepts
// it.
type Value interface {
	// Kind returns the case of the sum.
	Kind() Kind
	// String prints the value in the term syntax.
	String() string
	isValue()
}

// Unit is the value unit(): the state of an agent that has one, the output
// of the empty parallel composition.
type Unit struct{}

// Bool is a boolean value.
type Bool bool

// Int is an integer value.
type Int int64

// Str is a string value.
type Str string

// Pair is a pair of values, the state of a binary composition and the
// output of a parallel one. Both components must be values (not nil).
type Pair struct{ L, R Value }

// P returns the pair (l, r). Pairs of two small non-negative ints (the
// states of two small tables), and pairs of such a pair with a small int
// on either side (the states of three), are boxed once, ahead of time, so
// that a composition stepping such states allocates nothing for them.
func P(l, r Value) Value {
	switch a := l.(type) {
	case Int:
		if a < 0 || a >= smallPairN {
			break
		}
		switch b := r.(type) {
		case Int:
			if b >= 0 && b < smallPairN {
				return smallPairs[a][b]
			}
		case Pair:
			if i, j, ok := smallInts(b, smallTripleN); ok && a < smallTripleN {
				return smallRight[a][i][j]
			}
		}
	case Pair:
		if b, ok := r.(Int); ok && b >= 0 && b < smallTripleN {
			if i, j, ok := smallInts(a, smallTripleN); ok {
				return smallLeft[i][j][b]
			}
		}
	}
	return Pair{l, r}
}

func smallInts(p Pair, n Int) (Int, Int, bool) {
	a, ok1 := p.L.(Int)
	b, ok2 := p.R.(Int)
	return a, b, ok1 && ok2 && a >= 0 && a < n && b >= 0 && b < n
}

const (
	smallPairN   = 8
	smallTripleN = 4
)

var smallPairs = func() (t [smallPairN][smallPairN]Value) {
	for i := range t {
		for j := range t[i] {
			t[i][j] = Pair{Int(i), Int(j)}
		}
	}
	return t
}()

// smallLeft[i][j][k] is pair(pair(i, j), k); smallRight[i][j][k] is
// pair(i, pair(j, k)).
var smallLeft, smallRight = func() (l, r [smallTripleN][smallTripleN][smallTripleN]Value) {
	for i := range l {
		for j := range l[i] {
			for k := range l[i][j] {
				l[i][j][k] = Pair{smallPairs[i][j], Int(k)}
				r[i][j][k] = Pair{Int(i), smallPairs[j][k]}
			}
		}
	}
	return
}()

// Kind returns KindUnit.
func (Unit) Kind() Kind { return KindUnit }

// Kind returns KindBool.
func (Bool) Kind() Kind { return KindBool }

// Kind returns KindInt.
func (Int) Kind() Kind { return KindInt }

// Kind returns KindString.
func (Str) Kind() Kind { return KindString }

// Kind returns KindPair.
func (Pair) Kind() Kind { return KindPair }

func (Unit) isValue() {}
func (Bool) isValue() {}
func (Int) isValue()  {}
func (Str) isValue()  {}
func (Pair) isValue() {}

// String returns "unit()".
func (Unit) String() string { return "unit()" }

// String returns "true" or "false".
func (b Bool) String() string { return strconv.FormatBool(bool(b)) }

// String returns the integer in decimal.
func (i Int) String() string { return strconv.FormatInt(int64(i), 10) }

// String returns the string Go-quoted, as the term parser reads it.
func (s Str) String() string { return strconv.Quote(string(s)) }

// String returns "pair(l, r)".
func (p Pair) String() string {
	var b strings.Builder
	writeValue(&b, p)
	return b.String()
}

func writeValue(b *strings.Builder, v Value) {
	switch x := v.(type) {
	case nil:
		b.WriteString("nil")
	case Pair:
		b.WriteString("pair(")
		writeValue(b, x.L)
		b.WriteString(", ")
		writeValue(b, x.R)
		b.WriteByte(')')
	default:
		b.WriteString(x.String())
	}
}

// Format prints v in the term syntax, and "nil" for a nil Value.
func Format(v Value) string {
	var b strings.Builder
	writeValue(&b, v)
	return b.String()
}

// Truthy is the truth of a predicate's output, as Python reads it: false,
// 0, "" and unit() are false, every other value (and every pair) is true.
// Branch and fix read their predicates' outputs with it.
func Truthy(v Value) bool {
	switch x := v.(type) {
	case Bool:
		return bool(x)
	case Int:
		return x != 0
	case Str:
		return x != ""
	case Pair:
		return true
	}
	return false
}

// Leaves returns the components of v with every nesting of pairs
// flattened, left to right: pair(pair(1, 2), 3) and pair(1, pair(2, 3))
// both give [1 2 3]. A value that is not a pair is its own single leaf.
func Leaves(v Value) []Value {
	var out []Value
	var walk func(Value)
	walk = func(v Value) {
		if p, ok := v.(Pair); ok {
			walk(p.L)
			walk(p.R)
			return
		}
		out = append(out, v)
	}
	walk(v)
	return out
}

// Tuple returns vs as right-nested pairs, the shape of a variadic parallel
// composition's output: unit() for none, the value itself for one,
// pair(v1, pair(v2, v3)) for three.
func Tuple(vs ...Value) Value {
	switch len(vs) {
	case 0:
		return Unit{}
	case 1:
		return vs[0]
	}
	return Pair{vs[0], Tuple(vs[1:]...)}
}

// Reassociate returns v with its nested pairs reassociated to the right:
// pair(pair(1, 2), 3) becomes pair(1, pair(2, 3)). Two values are equal up
// to reassociation of pairs exactly when their reassociations are equal.
func Reassociate(v Value) Value {
	if _, ok := v.(Pair); !ok {
		return v
	}
	return Tuple(Leaves(v)...)
}
