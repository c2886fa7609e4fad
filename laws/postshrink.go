package laws

import (
	"time"

	"github.com/kgents/kgents-core/generators"
)

// postShrink continues shrinking a counterexample after the engine, with
// the structural shrinkers of the generators its variables came from (the
// term shrinker for terms): it tries each candidate of each variable in
// turn, re-evaluating the law with that value in place, keeps the first
// that fails the same way, and starts again, until no candidate does or
// the deadline passes. It returns the smallest case and the number of
// candidates tried, and whether the deadline stopped it.
func postShrink(law Law, final outcome, deadline time.Time) (outcome, int, bool) {
	cur := final
	tries := 0
	for {
		improved := false
	bindings:
		for i, b := range cur.bindings {
			if b.shrink == nil {
				continue
			}
			for _, cand := range b.shrink(b.Value) {
				if time.Now().After(deadline) {
					return cur, tries, true
				}
				values := make([]any, len(cur.bindings))
				for j, bj := range cur.bindings {
					values[j] = bj.Value
				}
				values[i] = cand
				tries++
				if o := evalWith(law, generators.Replay(nil), values, nil); o.sameFailure(cur) {
					cur = o
					improved = true
					break bindings
				}
			}
		}
		if !improved {
			return cur, tries, false
		}
	}
}

// hasStructuralShrinker reports whether any variable of o can shrink
// structurally.
func hasStructuralShrinker(o outcome) bool {
	for _, b := range o.bindings {
		if b.shrink != nil {
			return true
		}
	}
	return false
}
