package laws_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	_ "github.com/kgents/kgents-core/operads/classic" // registers instances of another package
)

// CheckAll checks the instances of its own package, not those of the
// packages the test imports; CheckAllPackages checks them all.
func TestCheckAllIsScopedToItsPackage(t *testing.T) {
	if os.Getenv(fixtureEnv) != "" {
		t.Skip("fixture")
	}
	var own, other int
	for _, in := range laws.Instances() {
		switch in.Package {
		case "github.com/kgents/kgents-core/laws":
			own++
			if !strings.Contains(in.Site, "registry_test.go:") && !strings.Contains(in.Site, "scope_test.go:") {
				t.Errorf("%s registered at %s", in.Name, in.Site)
			}
		case "github.com/kgents/kgents-core/operads/classic":
			other++
		}
	}
	if own == 0 || other == 0 {
		t.Fatalf("%d own, %d classic instances", own, other)
	}
	out, ok := runSelf(t, nil, "-test.run=^TestLaws$", "-test.v")
	if !ok || strings.Contains(out, "TestLaws/end_int") || !strings.Contains(out, "--- PASS: TestLaws/int_addition/") {
		t.Fatalf("TestLaws checks other packages' instances, or not its own:\n%s", out)
	}
	out, ok = runSelf(t, nil, "-test.run=^TestCheckAllPackagesFixture$", "-test.v", "-laws.checks=5")
	if !ok || !strings.Contains(out, "--- PASS: TestCheckAllPackagesFixture/end_int/") {
		t.Fatalf("CheckAllPackages:\n%s", out)
	}
}

func TestCheckAllPackagesFixture(t *testing.T) {
	if os.Getenv(fixtureEnv) == "" && !strings.Contains(strings.Join(os.Args, " "), "TestCheckAllPackagesFixture") {
		t.Skip("run by TestCheckAllIsScopedToItsPackage")
	}
	laws.CheckAllPackages(t)
}

// Registering a name twice names both places.
func TestRegisterTwiceNamesBothPlaces(t *testing.T) {
	defer func() {
		p := fmt.Sprint(recover())
		if !regexp.MustCompile(`laws: instance "int_addition" registered twice: at \S+registry_test.go:\d+ and at \S+scope_test.go:\d+`).MatchString(p) {
			t.Errorf("panic %q", p)
		}
	}()
	laws.Register("int_addition", addition)
}

// An instance's own settings: its number of cases, its engines, and laws
// that run in parallel (under -race in CI).
func TestInstanceOptions(t *testing.T) {
	name := fmt.Sprintf("opts_%d", time.Now().UnixNano())
	laws.RegisterWith(name, laws.InstanceOptions{Checks: 40, Engines: []laws.Engine{laws.Gopter}, Parallel: true}, addition)
	rs, err := laws.Run(laws.Options{Engine: laws.Rapid, Match: "^" + name + "/"})
	if err != nil || len(rs) != 3 {
		t.Fatal(rs, err)
	}
	for _, r := range rs {
		if r.Status != laws.Passed || r.Cases != 40 || r.Engine != laws.Gopter || !hasNote(r, "instance runs only on [gopter]") {
			t.Errorf("%s: %s, %d cases on %s, notes %q", r.Law, r.Status, r.Cases, r.Engine, r.Notes)
		}
	}
	// An explicit number of cases for the run wins over the instance's.
	rs, _ = laws.Run(laws.Options{Checks: 3, Match: "^" + name + "/associativity$"})
	if rs[0].Cases != 3 {
		t.Errorf("explicit checks: %d cases", rs[0].Cases)
	}
}

// A case slower than the instance's deadline errors the law, with that
// case. The slow case sleeps 10 times the deadline, so that a loaded
// machine does not make the fast ones look slow.
func TestInstanceDeadline(t *testing.T) {
	// The registration outlives the test (TestLaws may run after it, with
	// -shuffle): x = 7 is slow only while this test runs.
	var slowNow atomic.Bool
	slowNow.Store(true)
	defer slowNow.Store(false)
	slowOnce := laws.Property("slow_case", "every case is fast", func(d *laws.Draws) error {
		if laws.Draw(d, "x", generators.IntRange(0, 10)) == 7 && slowNow.Load() {
			time.Sleep(200 * time.Millisecond)
		}
		return nil
	})
	name := fmt.Sprintf("deadline_%d", time.Now().UnixNano())
	laws.RegisterWith(name, laws.InstanceOptions{Deadline: 20 * time.Millisecond, ShrinkTime: time.Second}, laws.NewLawSet("Slow", nil, slowOnce))
	// gopter: rapid's shrinker replays the slow case many times over.
	rs, err := laws.Run(laws.Options{Engine: laws.Gopter, Seed: 1, Match: "^" + name + "/"})
	if err != nil || len(rs) != 1 {
		t.Fatal(rs, err)
	}
	slow := rs[0]
	if slow.Status != laws.Errored || slow.Counterexample == nil || !strings.Contains(slow.Counterexample.Message, "over the instance's per-case deadline of 20ms") {
		t.Fatalf("deadline: %s", slow.Report())
	}
	if x := slow.Counterexample.Bindings[0].Value; x != 7 {
		t.Logf("the machine made x = %v slow too", x)
	}
}

// Verbose output shows every case's values, through Options.Logf.
func TestVerboseLogsEveryCase(t *testing.T) {
	t.Setenv("LAWS_VERBOSE", "1")
	var lines []string
	_, err := laws.RunInstance("int_addition", laws.Options{Checks: 5, Match: "associativity", Logf: func(f string, a ...any) { lines = append(lines, fmt.Sprintf(f, a...)) }}, addition)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) < 5 || !regexp.MustCompile(`^associativity case 1: x = -?\d+, y = -?\d+, z = -?\d+: holds$`).MatchString(lines[0]) {
		t.Errorf("verbose lines %q", lines)
	}
	out, _ := runSelf(t, nil, "-test.run=^TestLaws$/^int_addition$/^associativity$", "-test.v", "-laws.v", "-laws.checks=3")
	if !strings.Contains(out, "associativity case 3: x = ") {
		t.Errorf("-laws.v:\n%s", out)
	}
	out, _ = runSelf(t, nil, "-test.run=^TestLaws$/^int_addition$/^associativity$", "-test.v", "-rapid.v", "-laws.checks=3")
	if !strings.Contains(out, "associativity case 3: x = ") {
		t.Errorf("-rapid.v:\n%s", out)
	}
}

// A failure is reported at the user's TestLaws line, not inside package
// laws, and the report says where the instance was registered.
func TestFailureReportedAtTheUsersCode(t *testing.T) {
	if os.Getenv(fixtureEnv) != "" {
		t.Skip("fixture")
	}
	out, ok := runSelf(t, []string{fixtureEnv + "=1"}, "-test.run=^TestLaws$/^broken_int_addition$/^associativity$")
	if ok {
		t.Fatalf("passed:\n%s", out)
	}
	if !regexp.MustCompile(`\n\s+registry_test\.go:\d+: \n\s+law associativity of broken_int_addition: FAILED`).MatchString(out) ||
		!regexp.MustCompile(`instance registered at \S+/laws/registry_test\.go:\d+\n`).MatchString(out) || strings.Contains(out, "registry.go:") {
		t.Errorf("failure not reported at the user's code:\n%s", out)
	}
}
