package laws_test

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
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

// minedInstance is an instance whose package holds a distinctive literal
// next to its law: 7777 is a mined constant that special cases draw. The
// law x ≠ 7777 fails on that constant alone, and x + 0 = x always holds.
var (
	minedHolds = laws.NewLawSet("Mined", nil, laws.Equation("right_identity", "x + 0 = x", intEq, func(d *laws.Draws) (int, int) {
		x := laws.Draw(d, "x", generators.Int())
		return x + 0, x
	}))
	minedPair = laws.NewLawSet("Mined", nil, laws.Equation("commutativity", "x + y = y + x", intEq, func(d *laws.Draws) (int, int) {
		x, y := laws.Draw(d, "x", generators.Int()), laws.Draw(d, "y", generators.Int())
		return x + y, y + x
	}))
	minedFails = laws.NewLawSet("Mined", nil, laws.Property("not_7777", "x ≠ 7777", func(d *laws.Draws) error {
		if x := laws.Draw(d, "x", generators.Int()); x == 7777 {
			return errors.New("x is 7777")
		}
		return nil
	}))
)

// Each generated case says how it was made, from the kinds its values
// actually received: most cases are plain random, some received a mined
// constant (7777 among them) and some a boundary value, and in a special
// case each variable's own kind is a feature.
func TestObservedCasesSayHowTheyWereGenerated(t *testing.T) {
	for _, e := range engines {
		rs, obs := observedRun(t, laws.Options{Engine: e, Checks: 1000, Seed: 11}, "mined", minedHolds)
		if rs[0].Status != laws.Passed {
			t.Fatalf("%s: %s", e, rs[0].Report())
		}
		count := map[string]int{}
		saw7777 := false
		for _, o := range obs {
			if o.Type != observe.TestCase {
				continue
			}
			count[o.HowGenerated]++
			want := any(o.HowGenerated)
			if o.HowGenerated == observe.Random {
				want = nil
			}
			if feat := featureOf(o, "generated:x"); feat != want {
				t.Errorf("%s: case %q is %q but its variable x says %v", e, o.Representation, o.HowGenerated, feat)
			}
			if o.HowGenerated == observe.Mined && o.Representation == "x = 7777" {
				saw7777 = true
			}
		}
		total := count[observe.Random] + count[observe.Mined] + count[observe.Boundary]
		if total != rs[0].Cases || len(count) != 3 {
			t.Errorf("%s: %d cases but how generated says %v", e, rs[0].Cases, count)
		}
		if count[observe.Random]*2 <= total || count[observe.Mined]*10 < total || count[observe.Boundary]*40 < total {
			t.Errorf("%s: how generated %v: want most random, at least a tenth mined, some boundary", e, count)
		}
		if !saw7777 {
			t.Errorf("%s: no case says it drew the mined constant 7777", e)
		}
	}
}

// In a special case of two variables, each says what it received, and
// the case says the strongest: mined constant, then boundary.
func TestEachVariableSaysWhatItReceived(t *testing.T) {
	rank := map[any]int{observe.Random: 0, observe.Boundary: 1, observe.Mined: 2}
	for _, e := range engines {
		_, obs := observedRun(t, laws.Options{Engine: e, Checks: 1000, Seed: 12}, "mined", minedPair)
		mixed := 0
		for _, o := range obs {
			if o.Type != observe.TestCase || o.HowGenerated == observe.Random {
				continue
			}
			x, y := featureOf(o, "generated:x"), featureOf(o, "generated:y")
			rx, okx := rank[x]
			ry, oky := rank[y]
			if !okx || !oky {
				t.Fatalf("%s: case %q (%s) has variable kinds %v, %v", e, o.Representation, o.HowGenerated, x, y)
			}
			if x != y {
				mixed++
			}
			if want := max(rx, ry); rank[o.HowGenerated] != want {
				t.Errorf("%s: case %q says %q, its variables %v and %v", e, o.Representation, o.HowGenerated, x, y)
			}
		}
		if mixed == 0 {
			t.Errorf("%s: no special case mixed kinds between its two variables", e)
		}
	}
}

// A case found by a mined constant says so; the shrink steps after it,
// and the replay of the saved failure in the next run, keep their own
// labels even though they draw the same constant.
func TestShrinkStepsAndReplaysKeepTheirLabels(t *testing.T) {
	for _, e := range engines {
		save := t.TempDir()
		opts := laws.Options{Engine: e, Checks: 1000, Seed: 3, SaveDir: save}
		rs, obs := observedRun(t, opts, "mined", minedFails)
		if rs[0].Status != laws.Failed {
			t.Fatalf("%s: %s", e, rs[0].Report())
		}
		var hows []string
		for _, o := range obs {
			if o.Type == observe.TestCase {
				hows = append(hows, o.HowGenerated)
			}
		}
		first := slices.IndexFunc(obs, func(o observe.Observation) bool { return o.Status == observe.Failed })
		if first < 0 || obs[first].HowGenerated != observe.Mined {
			t.Fatalf("%s: the first failure is not labelled mined constant: %v", e, hows[:min(len(hows), first+1)])
		}
		after := 0
		for _, o := range obs[first+1:] {
			if o.Type == observe.TestCase {
				after++
				if o.HowGenerated != observe.ShrinkStep {
					t.Errorf("%s: after the first failure a case says %q, want %q", e, o.HowGenerated, observe.ShrinkStep)
				}
				if featureOf(o, "generated:x") != nil {
					t.Errorf("%s: shrink step %q has a generated kind", e, o.Representation)
				}
			}
		}
		if after == 0 {
			t.Errorf("%s: no shrink step was observed", e)
		}
		opts.Seed = 4
		rs, obs = observedRun(t, opts, "mined", minedFails)
		if rs[0].Status != laws.Failed {
			t.Fatalf("%s: replay: %s", e, rs[0].Report())
		}
		i := slices.IndexFunc(obs, func(o observe.Observation) bool { return o.Type == observe.TestCase })
		if i < 0 || obs[i].HowGenerated != observe.Replayed || obs[i].Representation != "x = 7777" {
			t.Errorf("%s: the replayed failure is %+v, want x = 7777 labelled replayed", e, obs[i])
		}
	}
}

// featureOf returns the value of a case's feature key, or nil.
func featureOf(o observe.Observation, key string) any {
	for _, f := range o.Features {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}
