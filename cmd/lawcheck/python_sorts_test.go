package main

import (
	"strings"
	"testing"

	"github.com/kgents/kgents-core/internal/pybridge"
)

// Laws over branch and fix are checked with predicates only in predicate
// positions: SortedOperad's operations raise on an argument of the wrong
// kind, so its laws pass only if every generated term is well-sorted, and
// the failing law's counterexample binds p to a predicate and a, b to
// agent terms. Ill-sorted equations are not checkable, with the reason.
func TestPythonBranchLawsAreWellSorted(t *testing.T) {
	needPython(t)
	for _, engine := range []string{"rapid", "gopter"} {
		t.Run(engine, func(t *testing.T) {
			code, res, errs := runPython(t, "sorted_operad:SORTED_OPERAD", "-engine", engine, "-seed", "7")
			if code != exitFailed {
				t.Fatalf("exit %d, want %d\n%s", code, exitFailed, errs)
			}
			for _, law := range []string{"branch_idempotent", "branch_seq", "fix_guarded", "seq_left_identity"} {
				wantStatus(t, res, "SortedOperad/"+law, pybridge.Passed)
			}
			r := wantStatus(t, res, "SortedOperad/branch_swap", pybridge.Failed)
			cx := r.Counterexample
			if cx == nil {
				t.Fatal("branch_swap: no counterexample")
			}
			preds := map[string]bool{"pos": true, "even": true}
			for _, b := range cx.Bindings {
				_, isPred := preds[b.Term]
				switch {
				case b.Name == "p" && !isPred:
					t.Errorf("p bound to %s, not a predicate", b.Term)
				case b.Name != "p" && (strings.Contains(b.Term, "pos") || strings.Contains(b.Term, "even")):
					t.Errorf("%s bound to %s, which holds a predicate", b.Name, b.Term)
				}
			}
			if cx.LHS != "branch(pos, id, inc)" && cx.LHS != "branch(even, id, inc)" {
				t.Errorf("branch_swap: not shrunk to the smallest case: %s = %s", cx.LHS, cx.RHS)
			}
			for law, reason := range map[string]string{
				"agent_as_predicate": "inc: has sort agent where predicate is expected",
				"predicate_as_agent": "variable p is used at sorts predicate and agent",
			} {
				if r := wantStatus(t, res, "SortedOperad/"+law, pybridge.NotCheckable); !strings.Contains(r.Reason, reason) {
					t.Errorf("%s: reason %q, want %q", law, r.Reason, reason)
				}
			}
		})
	}
}

// Without predicate leaves, a law with a predicate variable is not
// checkable, and the other laws are checked on terms without branch and
// fix (which would raise without a predicate).
func TestPythonLawWithoutLeavesOfItsSort(t *testing.T) {
	needPython(t)
	_, res, errs := runPython(t, "sorted_operad:SORTED_OPERAD", "--leaves", "sorted_operad:NO_PREDICATES", "-seed", "3")
	r := wantStatus(t, res, "SortedOperad/branch_idempotent", pybridge.NotCheckable)
	if !strings.Contains(r.Reason, "variable p is of sort predicate and no leaf is") {
		t.Errorf("reason %q\n%s", r.Reason, errs)
	}
	wantStatus(t, res, "SortedOperad/seq_left_identity", pybridge.Passed)
	wantStatus(t, res, "SortedOperad/seq_right_identity", pybridge.Passed)
}

// The kgents-shaped fixture declares its predicate in Leaves(predicates=...):
// its laws over branch and fix are checked, and pass.
func TestPythonKgentsBranchAndFixLaws(t *testing.T) {
	needPython(t)
	_, res, _ := runPython(t, "agent_operad:AGENT_OPERAD", "-seed", "5", "-run", "branch_trace|fix_trace")
	wantStatus(t, res, "AgentOperad/branch_trace", pybridge.Passed)
	wantStatus(t, res, "AgentOperad/fix_trace", pybridge.Passed)
}
