package laws

import (
	"errors"

	"github.com/kgents/kgents-core/generators"
)

// The law sets below take the instance, a generator of its carrier and an
// equality. A zero Eq means cmp.Equal.

// EqLaws checks that eq is an equivalence relation on the values of gen:
// reflexivity, symmetry and transitivity.
//
// Random values are rarely equal, which would make symmetry and
// transitivity hold vacuously; so each later variable is, half of the
// time, drawn from equivalent(previous), a generator of values that should
// be equal to the previous one (other representations of the same value,
// or near neighbours for an equality that might be too loose). A nil
// equivalent means the previous value itself.
func EqLaws[T any](eq Eq[T], gen generators.Gen[T], equivalent func(x T) generators.Gen[T]) LawSet {
	near := func(d *Draws, name string, prev T) T {
		if d.Source().Bool() {
			if equivalent == nil {
				return bind(d, name, prev)
			}
			return Draw(d, name, equivalent(prev))
		}
		return Draw(d, name, gen)
	}
	return NewLawSet("Eq", nil,
		Property("reflexivity", "x = x", func(d *Draws) error {
			x := Draw(d, "x", gen)
			if !eq.Equal(x, x) {
				return errors.New("x ≠ x")
			}
			return nil
		}),
		Property("symmetry", "x = y ⇒ y = x", func(d *Draws) error {
			x := Draw(d, "x", gen)
			y := near(d, "y", x)
			if eq.Equal(x, y) && !eq.Equal(y, x) {
				return errors.New("x = y but y ≠ x")
			}
			return nil
		}),
		Property("transitivity", "x = y ∧ y = z ⇒ x = z", func(d *Draws) error {
			x := Draw(d, "x", gen)
			y := near(d, "y", x)
			z := near(d, "z", y)
			if eq.Equal(x, y) && eq.Equal(y, z) && !eq.Equal(x, z) {
				return errors.New("x = y and y = z but x ≠ z")
			}
			return nil
		}),
	)
}

// notation is how a structure's operation, identity and inverse print in
// law equations.
type notation struct {
	op, id string
	inv    func(x string) string
}

var dot = notation{op: "·", id: "e", inv: func(x string) string { return x + "⁻¹" }}

func (n notation) app(x, y string) string {
	if n.op == "·" {
		return x + n.op + y
	}
	return x + " " + n.op + " " + y
}

func associativity[T any](n notation, combine func(x, y T) T, gen generators.Gen[T], eq Eq[T]) Law {
	eqn := n.app("("+n.app("x", "y")+")", "z") + " = " + n.app("x", "("+n.app("y", "z")+")")
	return Equation("associativity", eqn, eq, func(d *Draws) (T, T) {
		x, y, z := Draw(d, "x", gen), Draw(d, "y", gen), Draw(d, "z", gen)
		return combine(combine(x, y), z), combine(x, combine(y, z))
	})
}

func identities[T any](n notation, empty T, combine func(x, y T) T, gen generators.Gen[T], eq Eq[T]) []Law {
	return []Law{
		Equation("left_identity", n.app(n.id, "x")+" = x", eq, func(d *Draws) (T, T) {
			x := Draw(d, "x", gen)
			return combine(empty, x), x
		}),
		Equation("right_identity", n.app("x", n.id)+" = x", eq, func(d *Draws) (T, T) {
			x := Draw(d, "x", gen)
			return combine(x, empty), x
		}),
	}
}

func commutativity[T any](n notation, combine func(x, y T) T, gen generators.Gen[T], eq Eq[T]) Law {
	return Equation("commutativity", n.app("x", "y")+" = "+n.app("y", "x"), eq, func(d *Draws) (T, T) {
		x, y := Draw(d, "x", gen), Draw(d, "y", gen)
		return combine(x, y), combine(y, x)
	})
}

func idempotence[T any](n notation, combine func(x, y T) T, gen generators.Gen[T], eq Eq[T]) Law {
	return Equation("idempotence", n.app("x", "x")+" = x", eq, func(d *Draws) (T, T) {
		x := Draw(d, "x", gen)
		return combine(x, x), x
	})
}

func semigroupSet[T any](n notation, combine func(x, y T) T, gen generators.Gen[T], eq Eq[T]) LawSet {
	return NewLawSet("Semigroup", nil, associativity(n, combine, gen, eq))
}

func monoidSet[T any](n notation, m Monoid[T], gen generators.Gen[T], eq Eq[T]) LawSet {
	return NewLawSet("Monoid", []LawSet{semigroupSet(n, m.Combine, gen, eq)},
		identities(n, m.Empty(), m.Combine, gen, eq)...)
}

func commutativeMonoidSet[T any](n notation, m Monoid[T], gen generators.Gen[T], eq Eq[T]) LawSet {
	return NewLawSet("CommutativeMonoid", []LawSet{monoidSet(n, m, gen, eq)},
		commutativity(n, m.Combine, gen, eq))
}

// SemigroupLaws checks associativity: (x·y)·z = x·(y·z).
func SemigroupLaws[T any](s Semigroup[T], gen generators.Gen[T], eq Eq[T]) LawSet {
	return semigroupSet(dot, s.Combine, gen, eq)
}

// MonoidLaws checks the Semigroup laws and the identity laws e·x = x and
// x·e = x.
func MonoidLaws[T any](m Monoid[T], gen generators.Gen[T], eq Eq[T]) LawSet {
	return monoidSet(dot, m, gen, eq)
}

