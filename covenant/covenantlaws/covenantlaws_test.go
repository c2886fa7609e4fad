package covenantlaws_test

import (
	"testing"

	"github.com/kgents/kgents-core/covenant"
	"github.com/kgents/kgents-core/covenant/covenantlaws"
)

// The laws are only as good as the cases they see: the generators must
// reach every shape of terms, and requests that terms both allow and deny,
// or the homomorphism law would hold vacuously.
func TestGeneratorsReachEveryShape(t *testing.T) {
	seen := map[string]int{}
	terms, reqs := covenantlaws.Terms(), covenantlaws.Requests()
	for seed := range uint64(2000) {
		x, y := terms.Example(seed), terms.Example(seed+1_000_000)
		r := reqs.Example(seed + 2_000_000)
		names, except := x.Permissions()
		_, restricted := x.Scope()
		_, expires := x.Expiry()
		for shape, ok := range map[string]bool{
			"top":              x.Equal(covenant.Top()),
			"bottom":           x.Equal(covenant.Bottom()),
			"except":           except && len(names) > 0,
			"scoped":           restricted,
			"expiring":         expires,
			"budgeted":         !x.Budget().IsUnlimited(),
			"gated":            len(x.Gates()) > 0,
			"meet allows":      covenant.Allows(covenant.Meet(x, y), r),
			"meet denies":      !covenant.Allows(covenant.Meet(x, y), r),
			"one side allows":  covenant.Allows(x, r) != covenant.Allows(y, r),
			"handle in scope":  r.Handle != "" && restricted && x.Permits(r.Op) && covenant.Allows(x, r),
			"gate reached":     len(x.Gates()) > 0 && r.Occurrence >= x.Gates()[0].Threshold,
			"negative request": r.Spend.Entropy < 0,
		} {
			if ok {
				seen[shape]++
			}
		}
	}
	for _, shape := range []string{"top", "bottom", "except", "scoped", "expiring", "budgeted", "gated",
		"meet allows", "meet denies", "one side allows", "handle in scope", "gate reached", "negative request"} {
		if seen[shape] < 10 {
			t.Errorf("only %d of 2000 cases are %q", seen[shape], shape)
		}
	}
	t.Logf("%v", seen)
}
