package laws

import (
	"fmt"

	"github.com/kgents/kgents-core/generators"
)

// arityAtLeast draws the operations of gen whose arity is at least n,
// which laws such as right_unit need (f ∘ᵢ id needs an input i). When gen
// yields none in generators.FilterAttempts draws, it fails with an
// *ArityError that says so in the operad's terms.
func arityAtLeast[Op any](gen generators.Gen[Op], n int, arity func(Op) int) generators.Gen[Op] {
	name := fmt.Sprintf("operations of arity ≥ %d from %s", n, gen)
	return generators.Custom(name, func(s *generators.Source) Op {
		for range generators.FilterAttempts {
			if f := gen.Draw(s); arity(f) >= n {
				return f
			}
		}
		panic(&ArityError{Need: n, Gen: gen.String(), filter: &generators.FilterError{Gen: name, Attempts: generators.FilterAttempts}})
	})
}

// ArityError reports a generator of operations that yields no operation of
// the arity some operad laws need. It matches generators.ErrFilterTooStrict
// (and errors.As finds its *generators.FilterError), so a law that needs
// it is errored, never passed.
type ArityError struct {
	Need   int    // the least arity the laws need
	Gen    string // the generator of operations
	filter *generators.FilterError
}

func (e *ArityError) Error() string {
	return fmt.Sprintf("the operad laws need operations of arity at least %d, and the generator %s yielded none in %d draws: make it generate some (or register only the laws that apply)",
		e.Need, e.Gen, generators.FilterAttempts)
}

// Unwrap returns the underlying filter error.
func (e *ArityError) Unwrap() error { return e.filter }
