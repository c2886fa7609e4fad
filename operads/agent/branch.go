package agent

import "github.com/kgents/kgents-core/operads/poly"

// Branch returns branch(p, t, f), kgents' conditional: positions are
// pair(sp, pair(st, sf)) (a triple); it accepts what the predicate accepts
// (kgents' rule: the arms' directions are not consulted, so an arm may
// refuse an input the branch accepted, and the step then fails with the
// arm's rejection); a step runs p on the input, and then t if p's output is
// true ([poly.Truthy]) or f otherwise, on the original input. Only p and
// the chosen arm advance; each arm keeps its own state, so branch(p, a, a)
// is not a when a has state.
func Branch(p, t, f poly.Agent) poly.Agent {
	return poly.MustNew(poly.Spec{
		NameFunc:  func() string { return termN("branch", []poly.Agent{p, t, f}) },
		Positions: poly.Product(p.Positions(), t.Positions(), f.Positions()),
		Initial:   poly.Tuple(p.Initial(), t.Initial(), f.Initial()),
		Directions: func(s poly.Value) poly.Directions {
			return p.DirectionsIn(s.(poly.Pair).L)
		},
		Step: func(s, x poly.Value) (poly.Value, poly.Value, error) {
			sp, arms := s.(poly.Pair).L, s.(poly.Pair).R.(poly.Pair)
			sp2, c, err := p.Step(sp, x)
			if err != nil {
				return s, nil, err
			}
			if poly.Truthy(c) {
				st, y, err := t.Step(arms.L, x)
				if err != nil {
					return s, nil, err
				}
				return pairOf(s, sp2, pairOf(arms, st, arms.R)), y, nil
			}
			sf, y, err := f.Step(arms.R, x)
			if err != nil {
				return s, nil, err
			}
			return pairOf(s, sp2, pairOf(arms, arms.L, sf)), y, nil
		},
		Stateless:       p.Stateless() && t.Stateless() && f.Stateless(),
		PartsCheckInput: true,
	})
}
