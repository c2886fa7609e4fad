package laws_test

import (
	"slices"
	"testing"

	"pgregory.net/rapid"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

func TestPermAlgebra(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(0, 7).Draw(rt, "n")
		s := generators.Rapid(laws.Perms(n)).Draw(rt, "σ")
		u := generators.Rapid(laws.Perms(n)).Draw(rt, "τ")
		if !s.Valid() || !u.Valid() {
			rt.Fatalf("Perms(%d) drew %v, %v", n, s, u)
		}
		id := laws.IdentityPerm(n)
		if !slices.Equal(s.Then(s.Inverse()), id) || !slices.Equal(s.Inverse().Then(s), id) {
			rt.Fatalf("%v;%v⁻¹ is not the identity", s, s)
		}
		if n > 0 && s.Then(u)[0] != u[s[0]-1] {
			rt.Fatalf("(σ;τ)(1) = %v, want τ(σ(1)) = %v", s.Then(u), u)
		}
		if n > 0 {
			i := rapid.IntRange(1, n).Draw(rt, "i")
			m := rapid.IntRange(0, 4).Draw(rt, "m")
			if b := s.BlockLeft(i, m); len(b) != n+m-1 || !b.Valid() {
				rt.Fatalf("BlockLeft(%d, %d) of %v = %v is not a permutation of %d", i, m, s, b, n+m-1)
			}
			if b := u.BlockRight(i, n); len(b) != n+len(u)-1 || !b.Valid() {
				rt.Fatalf("BlockRight(%d, %d) of %v = %v is not a permutation", i, n, u, b)
			}
		}
	})
	if (laws.Perm{1, 1}).Valid() || (laws.Perm{0}).Valid() || !(laws.Perm{}).Valid() {
		t.Error("Valid accepts a non-permutation or rejects the empty one")
	}
	// BlockLeft: σ = [2 1] (swap), plug 3 inputs into place 1 of f·σ, that
	// is input j = σ⁻¹(1) = 2 of f: f's input 1 comes from place 4, the
	// block fills places 1..3.
	if got := (laws.Perm{2, 1}).BlockLeft(1, 3); !slices.Equal(got, laws.Perm{4, 1, 2, 3}) {
		t.Errorf("BlockLeft = %v, want [4 1 2 3]", got)
	}
	if got := (laws.Perm{2, 1}).BlockRight(2, 3); !slices.Equal(got, laws.Perm{1, 3, 2, 4}) {
		t.Errorf("BlockRight = %v, want [1 3 2 4]", got)
	}
}
