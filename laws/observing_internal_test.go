package laws

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws/observe"
	"github.com/kgents/kgents-core/laws/term"
)

func TestObserveSettingReadsOnOffAndDirectories(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "0": "", "false": "", "off": "",
		"1": observe.DefaultDir, "true": observe.DefaultDir, "ON": observe.DefaultDir,
		"out/obs": "out/obs",
	} {
		if got := observeDir(in); got != want {
			t.Errorf("observeDir(%q) = %q, want %q", in, got, want)
		}
	}
	t.Setenv("LAWS_OBSERVE", "1")
	if got := observeSetting(""); got != observe.DefaultDir {
		t.Errorf("LAWS_OBSERVE=1: %q", got)
	}
	if got := observeSetting("mine"); got != "mine" {
		t.Errorf("Options win over the environment: %q", got)
	}
}

func TestAnObserverThatIsOffDoesNothing(t *testing.T) {
	var ob *observer
	ob.testCase(outcome{kind: holds}, ob.how(), 0)
	ob.seen(outcome{kind: violated})
	var r Result
	ob.finish(&r)
	if r.Message != "" {
		t.Errorf("an off observer changed the result: %+v", r)
	}
}

// An observer fed the cases of a term law writes one test case per case
// with the term's features, and closes with the run's result and an
// alert about discards.
func TestObserverWritesCasesFeaturesResultAndAlerts(t *testing.T) {
	sig := term.MustSignature(term.Operation{Name: "mul", Arity: term.Fixed(2)})
	terms := term.Generator(sig, term.Leaves{"": term.ConstantsFrom(generators.IntRange(0, 9))}, term.Budget{Nodes: 9, Depth: 4}, "")
	law := Equation("size_is_odd", "size(t) odd", Comparable[bool](), func(d *Draws) (bool, bool) {
		t := Draw(d, "t", terms)
		n := Draw(d, "n", generators.IntRange(0, 3))
		if n == 0 {
			d.Discard("n is zero")
		}
		return t.Size()%2 == 1, t.Size() < 7
	})
	dir := t.TempDir()
	c := config{engine: Rapid, checks: 20, explicitChecks: true}
	ob := newObserver(dir, "mul_terms", law, c)
	r := Result{Engine: Rapid, Seed: 7}
	for seed := uint64(1); seed <= 40; seed++ {
		o := eval(law, generators.Record(seed))
		ob.testCase(o, ob.how(), 0)
		ob.seen(o)
		switch o.kind {
		case holds:
			r.Cases++
		case discarded:
			r.Discarded++
		}
		if ob.shrinking {
			r.Status = Failed
			break
		}
	}
	ob.finish(&r)
	if r.Message != "" {
		t.Fatalf("observer reported %q", r.Message)
	}
	obs, err := observe.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var cases, gaveUp, failed int
	var result *observe.Observation
	alerts := map[string]bool{}
	for i, o := range obs {
		switch o.Type {
		case observe.TestCase:
			cases++
			if o.Property != "mul_terms/size_is_odd" {
				t.Errorf("property %q", o.Property)
			}
			if !strings.HasPrefix(o.Representation, "t = ") || !strings.Contains(o.Representation, "\nn = ") {
				t.Errorf("representation %q", o.Representation)
			}
			if _, err := term.Parse(strings.SplitN(strings.TrimPrefix(o.Representation, "t = "), "\n", 2)[0]); err != nil {
				t.Errorf("representation of t is not a term: %v", err)
			}
			if _, ok := o.Features.Number("term nodes:t"); !ok {
				t.Errorf("no term nodes feature: %+v", o.Features)
			}
			if _, ok := o.Features.Number("term depth:t"); !ok {
				t.Errorf("no term depth feature: %+v", o.Features)
			}
			switch o.Status {
			case observe.GaveUp:
				gaveUp++
				if o.StatusReason != "n is zero" {
					t.Errorf("gave up for %q", o.StatusReason)
				}
			case observe.Failed:
				failed++
			}
		case observe.Alert:
			alerts[o.Title] = true
		case observe.Info:
			if o.Title == observe.ResultTitle {
				result = &obs[i]
			}
		}
	}
	if cases == 0 || gaveUp == 0 || failed != 1 {
		t.Errorf("%d cases, %d gave up, %d failed", cases, gaveUp, failed)
	}
	if result == nil {
		t.Fatal("no result message")
	}
	details, ok := observe.ResultDetails(result)
	if !ok {
		t.Fatalf("result %q has no details", result.Content)
	}
	if s, _ := details.String("status"); s != "failed" {
		t.Errorf("result status %q", s)
	}
	if r.Discarded*5 >= r.Cases+r.Discarded && !alerts["many cases discarded"] {
		t.Errorf("%d of %d discarded and no alert: %v", r.Discarded, r.Cases+r.Discarded, alerts)
	}
}

