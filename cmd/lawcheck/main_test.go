package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

func init() {
	// A lawless instance, registered only in this test binary, to see what
	// lawcheck prints when a law fails.
	laws.Register("test_broken_addition", laws.CommutativeMonoidLaws(
		laws.MonoidOf(0, func(x, y int) int { return x - y }), generators.Int(), laws.Comparable[int]()))
}

// asMainEnv makes the test binary be lawcheck itself (TestMain, in
// python_test.go); slowEnv adds a slow instance, for the tests that need a
// process to interrupt.
const (
	asMainEnv = "LAWCHECK_TEST_AS_MAIN"
	slowEnv   = "LAWCHECK_TEST_SLOW_INSTANCE"
)

func init() {
	if os.Getenv(slowEnv) != "" {
		slow := laws.Property("slow", "every case takes 20ms", func(d *laws.Draws) error {
			laws.Draw(d, "x", generators.Int())
			time.Sleep(20 * time.Millisecond)
			return nil
		})
		laws.Register("zz_slow", laws.NewLawSet("Slow", nil, slow))
	}
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

// run honours LAWS_* unless a flag overrides it.
func TestRunHonoursEnvironment(t *testing.T) {
	t.Setenv("LAWS_ENGINE", "gopter")
	t.Setenv("LAWS_CHECKS", "13")
	code, out, errs := runCLI("run", "^int_addition/associativity$")
	if code != exitOK || !strings.Contains(out, "(13 cases)") || !strings.Contains(out, "(gopter, 13 cases each") {
		t.Errorf("with LAWS_ENGINE=gopter LAWS_CHECKS=13: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCLI("run", "-engine", "rapid", "-checks", "5", "^int_addition/associativity$")
	if code != exitOK || !strings.Contains(out, "(5 cases)") || !strings.Contains(out, "(rapid, 5 cases each") {
		t.Errorf("flags must override LAWS_*: exit %d\n%s%s", code, out, errs)
	}
	t.Setenv("LAWS_CHECKS", "many")
	code, _, errs = runCLI("run", "^int_addition/associativity$")
	if code != exitUsage || !strings.Contains(errs, "LAWS_CHECKS") {
		t.Errorf("bad LAWS_CHECKS: exit %d, stderr %q", code, errs)
	}
}

func TestHelpExitsZero(t *testing.T) {
	for _, cmd := range []string{"run", "list", "python", "check", "replay", "report"} {
		code, _, errs := runCLI(cmd, "-h")
		if code != exitOK || !strings.Contains(errs, "Usage: lawcheck "+cmd) {
			t.Errorf("lawcheck %s -h: exit %d, %q", cmd, code, errs)
		}
	}
}

// The progress line appears only on a terminal, after a second, and is
// erased before the next result line.
func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	if p := newPrinter(&buf, false, 3); p.progress {
		t.Fatal("progress on a buffer")
	}
	p := newPrinter(&buf, false, 3)
	p.progress = true // as on a terminal
	p.started("a", "l")
	p.tick(p.start.Add(500 * time.Millisecond))
	if buf.Len() != 0 {
		t.Fatalf("progress before a second: %q", buf.String())
	}
	p.tick(p.start.Add(1500 * time.Millisecond))
	if got := buf.String(); !strings.HasPrefix(got, "\r\x1b[K[0/3 laws, 0 failed, 1.5s] a/l") {
		t.Fatalf("progress %q", got)
	}
	buf.Reset()
	p.result(laws.Result{Instance: "a", Law: "l", Status: laws.Passed, Cases: 4})
	if got := buf.String(); !strings.HasPrefix(got, "\r\x1b[Kpassed  a/l") {
		t.Fatalf("result after progress %q", got)
	}
	t.Setenv("NO_COLOR", "1")
	if f, err := os.Open(os.DevNull); err == nil {
		defer f.Close()
		if newPrinter(f, false, 1).progress {
			t.Error("progress on /dev/null")
		}
	}
}

// lawcheck run prints each law as it finishes, and Ctrl-C prints what has
// finished, with its reports, and exits non-zero without waiting.
func TestRunStreamsAndInterrupts(t *testing.T) {
	cmd := exec.Command(os.Args[0], "run", "-checks", "100000", "^(test_broken_addition/associativity|zz_slow/slow)$")
	cmd.Env = append(os.Environ(), asMainEnv+"=1", slowEnv+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
		if strings.HasPrefix(sc.Text(), "failed  test_broken_addition/associativity") {
			break // printed while zz_slow runs its 100000 cases of 20ms
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		out.WriteString(sc.Text() + "\n")
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
		t.Fatalf("exit %v, want %d:\n%s", err, exitInterrupted, out.String())
	}
	// The interrupt may come before zz_slow starts or while it runs.
	for _, want := range []string{"law associativity of test_broken_addition: FAILED", "1 law: 0 passed, 1 failed, 0 errored, 1 not run", "\ninterrupted"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "while checking test_broken_addition") {
		t.Errorf("a finished law is named as running:\n%s", out.String())
	}
}

// A pass shows its discarded cases.
func TestResultLineShowsDiscards(t *testing.T) {
	var buf bytes.Buffer
	p := newPrinter(&buf, false, 1)
	p.result(laws.Result{Instance: "a", Law: "l", Status: laws.Passed, Cases: 100, Discarded: 37})
	if !strings.Contains(buf.String(), "(100 cases, 37 discarded)") {
		t.Errorf("line %q", buf.String())
	}
}

// -v prints every case's values, on stderr, and passes show discards.
func TestRunVerbose(t *testing.T) {
	code, out, errs := runCLI("run", "-v", "-checks", "4", "^int_addition/associativity$")
	if code != exitOK || !strings.Contains(errs, "associativity case 4: x = ") || strings.Contains(out, "case 1:") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errs)
	}
}
