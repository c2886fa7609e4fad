package laws

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kgents/kgents-core/laws/observe"
)

// Instance is a registered instance: a name, the merged laws of its law
// sets, where it was registered, and its own settings.
type Instance struct {
	Name string
	Laws []Law
	// Package is the import path of the package that registered the
	// instance (of the package under test, for an external _test package);
	// CheckAll checks the instances of its own package.
	Package string
	// Site is the file:line of the Register call.
	Site string
	// Options are the instance's own settings.
	Options InstanceOptions
}

// InstanceOptions are the settings of one registered instance, given to
// [RegisterWith]. They apply whatever the run's settings, except where
// said otherwise.
type InstanceOptions struct {
	// Checks, if not 0, is the number of cases per law for this instance
	// (an instance whose cases are costly may ask for fewer, one whose
	// bugs are rare for more). It replaces the default and rapid's
	// -rapid.checks; a number the run asks for (Options.Checks,
	// -laws.checks, LAWS_CHECKS, lawcheck run -checks) wins over it.
	Checks int
	// ShrinkTime, if not 0, bounds the shrinking of one counterexample,
	// in the same way: over the default and -rapid.shrinktime, under a
	// bound the run asks for.
	ShrinkTime time.Duration
	// Deadline, if not 0, is the longest one case may take: a case that
	// takes longer errors the law, reported with that case, as
	// Hypothesis' deadline does. Use it for operations that must stay
	// fast; leave it 0 on a loaded machine.
	Deadline time.Duration
	// Engines, if not empty, are the only engines the instance runs on (a
	// generator that needs one engine, say): a run on another engine runs
	// the instance on the first of these, and its results say so.
	Engines []Engine
	// Parallel says that the laws of the instance may run at the same
	// time as each other (the instance and its generators are safe for
	// concurrent use).
	Parallel bool
}

var registry struct {
	mu     sync.Mutex
	byName map[string]Instance
}

var validName = regexp.MustCompile(`^[^\s/'"\x60]+$`)

// Register registers an instance under name with the law sets it must
// satisfy, for [CheckAll] and [Run]. Laws are merged by name across the
// sets, so a law shared by two sets runs once. It is [RegisterWith] with
// no options.
//
// Instances are usually registered from an init function of the package
// that defines them. Register panics, like flag redefinition, if name is
// already registered (the message names both places), is not a valid
// subtest name (it must be non-empty, without spaces, slashes or quotes),
// or if the sets contain no law or a law without a name.
func Register(name string, sets ...LawSet) {
	register(name, InstanceOptions{}, sets)
}

// RegisterWith is [Register] with the instance's own settings.
//
//	laws.RegisterWith("slow_ledger", laws.InstanceOptions{Checks: 20, Deadline: time.Second}, ledgerLaws)
func RegisterWith(name string, opts InstanceOptions, sets ...LawSet) {
	register(name, opts, sets)
}

func register(name string, opts InstanceOptions, sets []LawSet) {
	pkg, site := callerOf(3)
	laws := mergeSets(sets)
	mustValidate(name, laws)
	for _, e := range opts.Engines {
		if _, err := ParseEngine(string(e)); err != nil {
			panic(fmt.Sprintf("laws: instance %q at %s: %v", name, site, err))
		}
	}
	if opts.Checks < 0 || opts.ShrinkTime < 0 || opts.Deadline < 0 {
		panic(fmt.Sprintf("laws: instance %q at %s: negative setting in %+v", name, site, opts))
	}
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if registry.byName == nil {
		registry.byName = map[string]Instance{}
	}
	if prev, dup := registry.byName[name]; dup {
		panic(fmt.Sprintf("laws: instance %q registered twice: at %s and at %s; give one of them another name", name, prev.Site, site))
	}
	registry.byName[name] = Instance{Name: name, Laws: laws, Package: pkg, Site: site, Options: opts}
}