func TestAnUnwritableDirectoryIsReportedNotFatal(t *testing.T) {
	file := t.TempDir() + "/file"
	if err := writeFile(file); err != nil {
		t.Fatal(err)
	}
	law := Property("p", "true", func(d *Draws) error { return nil })
	ob := newObserver(file+"/sub", "i", law, config{engine: Rapid})
	r := Result{Status: Passed, Cases: 3}
	ob.testCase(outcome{kind: holds}, observe.Random, 0)
	ob.finish(&r)
	if r.Status != Passed || !strings.Contains(r.Message, "observations not written") {
		t.Errorf("result %+v", r)
	}
}

func writeFile(path string) error { return os.WriteFile(path, nil, 0o644) }

// A law wrapped by observed is evaluated as before, and each evaluation,
// panics and discards included, becomes one test case; after the first
// failure the cases are shrink steps.
func TestObservedLawRecordsEveryEvaluation(t *testing.T) {
	law := Equation("even", "x even", Comparable[bool](), func(d *Draws) (bool, bool) {
		x := Draw(d, "x", generators.IntRange(0, 9))
		switch x {
		case 3:
			d.Discard("three")
		case 7:
			panic("seven")
		}
		return x%2 == 0, true
	})
	dir := t.TempDir()
	ob := newObserver(dir, "digits", law, config{engine: Gopter})
	wrapped := observed(law, ob)
	var wantStatus, wantHow []string
	failedYet := false
	kinds := map[outcomeKind]int{}
	for seed := uint64(1); seed <= 300; seed++ {
		plain, obs := eval(law, generators.Record(seed)), eval(wrapped, generators.Record(seed))
		if plain.kind != obs.kind || plain.message != obs.message || plain.where != obs.where {
			t.Errorf("seed %d: observed outcome %+v differs from %+v", seed, obs, plain)
		}
		kinds[obs.kind]++
		how := observe.Random
		if failedYet {
			how = observe.ShrinkStep
		}
		wantHow = append(wantHow, how)
		switch obs.kind {
		case holds:
			wantStatus = append(wantStatus, "passed")
		case discarded:
			wantStatus = append(wantStatus, "gave_up")
		default:
			wantStatus = append(wantStatus, "failed")
			failedYet = true
		}
	}
	r := Result{Status: Failed, Engine: Gopter}
	ob.finish(&r)
	got, err := observe.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var statuses, hows []string
	for _, o := range got {
		if o.Type == observe.TestCase {
			statuses = append(statuses, string(o.Status))
			hows = append(hows, o.HowGenerated)
		}
	}
	if strings.Join(statuses, " ") != strings.Join(wantStatus, " ") {
		t.Errorf("statuses %v\nwant %v", statuses, wantStatus)
	}
	if strings.Join(hows, ",") != strings.Join(wantHow, ",") {
		t.Errorf("how generated %v\nwant %v: random until the first failure, then shrink steps", hows, wantHow)
	}
	if kinds[holds] == 0 || kinds[violated] == 0 {
		t.Errorf("the seeds do not exercise passes and failures: %v", kinds)
	}
	if kinds[errored] == 0 || kinds[discarded] == 0 {
		t.Errorf("the seeds do not exercise panics and discards: %v", kinds)
	}
}

func TestBitSize(t *testing.T) {
	for x, want := range map[int64]int{0: 0, 1: 1, -1: 1, 2: 2, 255: 8, -256: 9, math.MaxInt64: 63, math.MinInt64: 64} {
		if got := bitSize(x); got != want {
			t.Errorf("bitSize(%d) = %d, want %d", x, got, want)
		}
	}
}
