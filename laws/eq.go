package laws

import (
	"fmt"
	"reflect"

	"github.com/google/go-cmp/cmp"
)

// Eq is an explicit equality on T, used to compare the two sides of a law.
// It also produces the diff shown in a failure report.
//
// The zero Eq is [DefaultEq] without options: cmp.Equal. An Eq must be an
// equivalence relation (reflexive, symmetric, transitive, deterministic,
// pure); [EqLaws] checks that on generated values.
type Eq[T any] struct {
	name  string
	equal func(a, b T) bool
	diff  func(a, b T) string
}

// DefaultEq returns equality by cmp.Equal with opts (for example
// cmpopts.EquateApprox, or a cmp.Transformer to a canonical form for
// "equal up to isomorphism"); its diff is cmp.Diff with the same options.
// Without options, values of basic kinds (bool, numbers, strings) compare
// with ==, which is what cmp.Equal does for them, only faster.
func DefaultEq[T any](opts ...cmp.Option) Eq[T] {
	name := "cmp.Equal"
	if len(opts) > 0 {
		name = fmt.Sprintf("cmp.Equal with %d options", len(opts))
	}
	e := Eq[T]{
		name:  name,
		equal: func(a, b T) bool { return cmp.Equal(a, b, opts...) },
		diff:  func(a, b T) string { return cmp.Diff(a, b, opts...) },
	}
	if len(opts) == 0 && isBasic[T]() {
		e.equal = func(a, b T) bool { return any(a) == any(b) }
	}
	return e
}

// Comparable returns equality by Go's ==.
func Comparable[T comparable]() Eq[T] {
	return Eq[T]{name: "==", equal: func(a, b T) bool { return a == b }}
}

// EqFunc returns the equality decided by equal. Its diff is cmp.Diff when
// cmp can compare T, and otherwise none. name appears in reports.
func EqFunc[T any](name string, equal func(a, b T) bool) Eq[T] {
	if equal == nil {
		panic("laws: EqFunc with a nil function")
	}
	return Eq[T]{name: name, equal: equal}
}

// WithDiff returns e with diff as the function that explains why two
// values differ in a failure report.
func (e Eq[T]) WithDiff(diff func(a, b T) string) Eq[T] {
	e.diff = diff
	return e
}

// Equal reports whether a and b are equal.
func (e Eq[T]) Equal(a, b T) bool {
	if e.equal == nil {
		return cmp.Equal(a, b)
	}
	return e.equal(a, b)
}

// Diff explains how a and b differ: the Eq's own diff, else cmp.Diff, and
// "" when cmp cannot compare T (for example a struct with unexported
// fields and no options).
func (e Eq[T]) Diff(a, b T) (d string) {
	if e.diff != nil {
		return e.diff(a, b)
	}
	defer func() {
		if recover() != nil {
			d = ""
		}
	}()
	return cmp.Diff(a, b)
}

// String names the equality, for reports.
func (e Eq[T]) String() string {
	if e.name == "" {
		return "cmp.Equal"
	}
	return e.name
}

func (e Eq[T]) diffAny(a, b any) string { return e.Diff(a.(T), b.(T)) }

func isBasic[T any]() bool {
	t := reflect.TypeFor[T]()
	if t.Kind() == reflect.Interface {
		return false
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128, reflect.String:
		// A named basic type with an Equal method is compared by that method in cmp.
		_, hasEqual := t.MethodByName("Equal")
		return !hasEqual
	}
	return false
}
