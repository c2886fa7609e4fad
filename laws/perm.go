package laws

import (
	"fmt"

	"github.com/kgents/kgents-core/generators"
)

// Perm is a permutation σ of 1..n, written as the list σ(1), …, σ(n).
// See [SymmetricOperad] for how it acts on inputs.
type Perm []int

// IdentityPerm returns the identity permutation of n elements.
func IdentityPerm(n int) Perm {
	p := make(Perm, n)
	for i := range p {
		p[i] = i + 1
	}
	return p
}

// Valid reports whether p is a permutation of 1..len(p).
func (p Perm) Valid() bool {
	seen := make([]bool, len(p)+1)
	for _, v := range p {
		if v < 1 || v > len(p) || seen[v] {
			return false
		}
		seen[v] = true
	}
	return true
}

// Then returns σ;τ, "σ, then τ": (σ;τ)(k) = τ(σ(k)). With the right action
// of [SymmetricOperad], (f·σ)·τ = f·(σ;τ).
func (p Perm) Then(q Perm) Perm {
	if len(p) != len(q) {
		panic(fmt.Sprintf("laws: Perm.Then of permutations of %d and %d elements", len(p), len(q)))
	}
	out := make(Perm, len(p))
	for k, v := range p {
		out[k] = q[v-1]
	}
	return out
}

// Inverse returns σ⁻¹.
func (p Perm) Inverse() Perm {
	out := make(Perm, len(p))
	for k, v := range p {
		out[v-1] = k + 1
	}
	return out
}

// BlockLeft returns σ∘ᵢ, the permutation of n+m-1 inputs that (f·σ) ∘ᵢ g
// equals (f ∘ⱼ g)·σ∘ᵢ with, for j = σ⁻¹(i): input j of f becomes the block
// of g's m inputs, which lands in place i in order, and the other inputs
// move as σ moves them, shifted around the block.
func (p Perm) BlockLeft(i, m int) Perm {
	n := len(p)
	j := p.Inverse()[i-1]
	shift := func(v int) int {
		if v < i {
			return v
		}
		return v + m - 1
	}
	out := make(Perm, 0, n+m-1)
	for q := 1; q <= n; q++ {
		if q == j {
			for k := 0; k < m; k++ {
				out = append(out, i+k)
			}
			continue
		}
		out = append(out, shift(p[q-1]))
	}
	return out
}

// BlockRight returns id∘ᵢτ for τ = p of m inputs plugged into input i of an
// operation of n inputs: the permutation of n+m-1 inputs that permutes the
// block i … i+m-1 by τ and fixes every other input.
func (p Perm) BlockRight(i, n int) Perm {
	m := len(p)
	out := IdentityPerm(n + m - 1)
	for k := 1; k <= m; k++ {
		out[i-2+k] = i - 1 + p[k-1]
	}
	return out
}

// Perms returns a generator of the permutations of n elements, shrinking
// towards the identity (a Fisher–Yates shuffle whose choices are swap
// distances).
func Perms(n int) generators.Gen[Perm] {
	return generators.Custom(fmt.Sprintf("Perms(%d)", n), func(s *generators.Source) Perm {
		p := IdentityPerm(n)
		for i := n - 1; i > 0; i-- {
			d := int(s.Choose(uint64(i)))
			p[i], p[i-d] = p[i-d], p[i]
		}
		return p
	})
}
