package term

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Kind says what a term node is.
type Kind uint8

const (
	// Var is a variable, such as x.
	Var Kind = iota
	// Const is a constant value, such as 3 or "abc".
	Const
	// App is an operation applied to arguments, such as seq(a, b) or id().
	App
)

// String returns "variable", "constant" or "application".
func (k Kind) String() string {
	switch k {
	case Var:
		return "variable"
	case Const:
		return "constant"
	case App:
		return "application"
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// A Term is a tree of named operations over variables and constants.
// Terms are immutable: build them with [Variable], [Constant] and [Apply],
// and read them with the accessor methods. A nil *Term is not a term.
type Term struct {
	kind  Kind
	name  string // variable or operation name
	value any    // constant value
	args  []*Term
	size  int
}

// Variable returns the variable named name.
func Variable(name string) *Term { return &Term{kind: Var, name: name, size: 1} }

// Constant returns a constant term holding v. Constants the parser reads
// are int64, float64, string and bool; generated terms may hold any
// value, printed with [FormatConstant].
func Constant(v any) *Term { return &Term{kind: Const, value: v, size: 1} }

// Apply returns the application of operation op to args. It panics if an
// argument is nil.
func Apply(op string, args ...*Term) *Term {
	for i, a := range args {
		if a == nil {
			panic(fmt.Sprintf("term: Apply(%q): argument %d is nil", op, i+1))
		}
	}
	t := newApp(op, len(args))
	copy(t.args, args)
	t.sized()
	return t
}

// newApp returns an application of op with n argument slots, to be filled
// (and then sized) before the term is shared. Generation, substitution
// and evaluation build many small terms: for one or two arguments, the
// node and its slots are one allocation.
func newApp(op string, n int) *Term {
	switch n {
	case 0:
		return &Term{kind: App, name: op}
	case 1:
		a := &struct {
			t    Term
			args [1]*Term
		}{}
		a.t = Term{kind: App, name: op, args: a.args[:]}
		return &a.t
	case 2:
		a := &struct {
			t    Term
			args [2]*Term
		}{}
		a.t = Term{kind: App, name: op, args: a.args[:]}
		return &a.t
	}
	return &Term{kind: App, name: op, args: make([]*Term, n)}
}

// sized sets the size of an application from its filled arguments.
func (t *Term) sized() {
	t.size = 1
	for _, a := range t.args {
		t.size += a.size
	}
}

// Kind returns what the node is.
func (t *Term) Kind() Kind { return t.kind }

// Name returns the variable's or the operation's name ("" for a constant).
func (t *Term) Name() string { return t.name }

// Value returns a constant's value (nil for other kinds).
func (t *Term) Value() any { return t.value }

// NumArgs returns the number of arguments of an application (0 otherwise).
func (t *Term) NumArgs() int { return len(t.args) }

// Arg returns argument i (0-based) of an application.
func (t *Term) Arg(i int) *Term { return t.args[i] }

// Args returns a copy of the arguments of an application.
func (t *Term) Args() []*Term { return append([]*Term(nil), t.args...) }

// Size returns the number of nodes of the term.
func (t *Term) Size() int { return t.size }

// Depth returns the height of the term: 1 for a leaf.
func (t *Term) Depth() int {
	d := 0
	for _, a := range t.args {
		d = max(d, a.Depth())
	}
	return d + 1
}

// Vars returns the variables of the term, each once, in order of first
// occurrence (left to right).
func (t *Term) Vars() []string {
	var out []string
	seen := map[string]bool{}
	t.Walk(func(u *Term) bool {
		if u.kind == Var && !seen[u.name] {
			seen[u.name] = true
			out = append(out, u.name)
		}
		return true
	})
	return out
}

// Walk calls f on every node in pre-order; f returns false to skip a
// node's children.
func (t *Term) Walk(f func(*Term) bool) {
	if f(t) {
		for _, a := range t.args {
			a.Walk(f)
		}
	}
}

// Equal reports whether two terms are the same tree, with constants
// compared by reflect.DeepEqual (so 1 and int64(1) differ).
func (t *Term) Equal(u *Term) bool {
	if t == u {
		return true
	}
	if t == nil || u == nil || t.kind != u.kind || t.name != u.name || len(t.args) != len(u.args) || t.size != u.size {
		return false
	}
	if t.kind == Const && !reflect.DeepEqual(t.value, u.value) {
		return false
	}
	for i := range t.args {
		if !t.args[i].Equal(u.args[i]) {
			return false
		}
	}
	return true
}

// String prints the term in the syntax [Parse] reads: seq(seq(a, b), c).
func (t *Term) String() string {
	var b strings.Builder
	t.write(&b)
	return b.String()
}

func (t *Term) write(b *strings.Builder) {
	switch t.kind {
	case Var:
		b.WriteString(t.name)
	case Const:
		b.WriteString(FormatConstant(t.value))
	case App:
		b.WriteString(t.name)
		b.WriteByte('(')
		for i, a := range t.args {
			if i > 0 {
				b.WriteString(", ")
			}
			a.write(b)
		}
		b.WriteByte(')')
	}
}

// FormatConstant prints a constant: integers in decimal, floats so that
// they read back as floats (1.0, not 1), strings quoted, booleans as true
// and false, and other values with %v.
func FormatConstant(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return formatFloat(x)
	case float32:
		return formatFloat(float64(x))
	case fmt.Stringer:
		return x.String()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(rv.Uint(), 10)
	}
	return fmt.Sprintf("%v", v)
}

func formatFloat(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'g', -1, 64) // not readable back: terms hold finite literals
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// Equation is an equation between two terms, lhs = rhs.
type Equation struct {
	LHS, RHS *Term
}

// String prints the equation as "lhs = rhs".
func (e Equation) String() string { return e.LHS.String() + " = " + e.RHS.String() }

// Vars returns the variables of both sides, each once, in order of first
// occurrence.
func (e Equation) Vars() []string {
	out := e.LHS.Vars()
	seen := map[string]bool{}
	for _, v := range out {
		seen[v] = true
	}
	for _, v := range e.RHS.Vars() {
		if !seen[v] {
			out = append(out, v)
		}
	}
	return out
}
