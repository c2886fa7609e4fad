package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

func init() {
	// A lawless instance, registered only in this test binary, to see what
	// lawcheck prints when a law fails.
	laws.Register("test_broken_addition", laws.CommutativeMonoidLaws(
		laws.MonoidOf(0, func(x, y int) int { return x - y }), generators.Int(), laws.Comparable[int]()))
}

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestListShowsRegisteredInstances(t *testing.T) {
	code, out, _ := runCLI("list")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"int_addition\n", "associativity", "Semigroup", "(x·y)·z = x·(y·z)", "string_length", "f(x·y) = f(x)·f(y)"} {
		if !strings.Contains(out, want) {
			t.Errorf("list output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI("list", "-json")
	recs := decodeLines[laws.LawRecord](t, out)
	nlaws := 0
	for _, in := range laws.Instances() {
		nlaws += len(in.Laws)
	}
	if code != exitOK || len(recs) != nlaws {
		t.Fatalf("list -json: exit %d, %d records for %d laws:\n%s", code, len(recs), nlaws, out)
	}
	for _, r := range recs {
		if r.Format != laws.RecordFormat || r.Kind != laws.KindLaw || r.Instance == "" || r.Law == "" || r.Equation == "" {
			t.Errorf("list record %+v", r)
		}
	}
}

func TestRunLawfulInstancesExitsZero(t *testing.T) {
	for _, engine := range []string{"rapid", "gopter"} {
		code, out, errs := runCLI("run", "-engine", engine, "^int_")
		if code != exitOK {
			t.Fatalf("%s: exit %d\n%s%s", engine, code, out, errs)
		}
		if !strings.Contains(out, "passed  int_addition/associativity") || !strings.Contains(out, "0 failed, 0 errored ("+engine) {
			t.Errorf("%s: output:\n%s", engine, out)
		}
	}
}

func TestRunFailingLawExitsOneWithReport(t *testing.T) {
	code, out, _ := runCLI("run", "-seed", "3", "test_broken_addition/associativity")
	if code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s", code, exitFailed, out)
	}
	for _, want := range []string{"failed  test_broken_addition/associativity", "x = 0", "y = 0", "z = 1", "lhs = -1", "rhs = 1",
		"replay: lawcheck run -engine rapid -seed "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// The printed replay command fails on its very first case.
	m := regexp.MustCompile(`replay: lawcheck run -engine rapid -seed (\d+) '(\S+)'`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no replay command in:\n%s", out)
	}
	code, again, _ := runCLI("run", "-engine", "rapid", "-seed", m[1], m[2])
	if code != exitFailed || !strings.Contains(again, "0 cases held before this one") || !strings.Contains(again, "z = 1") {
		t.Errorf("replay: exit %d:\n%s", code, again)
	}
	// JSON carries the same counterexample.
	code, out, _ = runCLI("run", "-json", "-engine", "gopter", "test_broken_addition/associativity")
	rs := decodeLines[laws.Record](t, out)
	if code != exitFailed || len(rs) != 1 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	c := rs[0].Counterexample
	if rs[0].Format != laws.RecordFormat || rs[0].Status != laws.Failed || rs[0].Seed == "" || c == nil || len(c.Bindings) != 3 ||
		c.Bindings[2].Name != "z" || c.Bindings[2].Text != "1" || string(c.Bindings[2].JSON) != "1" || c.LHS.Text != "-1" {
		t.Errorf("JSON result %+v", rs[0])
	}
}

func TestBadUsageExitsTwo(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"frobnicate"},
		{"run", "-engine", "quickcheck"},
		{"run", "-checks", "0"},
		{"run", "-nosuchflag"},
		{"run", "("},
		{"run", "a", "b"},
		{"run", "no_such_instance_anywhere"},
		{"list", "extra"},
	} {
		code, _, errs := runCLI(args...)
		if code != exitUsage || errs == "" {
			t.Errorf("lawcheck %q: exit %d with stderr %q, want %d and a message", args, code, errs, exitUsage)
		}
	}
	if code, out, _ := runCLI("help"); code != exitOK || !strings.Contains(out, "Usage:") {
		t.Errorf("help: exit %d:\n%s", code, out)
	}
}

// decodeLines decodes one JSON record per line, strictly.
func decodeLines[T any](t *testing.T, out string) []T {
	t.Helper()
	var recs []T
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		var r T
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, line)
		}
		recs = append(recs, r)
	}
	return recs
}

// A passed law under -json has no seed when the run drew one it does not
// disclose, and every line is one record of the documented format.
func TestRunJSONPassHasNoFakeSeed(t *testing.T) {
	code, out, _ := runCLI("run", "-json", "^int_addition/associativity$")
	rs := decodeLines[laws.Record](t, out)
	if code != exitOK || len(rs) != 1 || rs[0].Status != laws.Passed || rs[0].Seed != "" || rs[0].Cases == 0 {
		t.Fatalf("exit %d: %+v\n%s", code, rs, out)
	}
}
