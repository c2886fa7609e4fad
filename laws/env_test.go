package laws_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

var addition = laws.MonoidLaws(laws.MonoidOf(0, func(x, y int) int { return x + y }), generators.Int(), laws.Comparable[int]())

// The environment is read when a run starts (so that the go test cache,
// which records the variables a test reads, sees LAWS_*), not at init.
func TestEnvironmentReadAtRunStart(t *testing.T) {
	t.Setenv("LAWS_ENGINE", "gopter")
	t.Setenv("LAWS_CHECKS", "7")
	rs, err := laws.RunInstance("int_addition", laws.Options{}, addition)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Engine != laws.Gopter || r.Cases != 7 {
			t.Errorf("%s: engine %s, %d cases; want gopter, 7 (from LAWS_*)", r.Law, r.Engine, r.Cases)
		}
	}
	if o, err := (laws.Options{Engine: laws.Rapid}).Effective(); err != nil || o.Engine != laws.Rapid || o.Checks != 7 {
		t.Errorf("Effective = %+v, %v: an option overrides the environment, which fills the rest", o, err)
	}
}

// A bad value is one error naming the variable, matchable with
// errors.Is, not a panic at init.
func TestBadEnvironmentIsOneClearError(t *testing.T) {
	for _, c := range [][2]string{
		{"LAWS_CHECKS", "abc"}, {"LAWS_CHECKS", "-3"}, {"LAWS_SEED", "x"}, {"LAWS_SHRINKTIME", "soon"}, {"LAWS_VERBOSE", "loud"}, {"LAWS_ENGINE", "quickcheck"},
	} {
		t.Run(c[0]+"="+c[1], func(t *testing.T) {
			t.Setenv(c[0], c[1])
			_, err := laws.RunInstance("int_addition", laws.Options{}, addition)
			if err == nil || !strings.Contains(err.Error(), c[0]) && c[0] != "LAWS_ENGINE" || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v, want one line naming %s", err, c[0])
			}
			if c[0] != "LAWS_ENGINE" && !errors.Is(err, laws.ErrSetting) {
				t.Errorf("%v is not ErrSetting", err)
			}
			if c[0] == "LAWS_ENGINE" && !strings.Contains(err.Error(), "LAWS_ENGINE") {
				t.Errorf("%v does not name LAWS_ENGINE", err)
			}
		})
	}
}

// In a test binary a bad LAWS_* fails TestLaws with that one line.
func TestBadEnvironmentFailsTestLaws(t *testing.T) {
	if os.Getenv(fixtureEnv) != "" {
		t.Skip("fixture")
	}
	out, ok := runSelf(t, []string{"LAWS_CHECKS=abc"}, "-test.run=^TestLaws$")
	if ok || !strings.Contains(out, `laws: LAWS_CHECKS="abc": want a number of cases`) || strings.Contains(out, "goroutine ") {
		t.Fatalf("TestLaws with LAWS_CHECKS=abc:\n%s", out)
	}
}

// A plain program that imports laws and runs laws on rapid keeps its
// command line: no test flags, no laws flags, nothing parsed for it.
func TestPlainProgramKeepsItsCommandLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	bin := filepath.Join(t.TempDir(), "plainprog")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/plainprog").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, _ := exec.Command(bin, "-h").CombinedOutput()
	if strings.Contains(string(out), "-test.") || strings.Contains(string(out), "-laws.") || !strings.Contains(string(out), "-parse") {
		t.Errorf("plainprog -h shows flags that are not its own:\n%s", out)
	}
	for _, args := range [][]string{nil, {"-parse"}} {
		out, err := exec.Command(bin, args...).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "associativity passed rapid 20") {
			t.Fatalf("plainprog %q: %v\n%s", args, err, out)
		}
		want := "parsed: false"
		if args != nil {
			want = "parsed: true"
		}
		if !strings.Contains(string(out), want) {
			t.Errorf("plainprog %q: %s", args, out)
		}
	}
}

// The go test cache sees LAWS_*: in a module of a user's, a second run
// with the same settings is cached, and one with another LAWS_ENGINE is
// not (the variables were read during the test, not at init, where the
// cache cannot see them).
func TestGoTestCacheSeesLawsVariables(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test on a module of its own")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"go.mod": "module example.com/cachecheck\n\ngo 1.26\n\nrequire github.com/kgents/kgents-core v0.0.0\n\nreplace github.com/kgents/kgents-core => " + root + "\n",
		"go.sum": string(sum),
		"p/p.go": "// Package p is a user's package.\npackage p\n\n// Add adds.\nfunc Add(x, y int) int { return x + y }\n",
		"p/p_test.go": `package p

import (
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

func init() {
	laws.Register("p_addition", laws.MonoidLaws(laws.MonoidOf(0, Add), generators.Int(), laws.Comparable[int]()))
}

func TestLaws(t *testing.T) { laws.CheckAll(t) }
`,
	}
	for name, content := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goTest := func(engine string) string {
		t.Helper()
		cmd := exec.Command("go", "test", "./p")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "LAWS_ENGINE="+engine, "LAWS_SAVEDIR=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("LAWS_ENGINE=%s go test: %v\n%s", engine, err, out)
		}
		return string(out)
	}
	goTest("rapid")
	if out := goTest("rapid"); !strings.Contains(out, "(cached)") {
		t.Fatalf("the same settings again are not cached: %s", out)
	}
	if out := goTest("gopter"); strings.Contains(out, "(cached)") {
		t.Fatalf("LAWS_ENGINE=gopter returned the cached rapid result: %s", out)
	}
}
