package laws_test

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/observe"
)

// observedRun runs sets with observation into a fresh directory and
// returns the results and the observations, every line of which has been
// validated against the schema.
func observedRun(t *testing.T, opts laws.Options, instance string, sets ...laws.LawSet) ([]laws.Result, []observe.Observation) {
	t.Helper()
	opts.Observe = t.TempDir()
	rs, err := laws.RunInstance(instance, opts, sets...)
	if err != nil {
		t.Fatal(err)
	}
	validateDir(t, opts.Observe)
	obs, err := observe.ReadDir(opts.Observe)
	if err != nil {
		t.Fatal(err)
	}
	return rs, obs
}

func validateDir(t *testing.T, dir string) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(observe.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<24)
		for n := 1; sc.Scan(); n++ {
			inst, err := jsonschema.UnmarshalJSON(strings.NewReader(sc.Text()))
			if err == nil {
				err = schema.Validate(inst)
			}
			if err != nil {
				t.Fatalf("%s:%d does not follow the schema: %v\n%s", f, n, err, sc.Text())
			}
		}
	}
}

type tally struct {
	passed, failed, gaveUp, random, shrink int
	result                                 observe.Object
	alerts                                 []string
	lastFailed                             string
}

func tallyOf(obs []observe.Observation, property string) tally {
	var t tally
	for _, o := range obs {
		if o.Property != property {
			continue
		}
		switch o.Type {
		case observe.TestCase:
			if o.HowGenerated == observe.ShrinkStep {
				t.shrink++
			} else {
				t.random++
				switch o.Status {
				case observe.Passed:
					t.passed++
				case observe.Failed:
					t.failed++
				case observe.GaveUp:
					t.gaveUp++
				}
			}
			if o.Status == observe.Failed {
				t.lastFailed = o.Representation
			}
		case observe.Info:
			if d, ok := observe.ResultDetails(&o); ok {
				t.result = d
			}
		case observe.Alert:
			t.alerts = append(t.alerts, o.Title)
		}
	}
	return t
}

// Every case a passing run generates is one test case that passed, on
// both engines, and the run closes with its result.
func TestObservedPassCountsEveryCase(t *testing.T) {
	for _, e := range engines {
		rs, obs := observedRun(t, laws.Options{Engine: e, Checks: 60, Seed: 3}, "int_addition", additionAssociativity)
		r := rs[0]
		if r.Status != laws.Passed || r.Message != "" {
			t.Fatalf("%s: %s", e, r.Report())
		}
		tl := tallyOf(obs, "int_addition/associativity")
		if tl.passed != r.Cases || tl.failed != 0 || tl.shrink != 0 || tl.gaveUp != r.Discarded {
			t.Errorf("%s: observed %+v for %d cases, %d discarded", e, tl, r.Cases, r.Discarded)
		}
		if s, _ := tl.result.String("status"); s != "passed" {
			t.Errorf("%s: result %v", e, tl.result)
		}
		if n, _ := tl.result.Number("cases"); int(n) != r.Cases {
			t.Errorf("%s: result says %v cases, run %d", e, n, r.Cases)
		}
	}
}

// A failure is observed as the first failing case, then shrink steps,
// the last failing one of which is the reported counterexample; the
// result names it too.
func TestObservedFailureEndsAtTheCounterexample(t *testing.T) {
	for _, e := range engines {
		rs, obs := observedRun(t, laws.Options{Engine: e, Checks: 1000, Seed: 5}, "planted", plantedBug)
		r := rs[0]
		if r.Status != laws.Failed {
			t.Fatalf("%s: %s", e, r.Report())
		}
		tl := tallyOf(obs, "planted/agrees_with_reference")
		want := "t = " + r.Counterexample.Bindings[0].Value.(interface{ String() string }).String()
		if tl.failed != 1 || tl.shrink == 0 || tl.lastFailed != want {
			t.Errorf("%s: observed %d failures, %d shrink steps, last failing %q; want 1, some, %q", e, tl.failed, tl.shrink, tl.lastFailed, want)
		}
		if got, _ := tl.result.String("counterexample"); got != want {
			t.Errorf("%s: result's counterexample %q, want %q", e, got, want)
		}
		if tl.passed != r.Cases {
			t.Errorf("%s: %d passing cases observed before the failure, run says %d", e, tl.passed, r.Cases)
		}
	}
}

