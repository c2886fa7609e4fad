package covenant_test

import (
	"slices"
	"testing"

	"github.com/kgents/kgents-core/covenant"
	"github.com/kgents/kgents-core/covenant/covenantlaws"
	"github.com/kgents/kgents-core/laws"
)

// TestLaws checks every registered instance of this test binary, which is
// covenant.Terms with the law sets of package covenantlaws: the bounded
// meet-semilattice laws, bottom absorbs, the Allows homomorphism, and the
// two attenuation laws. Each law is the subtest TestLaws/covenant.Terms/<law>.
func TestLaws(t *testing.T) { laws.CheckAllPackages(t) }

// unionMeet is a lawless "meet": like Meet, except that it unions the
// permissions instead of intersecting them, so combining two grants widens
// them. It is still associative, commutative and idempotent, so only laws
// that look at what the terms allow can catch it.
func unionMeet(a, b covenant.Terms) covenant.Terms {
	m := covenant.Meet(a, b)
	an, ae := a.Permissions()
	bn, be := b.Permissions()
	var names []string
	except := ae || be
	switch {
	case !ae && !be:
		names = append(slices.Clone(an), bn...)
	case ae && be:
		for _, n := range an {
			if slices.Contains(bn, n) {
				names = append(names, n)
			}
		}
	case ae:
		names = minus(an, bn)
	default:
		names = minus(bn, an)
	}
	as := []covenant.Attenuation{covenant.CapBudget(m.Budget())}
	if pats, restricted := m.Scope(); restricted {
		as = append(as, covenant.OnlyHandles(pats...))
	}
	if exp, ok := m.Expiry(); ok {
		as = append(as, covenant.ExpireBy(exp))
	}
	for _, g := range m.Gates() {
		as = append(as, covenant.AddGate(g))
	}
	if except {
		as = append(as, covenant.Without(names...))
	} else {
		as = append(as, covenant.Only(names...))
	}
	t, err := covenant.Top().Attenuate(as...)
	if err != nil {
		panic(err)
	}
	return t
}

func minus(a, b []string) []string {
	var out []string
	for _, n := range a {
		if !slices.Contains(b, n) {
			out = append(out, n)
		}
	}
	return out
}

func TestLawlessMeetIsCaught(t *testing.T) {
	results, err := laws.RunInstance("covenant.Terms(union meet)", laws.Options{Checks: 300}, covenantlaws.LawSets(unionMeet)...)
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]laws.Status{}
	for _, r := range results {
		status[r.Law] = r.Status
		if r.Law == "allows_homomorphism" {
			t.Logf("the report a user would see:\n%s", r.Report())
		}
	}
	// The laws about what terms allow catch it...
	for _, law := range []string{"allows_homomorphism", "bottom_absorbs", "left_identity", "right_identity"} {
		if status[law] != laws.Failed {
			t.Errorf("law %s: %v, want it to catch the union meet", law, status[law])
		}
	}
	// ...while the purely structural laws hold: they alone would not.
	for _, law := range []string{"associativity", "commutativity", "idempotence"} {
		if s, ok := status[law]; !ok || s != laws.Passed {
			t.Errorf("law %s: %v (present %v), want Passed: union is a semilattice too", law, s, ok)
		}
	}
	if t.Failed() {
		t.Logf("all results: %v", status)
	}
}
