package classic

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

// Word is an operation of the associative operad: the order in which to
// multiply its inputs, a permutation of 1 … n. The word [2 1 3] stands for
// x2·x1·x3; the empty word, of arity 0, for the unit.
type Word []int

// String prints the word as a product, such as "x2·x1·x3", or "1" for the
// empty word.
func (w Word) String() string {
	if len(w) == 0 {
		return "1"
	}
	parts := make([]string, len(w))
	for i, k := range w {
		parts[i] = "x" + strconv.Itoa(k)
	}
	return strings.Join(parts, "·")
}

// Associative is the (unital, symmetric) associative operad.
type Associative struct{}

// Arity returns the word's length.
func (Associative) Arity(w Word) int { return len(w) }

// Identity returns the word x1.
func (Associative) Identity() Word { return Word{1} }

// Compose returns f ∘ᵢ g: g's word, shifted to inputs i … i+m-1, replaces
// the letter i of f, whose letters after i shift by m-1.
func (Associative) Compose(f Word, i int, g Word) (Word, error) {
	n, m := len(f), len(g)
	if i < 1 || i > n {
		return nil, fmt.Errorf("%w: ∘%d on a word of arity %d", ErrIllTyped, i, n)
	}
	out := make(Word, 0, n+m-1)
	for _, k := range f {
		switch {
		case k < i:
			out = append(out, k)
		case k == i:
			for _, l := range g {
				out = append(out, l+i-1)
			}
		default:
			out = append(out, k+m-1)
		}
	}
	return out, nil
}

// Act returns f·σ, the word whose letter k is σ(f[k]): reading f·σ on
// x1 … xn reads f on xσ(1) … xσ(n).
func (Associative) Act(f Word, sigma laws.Perm) (Word, error) {
	if len(sigma) != len(f) || !sigma.Valid() {
		return nil, fmt.Errorf("%w: %v is not a permutation of %d inputs", ErrIllTyped, sigma, len(f))
	}
	out := make(Word, len(f))
	for i, k := range f {
		out[i] = sigma[k-1]
	}
	return out, nil
}

// Words returns a generator of words of arity 0 to maxArity.
func Words(maxArity int) generators.Gen[Word] {
	return generators.Bind(generators.IntRange(0, maxArity), func(n int) generators.Gen[Word] {
		return generators.Map(laws.Perms(n), func(p laws.Perm) Word { return Word(p) })
	})
}

// StringAlgebra is strings as an algebra over Associative: a word
// concatenates its inputs in its order (the free monoid).
type StringAlgebra struct{}

// Apply concatenates args in the order of w.
func (StringAlgebra) Apply(w Word, args []string) (string, error) {
	if len(args) != len(w) {
		return "", fmt.Errorf("%w: word %s applied to %d strings", ErrIllTyped, w, len(args))
	}
	var b strings.Builder
	for _, k := range w {
		b.WriteString(args[k-1])
	}
	return b.String(), nil
}

// WordAsProduct reads a word as the product of its inputs in End: the
// morphism Associative → End into the commutative monoid of ints under *.
func WordAsProduct(w Word) Fn {
	if len(w) == 0 {
		return MustFn(0, "1")
	}
	body := x(w[len(w)-1])
	for i := len(w) - 2; i >= 0; i-- {
		body = mulTerm(x(w[i]), body)
	}
	return Fn{arity: len(w), body: body}
}