// callerOf returns the package (without a _test suffix) and file:line of
// the function skip frames up.
func callerOf(skip int) (pkg, site string) {
	pc, file, line, ok := runtime.Caller(skip)
	if !ok {
		return "", "unknown place"
	}
	site = fmt.Sprintf("%s:%d", file, line)
	if f := runtime.FuncForPC(pc); f != nil {
		pkg = packageOf(f.Name())
	}
	return pkg, site
}

// packageOf returns the import path in a function's full name, such as
// example.com/m/pkg in example.com/m/pkg.init.0 or
// example.com/m/pkg_test.TestLaws, without the _test suffix of an
// external test package.
func packageOf(fn string) string {
	slash := strings.LastIndex(fn, "/")
	dot := strings.Index(fn[slash+1:], ".")
	if dot < 0 {
		return fn
	}
	return strings.TrimSuffix(fn[:slash+1+dot], "_test")
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

// CheckAll checks the instances that the calling package registered (its
// own files and its _test files), each law as the subtest
// <instance>/<law> of t. Call it from a test named TestLaws so that
// `go test -run Laws ./...` checks every package's instances in that
// package:
//
//	func TestLaws(t *testing.T) { laws.CheckAll(t) }
//
// Instances that imported packages register are theirs to check; use
// [CheckAllPackages] to check every instance of the test binary. A failing
// law reports its counterexample through t, where the instance was
// registered, and the command that replays it; the case is saved under
// testdata/laws and tried first on the next run (see [Options].SaveDir).
// CheckAll fails if the package registered nothing, since checking nothing
// must not look like a pass.
func CheckAll(t *testing.T) {
	t.Helper()
	pkg, _ := callerOf(2)
	var mine []Instance
	all := Instances()
	for _, in := range all {
		if in.Package == pkg {
			mine = append(mine, in)
		}
	}
	if len(mine) == 0 {
		t.Fatalf("laws: CheckAll: package %s registered no instance (%d registered by other packages: check those with laws.CheckAllPackages)", pkg, len(all))
	}
	checkInstances(t, mine)
}

// CheckAllPackages checks every instance registered in the test binary,
// whichever package registered it, as [CheckAll] does.
func CheckAllPackages(t *testing.T) {
	t.Helper()
	all := Instances()
	if len(all) == 0 {
		t.Fatal("laws: CheckAllPackages: no instances are registered in this test binary")
	}
	checkInstances(t, all)
}

func checkInstances(t *testing.T, insts []Instance) {
	t.Helper()
	c, err := Options{SaveDir: DefaultSaveDir}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range insts {
		checkInstance(t, in, c)
	}
}

// Check checks the laws of sets on an instance that need not be
// registered, each law as the subtest <instance>/<law> of t.
func Check(t *testing.T, instance string, sets ...LawSet) {
	t.Helper()
	laws := mergeSets(sets)
	mustValidate(instance, laws)
	_, site := callerOf(2)
	c, err := Options{SaveDir: DefaultSaveDir}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	checkInstance(t, Instance{Name: instance, Laws: laws, Site: site}, c)
}

func checkInstance(t *testing.T, in Instance, c config) {
	t.Helper()
	t.Run(in.Name, func(t *testing.T) {
		// Helpers all the way: a failure is reported at the caller's
		// TestLaws line, and the report says where the instance was
		// registered.
		t.Helper()
		for _, l := range in.Laws {
			t.Run(l.Name, func(t *testing.T) {
				t.Helper()
				if in.Options.Parallel {
					t.Parallel()
				}
				lc := c
				if lc.verbose {
					lc.logf = t.Logf
				}
				r := runLaw(in, l, lc)
				r.Replay = goTestReplay(t.Name(), r)
				if r.Status != Passed {
					t.Error("\n" + r.Report()) // the report has the notes
					return
				}
				for _, n := range r.Notes {
					t.Log(n)
				}
				msg := l.Equation + ": " + casesHeld(r.Cases)
				if r.Discarded > 0 {
					msg += fmt.Sprintf(", %d discarded", r.Discarded)
				}
				t.Logf("%s (%s, %v)", msg, r.Engine, r.Duration)
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
		out = append(out, runLaws(in, c, opts)...)
	}
	return out, nil
}

// RunInstance checks the laws of sets on an instance that need not be
// registered and returns one result per law, each with the command that
// replays it (lawcheck cannot see an unregistered instance, so it is the
// RunInstance call with Options.Seed set).
func RunInstance(instance string, opts Options, sets ...LawSet) ([]Result, error) {
	c, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	_, site := callerOf(2)
	rs := runLaws(Instance{Name: instance, Laws: mergeSets(sets), Site: site}, c, opts)
	return rs, nil
}

func runLaws(in Instance, c config, opts Options) []Result {
	var laws []Law
	for _, l := range in.Laws {
		if c.match == nil || c.match.MatchString(in.Name+"/"+l.Name) {
			laws = append(laws, l)
		}
	}
	out := make([]Result, len(laws))
	var mu sync.Mutex
	one := func(i int) {
		if opts.OnStart != nil {
			mu.Lock()
			opts.OnStart(in.Name, laws[i].Name)
			mu.Unlock()
		}
		r := runLaw(in, laws[i], c)
		if r.Replay == "" && in.Package == "" {
			r.Replay = runInstanceReplay(in, r)
		}
		out[i] = r
		if opts.OnResult != nil {
			mu.Lock()
			opts.OnResult(r)
			mu.Unlock()
		}
	}
	if !in.Options.Parallel || len(laws) < 2 {
		for i := range laws {
			one(i)
		}
		return out
	}
	var wg sync.WaitGroup
	for i := range laws {
		wg.Go(func() { one(i) })
	}
	wg.Wait()
	return out
}

func runInstanceReplay(in Instance, r Result) string {
	if r.Status == Passed || r.Seed == 0 {
		return ""
	}
	return fmt.Sprintf("laws.RunInstance(%q, laws.Options{Engine: %q, Seed: %d, Match: %q}, ...) at %s", in.Name, r.Engine, r.Seed, "^"+regexp.QuoteMeta(in.Name+"/"+r.Law)+"$", in.Site)
}

// runLaw checks one law of an instance under c and the instance's own
// settings: saved cases first, then generated ones.
func runLaw(in Instance, l Law, c config) Result {
	c = c.forInstance(in.Options)
	ob := newObserver(c.observeDir, in.Name, l, c) // nil when observation is off
	law := observed(instrument(l, c, in.Options.Deadline), ob)
	var notes []string
	if c.engineNote != "" {
		notes = append(notes, c.engineNote)
	}
	finish := func(r Result) Result {
		r.Instance, r.Law, r.Structure, r.Equation = in.Name, l.Name, l.Structure, l.Equation
		r.Site, r.Notes = in.Site, notes
		ob.finish(&r)
		return r
	}
	var saved *savedFile
	if c.saveDir != "" {
		var r Result
		var replayed bool
		var more []string
		ob.setPhase(observe.Replayed)
		saved, r, replayed, more = replaySaved(in, law, c)
		ob.setPhase("")
		notes = append(notes, more...)
		if replayed {
			return finish(r)
		}
	}
	r := runEngine(law, c)
	if saved != nil && r.Status != Passed {
		if note := saved.add(in, l, r); note != "" {
			notes = append(notes, note)
		}
	}
	return finish(r)
}

func runEngine(law Law, c config) Result {
	if c.engine == Gopter {
		return runGopter(law, c)
	}
	return runRapid(law, c)
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

// casesHeld says how many cases held, in the singular for one: "1 case
// held", "100 cases held".
func casesHeld(n int) string {
	if n == 1 {
		return "1 case held"
	}
	return itoa(n) + " cases held"
}
