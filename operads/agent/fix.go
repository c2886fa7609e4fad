package agent

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/kgents/kgents-core/operads/poly"
)

// DefaultFixBound is the number of body iterations a fix allows in one
// step unless told otherwise; kgents' fix counted to 10.
const DefaultFixBound = 10

// ErrBound is matched (with errors.Is) by every [*BoundError].
var ErrBound = errors.New("agent: fix reached its bound")

// BoundError reports a fix step that iterated its body Bound times
// without the predicate holding: the outcome kgents' fix turned into a
// silent None. Last is the body's last output.
type BoundError struct {
	Agent string
	Bound int
	Input poly.Value
	Last  poly.Value
}

// Error names the fix, the bound, the input and the last output.
func (e *BoundError) Error() string {
	return fmt.Sprintf("agent: %s: predicate did not hold within %d iterations from input %s (last output %s)",
		e.Agent, e.Bound, poly.Format(e.Input), poly.Format(e.Last))
}

// Is makes errors.Is(err, ErrBound) true.
func (e *BoundError) Is(target error) bool { return target == ErrBound }

// Fix returns fix(p, body) with [DefaultFixBound].
func Fix(p, body poly.Agent) poly.Agent { return FixN(DefaultFixBound, p, body) }

// FixN returns fix(p, body) bounded by bound iterations, a real bounded
// fixpoint: one step runs body on the input, then p on body's output; if p
// holds ([poly.Truthy]) the step outputs body's output, otherwise body runs
// again on its own output, at most bound times in all. If the bound is
// reached the step fails with a [*BoundError] and the state does not move.
// Positions are pair(sp, sb); the step accepts what body accepts; both
// states advance with every iteration. A bound below 1 is taken as 1.
//
// It satisfies, for the step from state (sp, sb) on x, with fix_N the fix
// of bound N:
//
//	fix_N(p, f)(x) = f(x)                  if p(f(x)) holds
//	               = fix_{N-1}(p, f)(f(x))  otherwise (N > 1), from the advanced states
//	               = the bound reached      otherwise (N = 1)
func FixN(bound int, p, body poly.Agent) poly.Agent {
	bound = max(bound, 1)
	name := func() string {
		if bound != DefaultFixBound {
			return "fix_" + strconv.Itoa(bound) + "(" + p.Name() + ", " + body.Name() + ")"
		}
		return "fix(" + p.Name() + ", " + body.Name() + ")"
	}
	var self poly.Agent
	self = poly.MustNew(poly.Spec{
		NameFunc:  name,
		Positions: poly.Product(p.Positions(), body.Positions()),
		Initial:   poly.P(p.Initial(), body.Initial()),
		Directions: func(s poly.Value) poly.Directions {
			return body.DirectionsIn(s.(poly.Pair).R)
		},
		Step: func(s, x poly.Value) (poly.Value, poly.Value, error) {
			sp, sb := s.(poly.Pair).L, s.(poly.Pair).R
			y := x
			for range bound {
				var err error
				var c poly.Value
				if sb, y, err = body.Step(sb, y); err != nil {
					return s, nil, err
				}
				if sp, c, err = p.Step(sp, y); err != nil {
					return s, nil, err
				}
				if poly.Truthy(c) {
					return pairOf(s, sp, sb), y, nil
				}
			}
			return s, nil, &BoundError{Agent: self.Name(), Bound: bound, Input: x, Last: y}
		},
		Stateless:       p.Stateless() && body.Stateless(),
		PartsCheckInput: true,
	})
	return self
}
