package trace

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// The algebra of ledgers (checked by package tracelaws):
//
//   - Concat is a partial monoid: the empty ledger is its identity, and
//     (a·b)·c = a·(b·c), where one side is undefined exactly when the other is.
//   - Len and IDs are homomorphisms from it to (int, +, 0) and to string
//     sequences under concatenation.
//   - Ledgers act on chain heads: ChainHead(h, digests of a·b) =
//     ChainHead(ChainHead(h, digests of a), digests of b).
//   - Union is a bounded join-semilattice on ledgers that agree on shared
//     nodes, with the empty ledger as bottom.

// ErrConflict is returned by Union when both ledgers hold a node with the
// same id but different content.
var ErrConflict = errors.New("trace: ledgers disagree on a node")

// Concat returns a new ledger holding a's nodes and then b's, in order. It is
// defined when every node of b can be appended after a under the ledger's
// rules; since b is itself a valid ledger, that is when no id is in both. The
// error is the first refused append. a and b are not changed.
func Concat(a, b *Ledger) (*Ledger, error) {
	out := NewLedger()
	for _, src := range []*Ledger{a, b} {
		for n := range src.All() {
			if err := out.Append(n); err != nil {
				return nil, fmt.Errorf("trace: concat: %w", err)
			}
		}
	}
	return out, nil
}

// Union merges two ledgers, for example from different agents, into one
// holding every node of either exactly once, in canonical order: by
// timestamp, then by id. (Causal links point strictly back in time, so that
// order is valid, and it depends only on the set of nodes: Union is
// commutative, associative and idempotent up to the set of nodes, and exactly
// when both inputs are in canonical order.) It is defined when the ledgers
// agree on every id they share (same digest); otherwise it returns an error
// matching ErrConflict.
func Union(a, b *Ledger) (*Ledger, error) {
	an, ad := a.Nodes(), a.Digests()
	bn, bd := b.Nodes(), b.Digests()
	seen := make(map[string]Digest, len(an)+len(bn))
	var all []*TraceNode
	for k, ns := range [][]*TraceNode{an, bn} {
		ds := [][]Digest{ad, bd}[k]
		for i, n := range ns {
			if d, ok := seen[n.id]; ok {
				if d != ds[i] {
					return nil, fmt.Errorf("%w: %q", ErrConflict, n.id)
				}
				continue
			}
			seen[n.id] = ds[i]
			all = append(all, n)
		}
	}
	slices.SortFunc(all, func(x, y *TraceNode) int {
		if c := cmp.Compare(x.ts, y.ts); c != 0 {
			return c
		}
		return cmp.Compare(x.id, y.id)
	})
	out := NewLedger()
	for _, n := range all {
		if err := out.Append(n); err != nil {
			// Cannot happen for valid inputs (sources are strictly earlier and
			// agree); report it rather than return a partial union.
			return nil, fmt.Errorf("trace: union: %w", err)
		}
	}
	return out, nil
}
