package term

import (
	"errors"
	"fmt"
	"strconv"
)

// Arity is the number of arguments an operation takes: between Min and Max
// inclusive, or at least Min when Max is negative (variadic).
type Arity struct {
	Min, Max int
}

// Fixed is the arity of an operation taking exactly n arguments.
func Fixed(n int) Arity { return Arity{n, n} }

// Between is the arity of an operation taking min to max arguments.
func Between(min, max int) Arity { return Arity{min, max} }

// Variadic is the arity of an operation taking min or more arguments.
func Variadic(min int) Arity { return Arity{min, -1} }

// Allows reports whether n arguments are allowed.
func (a Arity) Allows(n int) bool { return n >= a.Min && (a.Max < 0 || n <= a.Max) }

// IsVariadic reports whether the arity has no upper bound.
func (a Arity) IsVariadic() bool { return a.Max < 0 }

// String prints the arity: "2", "1..3" or "2+".
func (a Arity) String() string {
	switch {
	case a.Max < 0:
		return strconv.Itoa(a.Min) + "+"
	case a.Min == a.Max:
		return strconv.Itoa(a.Min)
	}
	return fmt.Sprintf("%d..%d", a.Min, a.Max)
}

// Operation declares one operation of a signature.
type Operation struct {
	Name  string
	Arity Arity
	// Args are the sorts of the arguments. Empty means untyped. Otherwise
	// argument i has sort Args[min(i, len(Args)-1)]: give one sort per
	// argument, or a last sort that repeats for a range or variadic arity.
	Args []string
	// Result is the sort of the result; "" means untyped.
	Result string
}

// ArgSort returns the sort of argument i (0-based), "" if untyped.
func (o Operation) ArgSort(i int) string {
	if len(o.Args) == 0 {
		return ""
	}
	return o.Args[min(i, len(o.Args)-1)]
}

// Signature is a set of operations, an optional identity term, and the
// sorts of variables.
type Signature struct {
	ops   map[string]Operation
	order []string
	// Identity, when not nil, is a neutral element (such as id() or e())
	// that the term shrinker tries as a replacement for subterms.
	identity *Term
	varSorts map[string]string
}

// ErrIllTyped is matched (with errors.Is) by every [*TypeError].
var ErrIllTyped = errors.New("term: ill-typed term")

// TypeError reports a term that does not fit its signature, at the path of
// argument positions (1-based) from the root to the bad node.
type TypeError struct {
	Path []int
	Term string // the bad subterm
	Msg  string
}

// Error names the bad subterm, where it is and what is wrong.
func (e *TypeError) Error() string {
	where := "at the root"
	if len(e.Path) > 0 {
		where = "at argument path " + fmt.Sprint(e.Path)
	}
	return fmt.Sprintf("term: %s %s: %s", e.Term, where, e.Msg)
}

// Is makes errors.Is(err, ErrIllTyped) true.
func (e *TypeError) Is(target error) bool { return target == ErrIllTyped }

// NewSignature returns the signature of ops. It rejects empty or duplicate
// names and arities with Min < 0 or Max < Min.
func NewSignature(ops ...Operation) (*Signature, error) {
	s := &Signature{ops: map[string]Operation{}, varSorts: map[string]string{}}
	for _, o := range ops {
		if o.Name == "" {
			return nil, errors.New("term: an operation without a name")
		}
		if _, dup := s.ops[o.Name]; dup {
			return nil, fmt.Errorf("term: operation %q declared twice", o.Name)
		}
		if o.Arity.Min < 0 || (o.Arity.Max >= 0 && o.Arity.Max < o.Arity.Min) {
			return nil, fmt.Errorf("term: operation %q has an invalid arity %d..%d", o.Name, o.Arity.Min, o.Arity.Max)
		}
		s.ops[o.Name] = o
		s.order = append(s.order, o.Name)
	}
	return s, nil
}

// MustSignature is NewSignature for signatures known to be valid.
func MustSignature(ops ...Operation) *Signature {
	s, err := NewSignature(ops...)
	if err != nil {
		panic(err)
	}
	return s
}

