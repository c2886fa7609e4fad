package laws

import (
	"fmt"

	"github.com/kgents/kgents-core/generators"
)

// Operad is an operad presented by partial composition: operations with an
// arity (the number of inputs), an identity of arity 1, and f ∘ᵢ g, which
// plugs the output of g into input i of f (1 ≤ i ≤ arity f), giving an
// operation of arity n+m-1 whose inputs are f's first i-1 inputs, then
// g's m inputs, then f's remaining n-i inputs. Compose returns an error
// when the composite is ill-typed (or i is out of range).
type Operad[Op any] interface {
	Arity(f Op) int
	Identity() Op
	Compose(f Op, i int, g Op) (Op, error)
}

// SymmetricOperad is an Operad with a right action of permutations on the
// inputs of each operation.
//
// Index convention. A permutation σ of n inputs is a [Perm], the list
// σ(1), …, σ(n) (1-based). f·σ feeds input k of f from input σ(k) of the
// result; for n-ary functions, (f·σ)(x₁, …, xₙ) = f(x_σ(1), …, x_σ(n)).
// With (σ;τ)(k) = τ(σ(k)) ("σ, then τ"), this is a right action:
// (f·σ)·τ = f·(σ;τ).
type SymmetricOperad[Op any] interface {
	Operad[Op]
	Act(f Op, sigma Perm) (Op, error)
}

// OperadAlgebra is an algebra over an operad: each operation of arity n
// acts as an n-ary operation on A.
type OperadAlgebra[Op, A any] interface {
	Apply(f Op, args []A) (A, error)
}

// OperadLaws checks an operad with partial composition (Markl's
// definition), for f, g, h of arities n, m, p drawn from gen:
//
//	left_unit                 id ∘₁ f = f
//	right_unit                f ∘ᵢ id = f                                  1 ≤ i ≤ n
//	sequential_associativity  (f ∘ᵢ g) ∘ᵢ₊ⱼ₋₁ h = f ∘ᵢ (g ∘ⱼ h)            1 ≤ i ≤ n, 1 ≤ j ≤ m
//	parallel_associativity    (f ∘ᵢ g) ∘ₖ₊ₘ₋₁ h = (f ∘ₖ h) ∘ᵢ g            1 ≤ i < k ≤ n
//
// The indices are drawn from the arities drawn before them (dependent
// draws). A side whose composition returns an error is undefined: one
// undefined side fails the law, two discard the case.
func OperadLaws[Op any](o Operad[Op], gen generators.Gen[Op], eq Eq[Op]) LawSet {
	atLeast := func(n int) generators.Gen[Op] {
		return arityAtLeast(o, gen, n, o.Arity)
	}
	pos1, pos2 := atLeast(1), atLeast(2)
	return NewLawSet("Operad", nil,
		partialLaw("left_unit", "id ∘₁ f = f", eq, func(d *Draws) (Side[Op], Side[Op]) {
			f := Draw(d, "f", gen)
			return SideOf(o.Compose(o.Identity(), 1, f)), SideOf(f, nil)
		}),
		partialLaw("right_unit", "f ∘ᵢ id = f", eq, func(d *Draws) (Side[Op], Side[Op]) {
			f := Draw(d, "f", pos1)
			i := Draw(d, "i", generators.IntRange(1, o.Arity(f)))
			return SideOf(o.Compose(f, i, o.Identity())), SideOf(f, nil)
		}),
		partialLaw("sequential_associativity", "(f ∘ᵢ g) ∘ᵢ₊ⱼ₋₁ h = f ∘ᵢ (g ∘ⱼ h)", eq, func(d *Draws) (Side[Op], Side[Op]) {
			f := Draw(d, "f", pos1)
			g := Draw(d, "g", pos1)
			h := Draw(d, "h", gen)
			i := Draw(d, "i", generators.IntRange(1, o.Arity(f)))
			j := Draw(d, "j", generators.IntRange(1, o.Arity(g)))
			return then(SideOf(o.Compose(f, i, g)), func(fg Op) (Op, error) { return o.Compose(fg, i+j-1, h) }),
				then(SideOf(o.Compose(g, j, h)), func(gh Op) (Op, error) { return o.Compose(f, i, gh) })
		}),
		partialLaw("parallel_associativity", "(f ∘ᵢ g) ∘ₖ₊ₘ₋₁ h = (f ∘ₖ h) ∘ᵢ g", eq, func(d *Draws) (Side[Op], Side[Op]) {
			f := Draw(d, "f", pos2)
			g := Draw(d, "g", gen)
			h := Draw(d, "h", gen)
			n, m := o.Arity(f), o.Arity(g)
			i := Draw(d, "i", generators.IntRange(1, n-1))
			k := Draw(d, "k", generators.IntRange(i+1, n))
			return then(SideOf(o.Compose(f, i, g)), func(fg Op) (Op, error) { return o.Compose(fg, k+m-1, h) }),
				then(SideOf(o.Compose(f, k, h)), func(fh Op) (Op, error) { return o.Compose(fh, i, g) })
		}),
	)
}

