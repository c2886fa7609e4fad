package trace_test

import (
	"testing"

	"github.com/kgents/kgents-core/laws"
	_ "github.com/kgents/kgents-core/trace/tracelaws" // registers the ledger algebra
)

// TestLaws checks the algebra of ledgers registered by package tracelaws:
// trace.Concat (partial monoid), trace.Len and trace.IDs (homomorphisms),
// trace.ChainHead (monoid action on chain heads), trace.Union (bounded
// join-semilattice) and trace.Ledger (causality and navigation), each law as
// the subtest TestLaws/<instance>/<law>.
func TestLaws(t *testing.T) { laws.CheckAllPackages(t) }
