package agent

import (
	"strings"

	"github.com/kgents/kgents-core/operads/poly"
)

// Identity returns the identity agent id: one position, any input, outputs
// its input.
func Identity() poly.Agent { return poly.Identity() }

// Seq returns seq(l, r), kgents' sequential composition: positions are
// pairs (sl, sr); it accepts what l accepts in sl; a step runs l on the
// input and r on l's output, advances both states and outputs r's output.
// If r refuses l's output, the step fails with r's rejection and neither
// state moves.
func Seq(l, r poly.Agent) poly.Agent {
	return poly.MustNew(poly.Spec{
		NameFunc:  func() string { return term2("seq", l, r) },
		Positions: poly.Product(l.Positions(), r.Positions()),
		Initial:   poly.P(l.Initial(), r.Initial()),
		Directions: func(s poly.Value) poly.Directions {
			return l.DirectionsIn(s.(poly.Pair).L)
		},
		Step: func(s, x poly.Value) (poly.Value, poly.Value, error) {
			p := s.(poly.Pair)
			sl, y, err := l.Step(p.L, x)
			if err != nil {
				return s, nil, err
			}
			sr, z, err := r.Step(p.R, y)
			if err != nil {
				return s, nil, err
			}
			return pairOf(s, sl, sr), z, nil
		},
		Stateless:       l.Stateless() && r.Stateless(),
		PartsCheckInput: true,
	})
}

// SeqN returns the variadic sequential composition seq(a1, …, an): the
// identity for no agent, a itself for one, and otherwise a pipeline whose
// state is the right-nested tuple of the parts' states. It behaves as the
// left fold seq(seq(a1, a2), …, an) (a law of the operad), with a flat
// state instead of a nested one.
func SeqN(as ...poly.Agent) poly.Agent {
	switch len(as) {
	case 0:
		return Identity()
	case 1:
		return as[0]
	}
	parts := append([]poly.Agent(nil), as...)
	ps := make([]poly.Positions, len(parts))
	inits := make([]poly.Value, len(parts))
	for i, a := range parts {
		ps[i], inits[i] = a.Positions(), a.Initial()
	}
	stateless := true
	for _, a := range parts {
		stateless = stateless && a.Stateless()
	}
	return poly.MustNew(poly.Spec{
		NameFunc:  func() string { return termN("seq", parts) },
		Positions: poly.Product(ps...),
		Initial:   poly.Tuple(inits...),
		Directions: func(s poly.Value) poly.Directions {
			return parts[0].DirectionsIn(s.(poly.Pair).L)
		},
		Step: func(s, x poly.Value) (poly.Value, poly.Value, error) {
			states := untuple(s, len(parts))
			next := make([]poly.Value, len(parts))
			for i, a := range parts {
				ns, y, err := a.Step(states[i], x)
				if err != nil {
					return s, nil, err
				}
				next[i], x = ns, y
			}
			return poly.Tuple(next...), x, nil
		},
		Stateless:       stateless,
		PartsCheckInput: true,
	})
}

// pairOf returns pair(l, r), reusing s when it is that pair already: a
// step that moves no state (stateless parts) then allocates nothing.
func pairOf(s poly.Value, l, r poly.Value) poly.Value {
	if p, ok := s.(poly.Pair); ok && p.L == l && p.R == r {
		return s
	}
	return poly.P(l, r)
}

// untuple splits a right-nested tuple of n components.
func untuple(v poly.Value, n int) []poly.Value {
	out := make([]poly.Value, 0, n)
	for i := 0; i < n-1; i++ {
		p := v.(poly.Pair)
		out = append(out, p.L)
		v = p.R
	}
	return append(out, v)
}

func term2(op string, a, b poly.Agent) string {
	return op + "(" + a.Name() + ", " + b.Name() + ")"
}

func termN(op string, as []poly.Agent) string {
	var b strings.Builder
	b.WriteString(op)
	b.WriteByte('(')
	for i, a := range as {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.Name())
	}
	b.WriteByte(')')
	return b.String()
}
