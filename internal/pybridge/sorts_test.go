package pybridge_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/internal/pybridge"
)

// Laws whose variables cannot be given one sort with leaves are not
// checkable, with the reason; none of them reaches the evaluator (the
// bridge here has nothing behind it).
func TestIllSortedLawsAreNotCheckable(t *testing.T) {
	d := &pybridge.Describe{Protocol: pybridge.Version, Operads: []pybridge.OperadDescribe{{
		Name: "S",
		Operations: []pybridge.OperationDesc{
			{Name: "seq", Arity: 2, Args: []string{"agent"}, Result: "agent"},
			{Name: "branch", Arity: 3, Args: []string{"predicate", "agent", "agent"}, Result: "agent"},
			{Name: "rep", Arity: 2, Args: []string{"count", "agent"}, Result: "agent"},
		},
		Laws: []pybridge.LawDesc{
			{Name: "leaf", Equation: "branch(id, a, b) = a"},
			{Name: "two_sorts", Equation: "branch(p, a, b) = p"},
			{Name: "sides", Equation: "id = pos"},
			{Name: "unplaced", Equation: "a = a"},
			{Name: "no_leaves", Equation: "rep(n, a) = a"},
			{Name: "too_many_sorts", Equation: "seq(a, b) = a"},
		},
		Leaves: []pybridge.LeafDesc{{Name: "id"}, {Name: "pos", Sort: "predicate"}},
		Inputs: []pybridge.Value{{Kind: "int", V: "0"}},
	}}}
	want := map[string]string{
		"leaf":      "id: has sort agent where predicate is expected",
		"two_sorts": "variable p is used at sorts predicate and agent",
		"sides":     "the left side is of sort agent and the right side of sort predicate",
		"unplaced":  "variable a occupies no position with a sort",
		"no_leaves": "variable n is of sort count and no leaf is",
	}
	b := pybridge.Pipes(bytes.NewReader(nil), io.Discard)
	res, err := pybridge.Check(b, d, pybridge.Options{Match: "/(leaf|two_sorts|sides|unplaced|no_leaves)$"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != len(want) {
		t.Fatalf("%d results, want %d: %+v", len(res), len(want), res)
	}
	for _, r := range res {
		if r.Status != pybridge.NotCheckable || !strings.Contains(r.Reason, want[r.Law]) {
			t.Errorf("%s: %s %q, want not checkable %q", r.Law, r.Status, r.Reason, want[r.Law])
		}
	}
	d.Operads[0].Operations[0].Args = []string{"agent", "agent", "agent"}
	res, _ = pybridge.Check(b, d, pybridge.Options{Match: "too_many_sorts"})
	if len(res) != 1 || res[0].Status != pybridge.NotCheckable || !strings.Contains(res[0].Reason, "seq takes 2 arguments but declares 3 argument sorts") {
		t.Errorf("an operation with more sorts than arguments: %+v", res)
	}
}
