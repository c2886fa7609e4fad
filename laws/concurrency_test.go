package laws_test

import (
	"sync"
	"testing"

	"github.com/kgents/kgents-core/laws"
)

// Runs may be started from many goroutines at once, with different
// settings: rapid's flags are written only under laws' lock, and every
// run still gets its own settings and its own minimal counterexample.
// Meaningful under -race.
func TestConcurrentRunsKeepTheirSettings(t *testing.T) {
	good := laws.SemigroupLaws(laws.SemigroupOf(add), ints, intEq)
	bad := laws.SemigroupLaws(laws.SemigroupOf(sub), ints, intEq)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			opts := laws.Options{Engine: engines[g%2], Checks: 50 + 10*g}
			if g%3 == 0 {
				opts = laws.Options{} // the command line's settings: no flag writes
			}
			if g%4 == 1 {
				opts.Seed = uint64(100 + g)
			}
			rs, err := laws.RunInstance("concurrent_good", opts, good)
			if err != nil || rs[0].Status != laws.Passed {
				t.Errorf("goroutine %d: %v %+v", g, err, rs)
				return
			}
			if opts.Checks != 0 && rs[0].Cases != opts.Checks {
				t.Errorf("goroutine %d: ran %d cases, asked for %d", g, rs[0].Cases, opts.Checks)
			}
			rs, err = laws.RunInstance("concurrent_bad", opts, bad)
			if err != nil || rs[0].Status != laws.Failed {
				t.Errorf("goroutine %d: %v %+v", g, err, rs)
				return
			}
			if v := bindingValues(rs[0].Counterexample); v["x"] != 0 || v["y"] != 0 || v["z"] != 1 {
				t.Errorf("goroutine %d: counterexample %v", g, v)
			}
		}()
	}
	wg.Wait()
}
