package covenant_test

import (
	"time"

	"github.com/kgents/kgents-core/covenant"
	"pgregory.net/rapid"
)

// The generators draw from a choice source (an integer in [lo, hi]), so the
// same definitions run under rapid here and under the laws/ engines. Small
// alphabets make collisions (shared operations, overlapping handle
// patterns, equal triggers) common, which is where meets are interesting.
type choices interface {
	Int(lo, hi int) int
}

type rapidChoices struct{ t *rapid.T }

func (r rapidChoices) Int(lo, hi int) int { return rapid.IntRange(lo, hi).Draw(r.t, "n") }

var (
	genOps      = []string{"a", "b", "c", "d"}
	genPatterns = []string{"*", "a*", "a.*", "a.b", "a.b.*", "ab", "b.*", "b.c", "x"}
	genHandles  = []string{"a", "a.b", "a.b.c", "ab", "abc", "b", "b.c", "x", "y"}
	genTimes    = []time.Time{t0, t0.Add(time.Minute), t0.Add(time.Hour)}
)

func pick[T any](c choices, from []T) T { return from[c.Int(0, len(from)-1)] }

func subset[T any](c choices, from []T) []T {
	var out []T
	for _, x := range from {
		if c.Int(0, 1) == 1 {
			out = append(out, x)
		}
	}
	return out
}

func drawGate(c choices) covenant.ReviewGate {
	return covenant.ReviewGate{
		Trigger:     pick(c, genOps),
		Description: pick(c, []string{"", "review", "look"}),
		Threshold:   c.Int(0, 4),
		Timeout:     time.Duration(c.Int(0, 3)) * time.Minute,
		Fallback:    covenant.Fallback(c.Int(0, 2)),
	}
}

func drawBudget(c choices) covenant.Budget {
	b := covenant.Unlimited()
	for _, d := range []covenant.Dimension{covenant.Tokens, covenant.Operations, covenant.Time, covenant.Capital, covenant.Entropy} {
		if c.Int(0, 2) == 0 {
			b = b.With(d, int64(c.Int(0, 5)))
		}
	}
	return b
}

// drawAttenuation draws one restriction of any kind.
func drawAttenuation(c choices) covenant.Attenuation {
	switch c.Int(0, 5) {
	case 0:
		return covenant.Only(subset(c, genOps)...)
	case 1:
		return covenant.Without(subset(c, genOps)...)
	case 2:
		return covenant.OnlyHandles(subset(c, genPatterns)...)
	case 3:
		return covenant.Limit(drawBudget(c))
	case 4:
		return covenant.ExpireBy(pick(c, genTimes))
	default:
		return covenant.AddGate(drawGate(c))
	}
}

// drawTerms draws Top, Bottom, or Top restricted by a few attenuations,
// which reaches every shape of terms the package can build.
func drawTerms(c choices) covenant.Terms {
	switch c.Int(0, 9) {
	case 0:
		return covenant.Top()
	case 1:
		return covenant.Bottom()
	}
	n := c.Int(1, 4)
	as := make([]covenant.Attenuation, n)
	for i := range as {
		as[i] = drawAttenuation(c)
	}
	t, err := covenant.Top().Attenuate(as...)
	if err != nil {
		panic(err) // drawn gates are valid
	}
	return t
}

func drawRequest(c choices) covenant.Request {
	r := covenant.Request{
		Op:         pick(c, genOps),
		At:         pick(c, append(genTimes, t0.Add(-time.Hour), t0.Add(2*time.Hour))),
		Occurrence: c.Int(0, 5),
		Spend: covenant.Amounts{Tokens: int64(c.Int(0, 6)), Operations: int64(c.Int(0, 6)),
			Time: time.Duration(c.Int(0, 6)), Capital: int64(c.Int(0, 6)), Entropy: int64(c.Int(-1, 6))},
	}
	if c.Int(0, 3) > 0 {
		r.Handle = pick(c, genHandles)
	}
	return r
}

func rapidTerms() *rapid.Generator[covenant.Terms] {
	return rapid.Custom(func(t *rapid.T) covenant.Terms { return drawTerms(rapidChoices{t}) })
}

func rapidRequest() *rapid.Generator[covenant.Request] {
	return rapid.Custom(func(t *rapid.T) covenant.Request { return drawRequest(rapidChoices{t}) })
}
