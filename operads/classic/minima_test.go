package classic_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/classic"
)

// Shrinking reaches the smallest counterexample of each law a broken End
// breaks, on both engines and every seed: the smallest functions (arity
// first, then size, inputs before constants, x1 first) and indices.
// Fns' leaf encoding decides which choices the shrinker can lower, so this
// is what a change to it must keep.
func TestLawlessEndShrinksToTheMinimum(t *testing.T) {
	fns := classic.Fns(4)
	seeds := uint64(5)
	if testing.Short() {
		seeds = 2
	}
	for _, c := range []struct {
		name string
		set  laws.LawSet
		want map[string]string // law -> bindings
	}{
		{"identity_not_neutral", laws.SymmetricOperadLaws[classic.Fn](notNeutral{}, fns, classic.FnEq()), map[string]string{
			"left_unit":  "f=fn/0 0",
			"right_unit": "f=fn/1 x1 i=1",
		}},
		{"off_by_one_index_shift", laws.SymmetricOperadLaws[classic.Fn](offByOne{}, fns, classic.FnEq()), map[string]string{
			"left_unit":                "f=fn/1 x1",
			"right_unit":               "f=fn/1 x1 i=1",
			"sequential_associativity": "f=fn/1 x1 g=fn/1 x1 h=fn/0 0 i=1 j=1",
			"parallel_associativity":   "f=fn/2 x1 g=fn/1 x1 h=fn/0 0 i=1 k=2",
			"equivariance_left":        "f=fn/1 x1 g=fn/1 x1 σ=[1] i=1",
			"equivariance_right":       "f=fn/1 x1 g=fn/1 x1 τ=[1] i=1",
		}},
	} {
		for _, e := range []laws.Engine{laws.Rapid, laws.Gopter} {
			for seed := uint64(1); seed <= seeds; seed++ {
				rs, err := laws.RunInstance(c.name, laws.Options{Engine: e, Seed: seed}, c.set)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range rs {
					want, ok := c.want[r.Law]
					if !ok {
						continue
					}
					if r.Status != laws.Failed || r.Counterexample == nil {
						t.Errorf("%s/%s on %s, seed %d: %v, want failed", c.name, r.Law, e, seed, r.Status)
						continue
					}
					var got []string
					for _, b := range r.Counterexample.Bindings {
						got = append(got, fmt.Sprintf("%s=%v", b.Name, b.Value))
					}
					if g := strings.Join(got, " "); g != want {
						t.Errorf("%s/%s on %s, seed %d: shrank to %s, want %s", c.name, r.Law, e, seed, g, want)
					}
				}
			}
		}
	}
}