// WithIdentity returns a copy of s whose identity element is id.
func (s *Signature) WithIdentity(id *Term) *Signature {
	c := *s
	c.identity = id
	return &c
}

// WithVarSort returns a copy of s in which variable name has sort.
func (s *Signature) WithVarSort(name, sort string) *Signature {
	c := *s
	c.varSorts = map[string]string{}
	for k, v := range s.varSorts {
		c.varSorts[k] = v
	}
	c.varSorts[name] = sort
	return &c
}

// Identity returns the identity element, or nil.
func (s *Signature) Identity() *Term { return s.identity }

// Lookup returns the operation named name.
func (s *Signature) Lookup(name string) (Operation, bool) {
	o, ok := s.ops[name]
	return o, ok
}

// Operations returns the operations in declaration order.
func (s *Signature) Operations() []Operation {
	out := make([]Operation, len(s.order))
	for i, n := range s.order {
		out[i] = s.ops[n]
	}
	return out
}

// Check reports whether t is well formed: every operation is declared and
// applied to an allowed number of arguments of the right sorts, and the
// term has sort want ("" accepts any sort).
func (s *Signature) Check(t *Term, want string) error {
	_, err := s.check(t, want, nil)
	return err
}

// SortOf returns the sort of a well-formed term ("" if untyped).
func (s *Signature) SortOf(t *Term) (string, error) {
	return s.check(t, "", nil)
}

func (s *Signature) check(t *Term, want string, path []int) (string, error) {
	bad := func(format string, args ...any) (string, error) {
		return "", &TypeError{Path: append([]int(nil), path...), Term: t.String(), Msg: fmt.Sprintf(format, args...)}
	}
	var got string
	switch t.Kind() {
	case Var:
		got = s.varSorts[t.Name()]
	case Const:
		got = "" // constants take the sort their position wants
		return want, nil
	case App:
		o, ok := s.ops[t.Name()]
		if !ok {
			return bad("unknown operation %q", t.Name())
		}
		if !o.Arity.Allows(t.NumArgs()) {
			args := "arguments"
			if o.Arity.String() == "1" {
				args = "argument"
			}
			return bad("%s takes %s %s, not %d", o.Name, o.Arity, args, t.NumArgs())
		}
		for i := 0; i < t.NumArgs(); i++ {
			if _, err := s.check(t.Arg(i), o.ArgSort(i), append(path, i+1)); err != nil {
				return "", err
			}
		}
		got = o.Result
	}
	if want != "" && got != "" && got != want {
		return bad("has sort %s where %s is expected", got, want)
	}
	if got == "" {
		got = want
	}
	return got, nil
}

// VarSorts infers the sort of every variable of t from the positions it
// occupies (an untyped position says nothing), when t has sort want. It
// reports a variable used at two different sorts, or a variable with a
// declared sort used at another.
func (s *Signature) VarSorts(t *Term, want string) (map[string]string, error) {
	out := map[string]string{}
	var walk func(t *Term, want string, path []int) error
	walk = func(t *Term, want string, path []int) error {
		switch t.Kind() {
		case Var:
			sort := want
			if declared, ok := s.varSorts[t.Name()]; ok && declared != "" {
				if want != "" && declared != want {
					return &TypeError{Path: path, Term: t.String(), Msg: fmt.Sprintf("variable %s has sort %s where %s is expected", t.Name(), declared, want)}
				}
				sort = declared
			}
			if prev, ok := out[t.Name()]; ok && prev != "" && sort != "" && prev != sort {
				return &TypeError{Path: path, Term: t.String(), Msg: fmt.Sprintf("variable %s is used at sorts %s and %s", t.Name(), prev, sort)}
			}
			if out[t.Name()] == "" {
				out[t.Name()] = sort
			}
		case App:
			o, ok := s.ops[t.Name()]
			if !ok {
				return &TypeError{Path: path, Term: t.String(), Msg: fmt.Sprintf("unknown operation %q", t.Name())}
			}
			for i := 0; i < t.NumArgs(); i++ {
				if err := walk(t.Arg(i), o.ArgSort(i), append(path, i+1)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := s.Check(t, want); err != nil {
		return nil, err
	}
	return out, walk(t, want, nil)
}
