package laws_test

import (
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/laws"
)

// fixtureEnv makes this test binary register a broken instance, so that a
// subprocess can show what a failing TestLaws prints.
const fixtureEnv = "KGENTS_LAWS_BROKEN_FIXTURE"

func init() {
	laws.Register("int_addition", laws.CommutativeMonoidLaws(laws.MonoidOf(0, add), ints, intEq))
	laws.Register("string_concatenation", laws.MonoidLaws(laws.MonoidOf("", concat), strs, strEq))
	if os.Getenv(fixtureEnv) != "" {
		// "Deliberately broken": addition replaced by subtraction.
		laws.Register("broken_int_addition", laws.CommutativeMonoidLaws(laws.MonoidOf(0, sub), ints, intEq))
	}
}

// TestLaws checks the instances registered above, as every package does.
func TestLaws(t *testing.T) { laws.CheckAll(t) }

func runSelf(t *testing.T, env []string, args ...string) (string, bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "LAWS_SAVEDIR="+t.TempDir()), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("running %v: %v", args, err)
		}
	}
	return string(out), err == nil
}

// Breaking an instance makes exactly the right subtests of TestLaws fail,
// with the full report, and the printed replay command reproduces the
// failure as the first case.
func TestBrokenInstanceFailsTheRightSubtests(t *testing.T) {
	if os.Getenv(fixtureEnv) != "" {
		t.Fatal("this test must not run inside its own fixture")
	}
	for _, engine := range []string{"rapid", "gopter"} {
		env := []string{fixtureEnv + "=1", "LAWS_ENGINE=" + engine}
		out, ok := runSelf(t, env, "-test.run=^TestLaws$", "-test.v")
		if ok {
			t.Fatalf("%s: TestLaws passed with a broken instance:\n%s", engine, out)
		}
		failRE := regexp.MustCompile(`--- FAIL: (TestLaws/\S+)`)
		var failed []string
		for _, m := range failRE.FindAllStringSubmatch(out, -1) {
			failed = append(failed, m[1])
		}
		want := []string{
			"TestLaws/broken_int_addition/associativity",
			"TestLaws/broken_int_addition/left_identity",
			"TestLaws/broken_int_addition/commutativity",
			"TestLaws/broken_int_addition",
		}
		slices.Sort(failed)
		slices.Sort(want)
		if !slices.Equal(failed, want) {
			t.Errorf("%s: failing subtests %v, want %v\n%s", engine, failed, want, out)
		}
		for _, line := range []string{
			"law associativity of broken_int_addition: FAILED [Semigroup]",
			"equation: (x·y)·z = x·(y·z)",
			"x = 0", "y = 0", "z = 1", "lhs = -1", "rhs = 1", "diff (-lhs +rhs):",
			"engine: " + engine + ", seed ",
			"replay: go test -run '^TestLaws$/^broken_int_addition$/^associativity$' ./laws -laws.engine=" + engine + " -laws.seed=",
		} {
			if !strings.Contains(out, line) {
				t.Errorf("%s: output lacks %q:\n%s", engine, line, out)
			}
		}

		// Replay: the command's -run and flags, against this binary.
		m := regexp.MustCompile(`replay: go test -run '(\^TestLaws\$/\^broken_int_addition\$/\^associativity\$)' \./laws (-laws\.engine=\S+) (-laws\.seed=\d+)`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("%s: no replay command for associativity in:\n%s", engine, out)
		}
		replay, ok := runSelf(t, []string{fixtureEnv + "=1"}, "-test.run="+m[1], m[2], m[3], "-test.v")
		if ok {
			t.Fatalf("%s: the replay passed:\n%s", engine, replay)
		}
		if !strings.Contains(replay, "0 cases held before this one") || !strings.Contains(replay, "z = 1") {
			t.Errorf("%s: the replay did not fail on its first case with the same counterexample:\n%s", engine, replay)
		}
		if strings.Contains(replay, "left_identity") {
			t.Errorf("%s: the replay ran more than the failing law:\n%s", engine, replay)
		}
	}
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s did not panic", what)
		}
	}()
	f()
}

func TestRegisterRejectsBadRegistrations(t *testing.T) {
	set := laws.SemigroupLaws(laws.SemigroupOf(add), ints, intEq)
	mustPanic(t, "a duplicate instance", func() { laws.Register("int_addition", set) })
	mustPanic(t, "an empty name", func() { laws.Register("", set) })
	mustPanic(t, "a name with a space", func() { laws.Register("int addition", set) })
	mustPanic(t, "a name with a slash", func() { laws.Register("int/addition", set) })
	mustPanic(t, "no laws", func() { laws.Register("nothing") })
	mustPanic(t, "a law without a name", func() {
		laws.Register("unnamed_law", laws.NewLawSet("S", nil, laws.Property("", "", func(*laws.Draws) error { return nil })))
	})
}

func TestInstancesAreSortedAndMerged(t *testing.T) {
	var names []string
	for _, in := range laws.Instances() {
		names = append(names, in.Name)
		if in.Name == "int_addition" {
			var ls []string
			for _, l := range in.Laws {
				ls = append(ls, l.Name)
			}
			want := []string{"associativity", "left_identity", "right_identity", "commutativity"}
			if !slices.Equal(ls, want) {
				t.Errorf("int_addition laws %v, want %v", ls, want)
			}
		}
	}
	if !slices.IsSorted(names) || !slices.Contains(names, "int_addition") {
		t.Errorf("Instances() = %v, want sorted and containing int_addition", names)
	}
}

func TestRunFiltersByMatch(t *testing.T) {
	rs, err := laws.Run(laws.Options{Match: `^int_addition/(associativity|commutativity)$`})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rs {
		got = append(got, r.Instance+"/"+r.Law)
		if r.Status != laws.Passed {
			t.Errorf("%s", r.Report())
		}
	}
	if want := []string{"int_addition/associativity", "int_addition/commutativity"}; !slices.Equal(got, want) {
		t.Errorf("Run matched %v, want %v", got, want)
	}
	if _, err := laws.Run(laws.Options{Match: "("}); err == nil {
		t.Error("a bad Match pattern gave no error")
	}
	if _, err := laws.Run(laws.Options{Engine: "quickcheck"}); err == nil || !strings.Contains(err.Error(), "unknown engine") {
		t.Errorf("an unknown engine gave %v", err)
	}
}
