package classic_test

import (
	"slices"
	"testing"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/classic"
)

// offByOne composes with the classic off-by-one: g's inputs are shifted by
// i instead of i-1 (and the inputs of f after i are left where they were).
type offByOne struct{ classic.End }

func (offByOne) Compose(f classic.Fn, i int, g classic.Fn) (classic.Fn, error) {
	n, m := f.Arity(), g.Arity()
	body := substitute(f.Body(), func(k int) *term.Term {
		switch {
		case k < i:
			return in(k)
		case k == i:
			return substitute(g.Body(), func(l int) *term.Term { return in(l + i) })
		}
		return in(k + m - 1)
	})
	return unchecked(n+m-1, body), nil
}

// notNeutral has an identity that adds one.
type notNeutral struct{ classic.End }

func (notNeutral) Identity() classic.Fn { return classic.MustFn(1, "add(x1, 1)") }

// notAssociative adds one to every composite that does not involve the
// identity: units hold, associativity does not.
type notAssociative struct{ classic.End }

func (e notAssociative) Compose(f classic.Fn, i int, g classic.Fn) (classic.Fn, error) {
	fg, err := e.End.Compose(f, i, g)
	if err != nil || isIdentity(f) || isIdentity(g) {
		return fg, err
	}
	return unchecked(fg.Arity(), term.Apply("add", fg.Body(), term.Constant(int64(1)))), nil
}

// actsTwice applies a permutation twice: f·σ is computed as f·(σ;σ). The
// identity still acts as the identity, but this is not an action.
type actsTwice struct{ classic.Associative }

func (a actsTwice) Act(f classic.Word, s laws.Perm) (classic.Word, error) {
	return a.Associative.Act(f, s.Then(s))
}

func TestLawlessOperadsAreCaught(t *testing.T) {
	fns, words := classic.Fns(4), classic.Words(5)
	wordEq := laws.DefaultEq[classic.Word]()
	for _, c := range []struct {
		name string
		set  laws.LawSet
		want []string
	}{
		{"off_by_one_index_shift", laws.SymmetricOperadLaws[classic.Fn](offByOne{}, fns, classic.FnEq()),
			[]string{"left_unit", "right_unit", "sequential_associativity", "parallel_associativity", "equivariance_left", "equivariance_right"}},
		{"identity_not_neutral", laws.SymmetricOperadLaws[classic.Fn](notNeutral{}, fns, classic.FnEq()),
			[]string{"left_unit", "right_unit"}},
		{"non_associative_composition", laws.SymmetricOperadLaws[classic.Fn](notAssociative{}, fns, classic.FnEq()),
			[]string{"sequential_associativity"}},
		{"permutation_action_not_an_action", laws.SymmetricOperadLaws[classic.Word](actsTwice{}, words, wordEq),
			[]string{"action_composition", "equivariance_left"}},
	} {
		for _, e := range []laws.Engine{laws.Rapid, laws.Gopter} {
			rs, err := laws.RunInstance(c.name, laws.Options{Engine: e, Checks: 500}, c.set)
			if err != nil {
				t.Fatal(err)
			}
			var failed []string
			for _, r := range rs {
				switch r.Status {
				case laws.Failed:
					failed = append(failed, r.Law)
				case laws.Errored:
					t.Errorf("%s/%s on %s errored:\n%s", c.name, r.Law, e, r.Report())
				}
			}
			if !slices.Equal(failed, c.want) {
				t.Errorf("%s on %s: failed %v, want %v", c.name, e, failed, c.want)
				for _, r := range rs {
					if r.Status == laws.Failed {
						t.Log(r.Report())
					}
				}
			}
		}
	}
}