// CommutativeMonoidLaws checks the Monoid laws and commutativity x·y = y·x.
func CommutativeMonoidLaws[T any](m Monoid[T], gen generators.Gen[T], eq Eq[T]) LawSet {
	return commutativeMonoidSet(dot, m, gen, eq)
}

// BandLaws checks the Semigroup laws and idempotence x·x = x.
func BandLaws[T any](s Semigroup[T], gen generators.Gen[T], eq Eq[T]) LawSet {
	return NewLawSet("Band", []LawSet{SemigroupLaws(s, gen, eq)}, idempotence(dot, s.Combine, gen, eq))
}

// SemilatticeLaws checks the Band laws and commutativity: a commutative,
// idempotent semigroup (a meet or a join).
func SemilatticeLaws[T any](s Semigroup[T], gen generators.Gen[T], eq Eq[T]) LawSet {
	return NewLawSet("Semilattice", []LawSet{BandLaws(s, gen, eq)}, commutativity(dot, s.Combine, gen, eq))
}

// BoundedSemilatticeLaws checks the Semilattice and Monoid laws: a
// semilattice whose identity is the bound (top for a meet, bottom for a
// join).
func BoundedSemilatticeLaws[T any](m Monoid[T], gen generators.Gen[T], eq Eq[T]) LawSet {
	return NewLawSet("BoundedSemilattice", []LawSet{SemilatticeLaws[T](m, gen, eq), MonoidLaws(m, gen, eq)})
}

// GroupLaws checks the Monoid laws and the inverse laws x⁻¹·x = e and
// x·x⁻¹ = e.
func GroupLaws[T any](g Group[T], gen generators.Gen[T], eq Eq[T]) LawSet {
	n := dot
	return NewLawSet("Group", []LawSet{MonoidLaws[T](g, gen, eq)},
		Equation("left_inverse", n.app(n.inv("x"), "x")+" = e", eq, func(d *Draws) (T, T) {
			x := Draw(d, "x", gen)
			return g.Combine(g.Inverse(x), x), g.Empty()
		}),
		Equation("right_inverse", n.app("x", n.inv("x"))+" = e", eq, func(d *Draws) (T, T) {
			x := Draw(d, "x", gen)
			return g.Combine(x, g.Inverse(x)), g.Empty()
		}),
	)
}

// SemiringLaws checks that addition is a commutative monoid with identity
// 0 (laws add_*), multiplication a monoid with identity 1 (laws mul_*),
// that multiplication distributes over addition on both sides, and that 0
// annihilates on both sides.
func SemiringLaws[T any](s Semiring[T], gen generators.Gen[T], eq Eq[T]) LawSet {
	plus := notation{op: "+", id: "0"}
	times := notation{op: "×", id: "1"}
	add := prefixed("add_", "AdditiveCommutativeMonoid", commutativeMonoidSet[T](plus, MonoidOf(s.Zero(), s.Add), gen, eq))
	mul := prefixed("mul_", "MultiplicativeMonoid", monoidSet[T](times, MonoidOf(s.One(), s.Mul), gen, eq))
	return NewLawSet("Semiring", []LawSet{add, mul},
		Equation("left_distributivity", "x × (y + z) = x × y + x × z", eq, func(d *Draws) (T, T) {
			x, y, z := Draw(d, "x", gen), Draw(d, "y", gen), Draw(d, "z", gen)
			return s.Mul(x, s.Add(y, z)), s.Add(s.Mul(x, y), s.Mul(x, z))
		}),
		Equation("right_distributivity", "(x + y) × z = x × z + y × z", eq, func(d *Draws) (T, T) {
			x, y, z := Draw(d, "x", gen), Draw(d, "y", gen), Draw(d, "z", gen)
			return s.Mul(s.Add(x, y), z), s.Add(s.Mul(x, z), s.Mul(y, z))
		}),
		Equation("left_annihilation", "0 × x = 0", eq, func(d *Draws) (T, T) {
			x := Draw(d, "x", gen)
			return s.Mul(s.Zero(), x), s.Zero()
		}),
		Equation("right_annihilation", "x × 0 = 0", eq, func(d *Draws) (T, T) {
			x := Draw(d, "x", gen)
			return s.Mul(x, s.Zero()), s.Zero()
		}),
	)
}

// MonoidMorphismLaws checks that f is a monoid homomorphism from `from` to
// `to`: it preserves the identity, f(e) = e, and the operation,
// f(x·y) = f(x)·f(y). gen generates the source; eq compares in the target.
func MonoidMorphismLaws[A, B any](f func(A) B, from Monoid[A], to Monoid[B], gen generators.Gen[A], eq Eq[B]) LawSet {
	return NewLawSet("MonoidMorphism", nil,
		Equation("preserves_identity", "f(e) = e", eq, func(d *Draws) (B, B) {
			return f(from.Empty()), to.Empty()
		}),
		Equation("preserves_combine", "f(x·y) = f(x)·f(y)", eq, func(d *Draws) (B, B) {
			x, y := Draw(d, "x", gen), Draw(d, "y", gen)
			return f(from.Combine(x, y)), to.Combine(f(x), f(y))
		}),
	)
}

// prefixed renames every law of s with prefix and names the merged set.
func prefixed(prefix, name string, s LawSet) LawSet {
	var own []Law
	for _, l := range s.Laws() {
		l.Name = prefix + l.Name
		l.Structure = name
		own = append(own, l)
	}
	return NewLawSet(name, nil, own...)
}
