package classic_test

import (
	"strconv"
	"strings"
	"unsafe"

	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/classic"
)

func in(k int) *term.Term { return term.Variable("x" + strconv.Itoa(k)) }

func substitute(t *term.Term, to func(k int) *term.Term) *term.Term {
	switch t.Kind() {
	case term.Var:
		k, _ := strconv.Atoi(strings.TrimPrefix(t.Name(), "x"))
		return to(k)
	case term.Const:
		return t
	}
	args := t.Args()
	for i, a := range args {
		args[i] = substitute(a, to)
	}
	return term.Apply(t.Name(), args...)
}

// unchecked builds a Fn without NewFn's validation, as a buggy operad
// would: its body may mention inputs beyond its arity.
func unchecked(n int, body *term.Term) classic.Fn {
	if f, err := classic.NewFn(n, body); err == nil {
		return f
	}
	type fn struct {
		arity int
		body  *term.Term
	}
	f := fn{n, body}
	return *(*classic.Fn)(unsafe.Pointer(&f))
}

func isIdentity(f classic.Fn) bool { return f.Arity() == 1 && f.Body().String() == "x1" }