// A law that discards much is observed with its reasons and an alert.
func TestObservedDiscardsAreGivenUpWithAnAlert(t *testing.T) {
	set := laws.NewLawSet("Halves", nil, laws.Equation("even_halves", "x even ⇒ (x/2)·2 = x", intEq, func(d *laws.Draws) (int, int) {
		x := laws.Draw(d, "x", generators.IntRange(0, 1000))
		if x%2 == 1 {
			d.Discard("x is odd")
		}
		return x / 2 * 2, x
	}))
	for _, e := range engines {
		rs, obs := observedRun(t, laws.Options{Engine: e, Checks: 100, Seed: 9}, "halves", set)
		r := rs[0]
		if r.Status != laws.Passed || r.Discarded == 0 {
			t.Fatalf("%s: %s", e, r.Report())
		}
		tl := tallyOf(obs, "halves/even_halves")
		if tl.gaveUp != r.Discarded {
			t.Errorf("%s: %d gave up observed, %d discarded", e, tl.gaveUp, r.Discarded)
		}
		if !strings.Contains(strings.Join(tl.alerts, ","), "many cases discarded") {
			t.Errorf("%s: %d of %d discarded, alerts %v", e, r.Discarded, r.Cases+r.Discarded, tl.alerts)
		}
		for _, o := range obs {
			if o.Status == observe.GaveUp && o.StatusReason != "x is odd" {
				t.Errorf("%s: gave up for %q", e, o.StatusReason)
			}
		}
	}
}

// LAWS_OBSERVE turns observation on for a run that does not ask for it,
// read when the run starts.
func TestLawsObserveEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("LAWS_OBSERVE", dir)
	if _, err := laws.RunInstance("int_addition", laws.Options{Checks: 10, Seed: 1}, additionAssociativity); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "int_addition.associativity.*.jsonl"))
	if len(files) != 1 {
		t.Errorf("LAWS_OBSERVE=%s wrote %v", dir, files)
	}
	// 0 is off, 1 is the default directory under the working directory.
	wd := t.TempDir()
	t.Chdir(wd)
	t.Setenv("LAWS_OBSERVE", "0")
	if _, err := laws.RunInstance("int_addition", laws.Options{Checks: 10, Seed: 1}, additionAssociativity); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(wd, ".lawcheck")); !os.IsNotExist(err) {
		t.Errorf("LAWS_OBSERVE=0 wrote observations (%v)", err)
	}
	t.Setenv("LAWS_OBSERVE", "1")
	if _, err := laws.RunInstance("int_addition", laws.Options{Checks: 10, Seed: 1}, additionAssociativity); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(wd, observe.DefaultDir, "*.jsonl")); len(files) != 1 {
		t.Errorf("LAWS_OBSERVE=1 wrote %v", files)
	}
}

// A failure saved by one run is replayed first by the next, and observed
// as replayed.
func TestObservedReplayOfASavedFailure(t *testing.T) {
	save := t.TempDir()
	opts := laws.Options{Engine: laws.Rapid, Checks: 1000, Seed: 5, SaveDir: save}
	if rs, _ := observedRun(t, opts, "planted", plantedBug); rs[0].Status != laws.Failed {
		t.Fatalf("first run: %s", rs[0].Report())
	}
	opts.Seed = 6
	rs, obs := observedRun(t, opts, "planted", plantedBug)
	if rs[0].Status != laws.Failed {
		t.Fatalf("second run: %s", rs[0].Report())
	}
	var first *observe.Observation
	for i, o := range obs {
		if o.Type == observe.TestCase {
			first = &obs[i]
			break
		}
	}
	if first == nil || first.HowGenerated != observe.Replayed || first.Status != observe.Failed {
		t.Errorf("the first case of a run that replays a saved failure is %+v, want a replayed failure", first)
	}
}
