package laws

import (
	"fmt"

	"github.com/kgents/kgents-core/generators"
)

// ArityGenerators is an optional interface of an [Operad]: an operad that
// knows how a generator of its operations is built can give the
// operations of at least an arity directly (drawing the arity first, then
// only operations of that arity), instead of drawing whole operations and
// discarding those of too small an arity. The laws use it when the operad
// implements it and knows the generator, and filter otherwise.
type ArityGenerators[Op any] interface {
	// OperationsOfArityAtLeast returns a generator of the operations gen
	// yields whose arity is at least n, with ok true, or ok false when it
	// does not know gen or gen yields no operation of arity n or more.
	OperationsOfArityAtLeast(gen generators.Gen[Op], n int) (g generators.Gen[Op], ok bool)
}

// arityAtLeast draws the operations of gen whose arity is at least n,
// which laws such as right_unit need (f ∘ᵢ id needs an input i): from
// the operad's own generator when o is an [ArityGenerators] that knows
// gen, else by filtering gen. The arity of every operation is checked
// either way, so a faulty ArityGenerators cannot slip in a smaller one.
// When no operation of arity n comes in generators.FilterAttempts
// draws, it fails with an *ArityError that says so in the operad's
// terms.
func arityAtLeast[Op any](o any, gen generators.Gen[Op], n int, arity func(Op) int) generators.Gen[Op] {
	name := fmt.Sprintf("operations of arity ≥ %d from %s", n, gen)
	from := gen
	if ag, ok := o.(ArityGenerators[Op]); ok {
		if direct, ok := ag.OperationsOfArityAtLeast(gen, n); ok {
			from = direct
		}
	}
	return generators.Custom(name, func(s *generators.Source) Op {
		for range generators.FilterAttempts {
			if f := from.Draw(s); arity(f) >= n {
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

// Error says which arity the laws need and what to do about it.
func (e *ArityError) Error() string {
	return fmt.Sprintf("the operad laws need operations of arity at least %d, and the generator %s yielded none in %d draws: make it generate some (or register only the laws that apply)",
		e.Need, e.Gen, generators.FilterAttempts)
}

// Unwrap returns the underlying filter error.
func (e *ArityError) Unwrap() error { return e.filter }
