package laws_test

import (
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/kgents/kgents-core/laws"
)

var engines = []laws.Engine{laws.Rapid, laws.Gopter}

// Every shipped law set passes on at least two lawful instances, on both
// engines, and every law ran the configured number of cases.
func TestLawfulInstancesPass(t *testing.T) {
	for set, instances := range lawful {
		if len(instances) < 2 {
			t.Errorf("law set %s has %d lawful instances, want at least 2", set, len(instances))
		}
		for _, in := range instances {
			for _, e := range engines {
				rs, err := laws.RunInstance(in.name, laws.Options{Engine: e, Checks: 200}, in.set)
				if err != nil {
					t.Fatal(err)
				}
				if len(rs) == 0 {
					t.Fatalf("%s/%s: no laws ran", set, in.name)
				}
				for _, r := range rs {
					if r.Status != laws.Passed {
						t.Errorf("%s on %s: lawful instance did not pass:\n%s", set, e, r.Report())
					}
					want := 200 // explicit Checks are exact, even under -short
					if r.Cases+r.Discarded < want {
						t.Errorf("%s/%s/%s on %s: ran %d cases, want %d", set, in.name, r.Law, e, r.Cases, want)
					}
				}
			}
		}
	}
}

// Every law of every shipped set is caught by at least one lawless
// instance, and each lawless instance fails exactly the laws it breaks.
func TestLawlessInstancesAreCaught(t *testing.T) {
	caught := map[string]map[string]bool{} // structure -> law -> caught
	for _, in := range lawless {
		for _, e := range engines {
			// Catching is what matters here, not minimality: a float
			// counterexample can take rapid's whole default 30s to shrink.
			rs, err := laws.RunInstance(in.name, laws.Options{Engine: e, Checks: 1000, ShrinkTime: 2 * time.Second}, in.set)
			if err != nil {
				t.Fatal(err)
			}
			var failed []string
			for _, r := range rs {
				if r.Duration > time.Second {
					t.Logf("SLOW %s/%s on %s: %v\n%s", in.name, r.Law, e, r.Duration, r.Report())
				}
				switch r.Status {
				case laws.Failed:
					failed = append(failed, r.Law)
					if caught[in.set.Name] == nil {
						caught[in.set.Name] = map[string]bool{}
					}
					caught[in.set.Name][r.Law] = true
					if r.Counterexample == nil || len(r.Counterexample.Bindings) == 0 && r.Law != "preserves_identity" {
						t.Errorf("%s/%s on %s: failed without a counterexample", in.name, r.Law, e)
					}
				case laws.Errored:
					t.Errorf("%s/%s on %s errored:\n%s", in.name, r.Law, e, r.Report())
				}
			}
			want := slices.Clone(in.fails)
			sort.Strings(want)
			sort.Strings(failed)
			if !slices.Equal(failed, want) {
				t.Errorf("%s on %s: failed laws %v, want %v", in.name, e, failed, want)
			}
		}
	}
	// Coverage: every law of every shipped set (taken from a lawful
	// instance of the set) is caught by a lawless instance of that set or
	// of a set that contains the law.
	all := map[string]bool{}
	for _, bySet := range caught {
		for l := range bySet {
			all[l] = true
		}
	}
	for set, instances := range lawful {
		for _, l := range instances[0].set.Laws() {
			if !all[l.Name] {
				t.Errorf("law %s of %s is not caught by any lawless instance", l.Name, set)
			}
		}
	}
}