// SymmetricOperadLaws checks the Operad laws and, with the index
// convention of [SymmetricOperad]:
//
//	action_identity     f·id = f
//	action_composition  (f·σ)·τ = f·(σ;τ)
//	equivariance_left   (f·σ) ∘ᵢ g = (f ∘ⱼ g)·σ∘ᵢ        j = σ⁻¹(i)
//	equivariance_right  f ∘ᵢ (g·τ) = (f ∘ᵢ g)·id∘ᵢτ
//
// where σ∘ᵢ is σ with input j of f widened to the m inputs of g (in
// place i, in order), and id∘ᵢτ permutes the m inputs of g by τ in place
// and fixes the rest ([Perm.BlockLeft], [Perm.BlockRight]).
func SymmetricOperadLaws[Op any](o SymmetricOperad[Op], gen generators.Gen[Op], eq Eq[Op]) LawSet {
	pos1 := arityAtLeast(o, gen, 1, o.Arity)
	return NewLawSet("SymmetricOperad", []LawSet{OperadLaws[Op](o, gen, eq)},
		partialLaw("action_identity", "f·id = f", eq, func(d *Draws) (Side[Op], Side[Op]) {
			f := Draw(d, "f", gen)
			return SideOf(o.Act(f, IdentityPerm(o.Arity(f)))), SideOf(f, nil)
		}),
		partialLaw("action_composition", "(f·σ)·τ = f·(σ;τ)", eq, func(d *Draws) (Side[Op], Side[Op]) {
			f := Draw(d, "f", gen)
			n := o.Arity(f)
			s := Draw(d, "σ", Perms(n))
			t := Draw(d, "τ", Perms(n))
			return then(SideOf(o.Act(f, s)), func(fs Op) (Op, error) { return o.Act(fs, t) }), SideOf(o.Act(f, s.Then(t)))
		}),
		partialLaw("equivariance_left", "(f·σ) ∘ᵢ g = (f ∘ⱼ g)·σ∘ᵢ, j = σ⁻¹(i)", eq, func(d *Draws) (Side[Op], Side[Op]) {
			f := Draw(d, "f", pos1)
			g := Draw(d, "g", gen)
			n, m := o.Arity(f), o.Arity(g)
			s := Draw(d, "σ", Perms(n))
			i := Draw(d, "i", generators.IntRange(1, n))
			j := s.Inverse()[i-1]
			return then(SideOf(o.Act(f, s)), func(fs Op) (Op, error) { return o.Compose(fs, i, g) }),
				then(SideOf(o.Compose(f, j, g)), func(fg Op) (Op, error) { return o.Act(fg, s.BlockLeft(i, m)) })
		}),
		partialLaw("equivariance_right", "f ∘ᵢ (g·τ) = (f ∘ᵢ g)·id∘ᵢτ", eq, func(d *Draws) (Side[Op], Side[Op]) {
			f := Draw(d, "f", pos1)
			g := Draw(d, "g", gen)
			n, m := o.Arity(f), o.Arity(g)
			t := Draw(d, "τ", Perms(m))
			i := Draw(d, "i", generators.IntRange(1, n))
			return then(SideOf(o.Act(g, t)), func(gt Op) (Op, error) { return o.Compose(f, i, gt) }),
				then(SideOf(o.Compose(f, i, g)), func(fg Op) (Op, error) { return o.Act(fg, t.BlockRight(i, n)) })
		}),
	)
}

