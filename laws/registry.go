package laws

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Instance is a registered instance: a name and the merged laws of its law
// sets.
type Instance struct {
	Name string
	Laws []Law
}

var registry struct {
	mu     sync.Mutex
	byName map[string]Instance
}

var validName = regexp.MustCompile(`^[^\s/'"\x60]+$`)

// Register registers an instance under name with the law sets it must
// satisfy, for [CheckAll] and [Run]. Laws are merged by name across the
// sets, so a law shared by two sets runs once.
//
// Instances are usually registered from an init function of the package
// that defines them. Register panics, like flag redefinition, if name is
// already registered, is not a valid subtest name (it must be non-empty,
// without spaces, slashes or quotes), or if the sets contain no law or a
// law without a name.
func Register(name string, sets ...LawSet) {
	laws := mergeSets(sets)
	mustValidate(name, laws)
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if registry.byName == nil {
		registry.byName = map[string]Instance{}
	}
	if _, dup := registry.byName[name]; dup {
		panic(fmt.Sprintf("laws: instance %q registered twice", name))
	}
	registry.byName[name] = Instance{Name: name, Laws: laws}
}

func mustValidate(name string, laws []Law) {
	if !validName.MatchString(name) {
		panic(fmt.Sprintf("laws: invalid instance name %q: use a non-empty name without spaces, slashes or quotes", name))
	}
	if len(laws) == 0 {
		panic(fmt.Sprintf("laws: instance %q has no laws", name))
	}
	for _, l := range laws {
		if !validName.MatchString(l.Name) {
			panic(fmt.Sprintf("laws: instance %q: invalid law name %q: use a non-empty name without spaces, slashes or quotes", name, l.Name))
		}
	}
}

// Instances returns the registered instances, sorted by name.
func Instances() []Instance {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	out := make([]Instance, 0, len(registry.byName))
	for _, in := range registry.byName {
		out = append(out, in)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// CheckAll checks every registered instance, each law as the subtest
// <instance>/<law> of t. Call it from a test named TestLaws so that
// `go test -run Laws ./...` checks every instance of every package:
//
//	func TestLaws(t *testing.T) { laws.CheckAll(t) }
//
// A failing law reports its counterexample through t and the command that
// replays it. CheckAll fails if nothing is registered, since checking
// nothing must not look like a pass.
func CheckAll(t *testing.T) {
	t.Helper()
	insts := Instances()
	if len(insts) == 0 {
		t.Fatal("laws: CheckAll: no instances are registered in this test binary")
	}
	c, err := Options{}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range insts {
		checkInstance(t, in.Name, in.Laws, c)
	}
}

// Check checks the laws of sets on an instance that need not be
// registered, each law as the subtest <instance>/<law> of t.
func Check(t *testing.T, instance string, sets ...LawSet) {
	t.Helper()
	laws := mergeSets(sets)
	mustValidate(instance, laws)
	c, err := Options{}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	checkInstance(t, instance, laws, c)
}

func checkInstance(t *testing.T, instance string, laws []Law, c config) {
	t.Helper()
	t.Run(instance, func(t *testing.T) {
		for _, l := range laws {
			t.Run(l.Name, func(t *testing.T) {
				r := runLaw(instance, l, c)
				r.Replay = goTestReplay(t.Name(), r)
				if r.Status != Passed {
					t.Error("\n" + r.Report())
					return
				}
				t.Logf("%s: %d cases held (%s, %v)", l.Equation, r.Cases, r.Engine, r.Duration)
			})
		}
	})
}

// Run checks every registered instance without a testing.T (the lawcheck
// CLI uses it) and returns one result per law, in instance and law order.
// Options.OnResult receives each result as soon as its law finishes.
func Run(opts Options) ([]Result, error) {
	c, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, in := range Instances() {
		out = append(out, runLaws(in.Name, in.Laws, c, opts)...)
	}
	return out, nil
}

// RunInstance checks the laws of sets on an instance that need not be
// registered and returns one result per law.
func RunInstance(instance string, opts Options, sets ...LawSet) ([]Result, error) {
	c, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	return runLaws(instance, mergeSets(sets), c, opts), nil
}

func runLaws(instance string, laws []Law, c config, opts Options) []Result {
	var out []Result
	for _, l := range laws {
		if c.match != nil && !c.match.MatchString(instance+"/"+l.Name) {
			continue
		}
		if opts.OnStart != nil {
			opts.OnStart(instance, l.Name)
		}
		r := runLaw(instance, l, c)
		if opts.OnResult != nil {
			opts.OnResult(r)
		}
		out = append(out, r)
	}
	return out
}

func runLaw(instance string, l Law, c config) Result {
	var r Result
	if c.engine == Gopter {
		r = runGopter(l, c)
	} else {
		r = runRapid(l, c)
	}
	r.Instance, r.Law, r.Structure, r.Equation = instance, l.Name, l.Structure, l.Equation
	return r
}

// goTestReplay returns the go test command that replays r in the test
// named testName, run from the module root.
func goTestReplay(testName string, r Result) string {
	parts := strings.Split(testName, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	cmd := fmt.Sprintf("go test -run '%s' %s -laws.engine=%s", strings.Join(parts, "/"), packageDir(), r.Engine)
	if r.Seed != 0 {
		cmd += " -laws.seed=" + strconv.FormatUint(r.Seed, 10)
	}
	return cmd
}

// packageDir returns the directory of the package under test (go test runs
// tests there) relative to the module root, as ./dir.
func packageDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, wd)
			if err != nil || rel == "." {
				return "."
			}
			return "./" + filepath.ToSlash(rel)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "."
		}
		dir = parent
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
