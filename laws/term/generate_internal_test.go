package term

import (
	"testing"

	"github.com/kgents/kgents-core/generators"
)

// The node generators built on first use (large budgets) draw exactly the
// terms of the grid built up front.
func TestGridAndLazyNodesDrawTheSameTerms(t *testing.T) {
	sig := MustSignature(
		Operation{Name: "f", Arity: Fixed(2), Args: []string{"a", "b"}, Result: "a"},
		Operation{Name: "g", Arity: Between(0, 3), Args: []string{"b"}, Result: "b"},
		Operation{Name: "h", Arity: Variadic(1), Result: "b"},
	)
	leaves := Leaves{"a": VariablesOf("x", "y"), "": ConstantsFrom(generators.IntRange(0, 9))}
	budget := Budget{Nodes: 12, Depth: 5}
	eager := newTermGen(sig, leaves, budget, "a")
	lazy := newTermGen(sig, leaves, budget, "a")
	if eager.grid == nil {
		t.Fatal("a small budget did not build the grid")
	}
	lazy.grid = nil
	root := eager.sortIndex["a"]
	for seed := uint64(0); seed < 1000; seed++ {
		a := eager.at(root, budget.Nodes, budget.Depth).draw(generators.Record(seed))
		b := lazy.at(root, budget.Nodes, budget.Depth).draw(generators.Record(seed))
		if !a.Equal(b) {
			t.Fatalf("seed %d: grid drew %s, lazy nodes %s", seed, a, b)
		}
	}
}
