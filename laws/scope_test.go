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

// An instance's own settings: its number of cases, its engines, a
// per-case deadline, and laws that run in parallel.
func TestInstanceOptions(t *testing.T) {
	// The registration outlives the test (TestLaws may run after it, with
	// -shuffle): x = 7 is slow only while this test runs.
	var slowNow atomic.Bool
	slowNow.Store(true)
	defer slowNow.Store(false)
	slowOnce := laws.Property("slow_case", "every case is fast", func(d *laws.Draws) error {
		if laws.Draw(d, "x", generators.IntRange(0, 10)) == 7 && slowNow.Load() {
			time.Sleep(30 * time.Millisecond)
		}
		return nil
	})
	name := fmt.Sprintf("opts_%d", time.Now().UnixNano())
	laws.RegisterWith(name, laws.InstanceOptions{Checks: 40, Engines: []laws.Engine{laws.Gopter}, Deadline: 10 * time.Millisecond, Parallel: true},
		addition, laws.NewLawSet("Slow", nil, slowOnce))
	rs, err := laws.Run(laws.Options{Engine: laws.Rapid, Match: "^" + name + "/"})
	if err != nil || len(rs) != 4 {
		t.Fatal(rs, err)
	}
	for _, r := range rs[:3] {
		if r.Status != laws.Passed || r.Cases != 40 || r.Engine != laws.Gopter || !hasNote(r, "instance runs only on [gopter]") {
			t.Errorf("%s: %s, %d cases on %s, notes %q", r.Law, r.Status, r.Cases, r.Engine, r.Notes)
		}
	}
	slow := rs[3]
	if slow.Status != laws.Errored || slow.Counterexample == nil || !strings.Contains(slow.Counterexample.Message, "over the instance's per-case deadline of 10ms") ||
		slow.Counterexample.Bindings[0].Value != 7 {
		t.Errorf("deadline: %s", slow.Report())
	}
	// An explicit number of cases for the run wins over the instance's.
	rs, _ = laws.Run(laws.Options{Checks: 3, Match: "^" + name + "/associativity$"})
	if rs[0].Cases != 3 {
		t.Errorf("explicit checks: %d cases", rs[0].Cases)
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
