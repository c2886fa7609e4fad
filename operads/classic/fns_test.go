package classic_test

import (
	"testing"

	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/classic"
)

// The leaves of Fns' bodies are as the package doc says: of arity 1,
// about three in four are the input x1, and every constant from -3 to 3
// occurs; of arity 0, only those constants.
func TestFnsLeafDistribution(t *testing.T) {
	for _, n := range []int{0, 1} {
		g, _ := classic.End{}.OperationsOfArityAtLeast(classic.Fns(n), n)
		counts := map[string]int{}
		leaves := 0
		for seed := uint64(1); seed <= 3000; seed++ {
			g.Example(seed).Body().Walk(func(u *term.Term) bool {
				if u.Kind() != term.App {
					counts[u.String()]++
					leaves++
				}
				return true
			})
		}
		for _, c := range []string{"0", "1", "-1", "2", "-2", "3", "-3"} {
			if counts[c] == 0 {
				t.Errorf("arity %d: no leaf %s in %d leaves", n, c, leaves)
			}
		}
		inputs := float64(counts["x1"]) / float64(leaves)
		if n == 0 && counts["x1"] != 0 || n == 1 && (inputs < 0.68 || inputs > 0.80) {
			t.Errorf("arity %d: x1 is %.3f of %d leaves", n, inputs, leaves)
		}
		if len(counts) != 7+n {
			t.Errorf("arity %d: leaves %v", n, counts)
		}
	}
}

// Every input of a large arity occurs as a leaf.
func TestFnsDrawEveryInput(t *testing.T) {
	const n = 20
	g, _ := classic.End{}.OperationsOfArityAtLeast(classic.Fns(n), n)
	seen := map[string]bool{}
	for seed := uint64(1); seed <= 3000 && len(seen) < n; seed++ {
		g.Example(seed).Body().Walk(func(u *term.Term) bool {
			if u.Kind() == term.Var {
				seen[u.Name()] = true
			}
			return true
		})
	}
	if len(seen) != n {
		t.Errorf("inputs drawn: %d of %d", len(seen), n)
	}
}

// Fns' bodies have the sizes the package doc says: every size from 1 to
// 7 nodes, about 10% single leaves and about a quarter of 7 nodes.
func TestFnsBodySizes(t *testing.T) {
	g := classic.Fns(4)
	const draws = 3000
	sizes := make([]int, 8)
	for seed := uint64(1); seed <= draws; seed++ {
		size := g.Example(seed).Body().Size()
		if size < 1 || size > 7 {
			t.Fatalf("a body of %d nodes", size)
		}
		sizes[size]++
	}
	for n := 1; n <= 7; n++ {
		if sizes[n] == 0 {
			t.Errorf("no body of %d nodes in %d", n, draws)
		}
	}
	if one, seven := float64(sizes[1])/draws, float64(sizes[7])/draws; one < 0.06 || one > 0.15 || seven < 0.2 || seven > 0.34 {
		t.Errorf("single leaves %.3f, 7 nodes %.3f of %d bodies", one, seven, draws)
	}
}
