package jsonoperad

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/kgents/kgents-core/laws"
)

// TestConcurrentChecks checks the laws of one loaded operad from several
// goroutines at once (run it with -race): operations keep their
// evaluation state in pools, and each check its own stack.
func TestConcurrentChecks(t *testing.T) {
	o, err := Load(filepath.Join(fixtureDir, "lawful/matrix_2x2.json"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load(filepath.Join(fixtureDir, "lawless/rock_paper_scissors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		for _, l := range append(append([]*Law(nil), o.Laws...), p.Laws...) {
			wg.Go(func() {
				r, err := l.Check(Config{Checks: 20, Seed: uint64(g + 1)}, &Stats{})
				if err != nil || (r.Status != laws.Passed && r.Status != laws.Proved && l.Name != "winner.associativity") {
					t.Errorf("%s: %v %v", l.Name, r.Status, err)
				}
			})
		}
	}
	wg.Wait()
}
