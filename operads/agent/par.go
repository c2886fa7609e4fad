package agent

import "github.com/kgents/kgents-core/operads/poly"

// Par returns par(l, r), kgents' parallel composition: positions are pairs
// (sl, sr); it accepts what both accept (any input is neutral: if one side
// accepts any input, the other side's directions are used, as in kgents);
// a step feeds the same input to both and outputs the pair of outputs.
//
// Par is associative only up to reassociation of pairs: par(par(a, b), c)
// outputs pair(pair(x, y), z) where par(a, par(b, c)) outputs
// pair(x, pair(y, z)).
func Par(l, r poly.Agent) poly.Agent {
	return poly.MustNew(poly.Spec{
		NameFunc:  func() string { return term2("par", l, r) },
		Positions: poly.Product(l.Positions(), r.Positions()),
		Initial:   poly.P(l.Initial(), r.Initial()),
		Directions: func(s poly.Value) poly.Directions {
			p := s.(poly.Pair)
			return l.DirectionsIn(p.L).Intersect(r.DirectionsIn(p.R))
		},
		Step: func(s, x poly.Value) (poly.Value, poly.Value, error) {
			p := s.(poly.Pair)
			sl, y, err := l.Step(p.L, x)
			if err != nil {
				return s, nil, err
			}
			sr, z, err := r.Step(p.R, x)
			if err != nil {
				return s, nil, err
			}
			return pairOf(s, sl, sr), poly.P(y, z), nil
		},
		Stateless:       l.Stateless() && r.Stateless(),
		PartsCheckInput: true,
	})
}

// ParN returns the variadic parallel composition par(a1, …, an): every
// part gets the same input and the output is the right-nested tuple of
// their outputs ([poly.Tuple]): unit() for no agent (which accepts any
// input, like kgents' empty composite), a itself for one agent. It equals
// the right fold par(a1, par(a2, … an)) exactly, and the left fold up to
// reassociation of pairs.
func ParN(as ...poly.Agent) poly.Agent {
	switch len(as) {
	case 0:
		return poly.Constant(poly.Unit{}).Renamed("par()")
	case 1:
		return as[0]
	}
	parts := append([]poly.Agent(nil), as...)
	ps := make([]poly.Positions, len(parts))
	inits := make([]poly.Value, len(parts))
	stateless := true
	for i, a := range parts {
		ps[i], inits[i] = a.Positions(), a.Initial()
		stateless = stateless && a.Stateless()
	}
	return poly.MustNew(poly.Spec{
		NameFunc:  func() string { return termN("par", parts) },
		Positions: poly.Product(ps...),
		Initial:   poly.Tuple(inits...),
		Directions: func(s poly.Value) poly.Directions {
			states := untuple(s, len(parts))
			d := poly.AnyInput()
			for i, a := range parts {
				d = d.Intersect(a.DirectionsIn(states[i]))
			}
			return d
		},
		Step: func(s, x poly.Value) (poly.Value, poly.Value, error) {
			states := untuple(s, len(parts))
			next := make([]poly.Value, len(parts))
			outs := make([]poly.Value, len(parts))
			for i, a := range parts {
				ns, y, err := a.Step(states[i], x)
				if err != nil {
					return s, nil, err
				}
				next[i], outs[i] = ns, y
			}
			return poly.Tuple(next...), poly.Tuple(outs...), nil
		},
		Stateless:       stateless,
		PartsCheckInput: true,
	})
}