// OperadAlgebraLaws checks that alg is an algebra over the operad o:
//
//	algebra_unit         α(id)(a) = a
//	algebra_composition  α(f ∘ᵢ g)(a₁ … aₙ₊ₘ₋₁) = α(f)(a₁ … aᵢ₋₁, α(g)(aᵢ … aᵢ₊ₘ₋₁), aᵢ₊ₘ … aₙ₊ₘ₋₁)
//
// with operations from ops, elements from elems, compared by eq.
func OperadAlgebraLaws[Op, A any](o Operad[Op], alg OperadAlgebra[Op, A], ops generators.Gen[Op], elems generators.Gen[A], eq Eq[A]) LawSet {
	pos1 := arityAtLeast(o, ops, 1, o.Arity)
	return NewLawSet("OperadAlgebra", nil,
		partialLaw("algebra_unit", "α(id)(a) = a", eq, func(d *Draws) (Side[A], Side[A]) {
			a := Draw(d, "a", elems)
			return SideOf(alg.Apply(o.Identity(), []A{a})), SideOf(a, nil)
		}),
		partialLaw("algebra_composition", "α(f ∘ᵢ g)(a…) = α(f)(a₁…aᵢ₋₁, α(g)(aᵢ…aᵢ₊ₘ₋₁), …)", eq, func(d *Draws) (Side[A], Side[A]) {
			f := Draw(d, "f", pos1)
			g := Draw(d, "g", ops)
			n, m := o.Arity(f), o.Arity(g)
			i := Draw(d, "i", generators.IntRange(1, n))
			as := Draw(d, "a", generators.SliceOfN(elems, n+m-1, n+m-1))
			lhs := then(SideOf(o.Compose(f, i, g)), func(fg Op) (A, error) { return alg.Apply(fg, as) })
			inner, err := alg.Apply(g, as[i-1:i-1+m])
			if err != nil {
				var zero A
				return lhs, SideOf(zero, err)
			}
			outer := append(append(append([]A(nil), as[:i-1]...), inner), as[i-1+m:]...)
			return lhs, SideOf(alg.Apply(f, outer))
		}),
	)
}

// OperadMorphismLaws checks that phi is a morphism of operads from `from`
// to `to`: it preserves arity, the identity and partial composition,
//
//	preserves_arity        arity φ(f) = arity f
//	preserves_identity     φ(id) = id
//	preserves_composition  φ(f ∘ᵢ g) = φ(f) ∘ᵢ φ(g)
//
// and, when both operads are symmetric ([SymmetricOperad]), the action:
//
//	preserves_action       φ(f·σ) = φ(f)·σ
func OperadMorphismLaws[P, Q any](phi func(P) Q, from Operad[P], to Operad[Q], gen generators.Gen[P], eq Eq[Q]) LawSet {
	pos1 := arityAtLeast(from, gen, 1, from.Arity)
	var own []Law
	sf, okF := from.(SymmetricOperad[P])
	st, okT := to.(SymmetricOperad[Q])
	if okF && okT {
		own = append(own, partialLaw("preserves_action", "φ(f·σ) = φ(f)·σ", eq, func(d *Draws) (Side[Q], Side[Q]) {
			f := Draw(d, "f", gen)
			s := Draw(d, "σ", Perms(sf.Arity(f)))
			l := then(SideOf(sf.Act(f, s)), func(fs P) (Q, error) { return phi(fs), nil })
			return l, SideOf(st.Act(phi(f), s))
		}))
	}
	return NewLawSet("OperadMorphism", nil, append([]Law{
		Equation("preserves_arity", "arity φ(f) = arity f", Comparable[int](), func(d *Draws) (int, int) {
			f := Draw(d, "f", gen)
			return to.Arity(phi(f)), from.Arity(f)
		}),
		Equation("preserves_identity", "φ(id) = id", eq, func(d *Draws) (Q, Q) {
			return phi(from.Identity()), to.Identity()
		}),
		partialLaw("preserves_composition", "φ(f ∘ᵢ g) = φ(f) ∘ᵢ φ(g)", eq, func(d *Draws) (Side[Q], Side[Q]) {
			f := Draw(d, "f", pos1)
			g := Draw(d, "g", gen)
			i := Draw(d, "i", generators.IntRange(1, from.Arity(f)))
			fg, err := from.Compose(f, i, g)
			var l Side[Q]
			if err != nil {
				l.Err = err
			} else {
				l.Value = phi(fg)
			}
			return l, SideOf(to.Compose(phi(f), i, phi(g)))
		}),
	}, own...)...)
}

// partialLaw is an equation between partial sides with the convention of
// theories: both sides undefined discards the case, one side undefined
// fails the law.
func partialLaw[R any](name, equation string, eq Eq[R], sides func(d *Draws) (Side[R], Side[R])) Law {
	return Law{Name: name, Equation: equation, origin: callerOrigin(), check: func(d *Draws) outcome {
		l, r := sides(d)
		switch {
		case l.Err != nil && r.Err != nil:
			d.Discard(fmt.Sprintf("both sides are undefined: %v; %v", l.Err, r.Err))
		case l.Err != nil || r.Err != nil:
			return outcome{kind: violated, lhs: sideText(l), rhs: sideText(r), sides: true,
				message: "one side is undefined and the other is not"}
		case !eq.Equal(l.Value, r.Value):
			return outcome{kind: violated, lhs: l.Value, rhs: r.Value, sides: true, diff: eq.diffAny}
		}
		return outcome{kind: holds}
	}}
}

// then continues a partial computation.
func then[A, B any](a Side[A], f func(A) (B, error)) Side[B] {
	if a.Err != nil {
		return Side[B]{Err: a.Err}
	}
	return SideOf(f(a.Value))
}
