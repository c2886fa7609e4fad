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
// the deadline passes. It returns the smallest case, the number of
// candidates tried, whether the deadline stopped it and whether it
// improved the case.
func postShrink(law Law, final outcome, deadline time.Time) (outcome, int, bool, bool) {
	cur := final
	tries := 0
	accepted := false
	scratch := &Draws{}
	for {
		improved := false
	bindings:
		for i, b := range cur.bindings {
			if b.shrink == nil {
				continue
			}
			for _, cand := range b.shrink() {
				if time.Now().After(deadline) {
					return cur, tries, true, accepted
				}
				values, shrinks := valuesOf(cur)
				values[i], shrinks[i] = cand.value, cand.next
				tries++
				if o := evalWith(law, generators.Replay(nil), values, shrinks, scratch); o.sameFailure(cur) {
					cur = o
					improved, accepted = true, true
					break bindings
				}
			}
		}
		if !improved {
			return cur, tries, false, accepted
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

// valuesOf returns the values of o's bindings and their structural shrink
// candidates, to re-evaluate the case with some of them changed.
func valuesOf(o outcome) ([]any, []func() []shrinkCand) {
	values := make([]any, len(o.bindings))
	shrinks := make([]func() []shrinkCand, len(o.bindings))
	for j, b := range o.bindings {
		values[j], shrinks[j] = b.Value, b.shrink
	}
	return values, shrinks
}
