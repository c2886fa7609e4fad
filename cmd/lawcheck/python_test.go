package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/internal/pybridge"
)

// TestMain lets Python start this test binary as lawcheck (for
// verify_operad_laws): with LAWCHECK_TEST_AS_MAIN=1 it is the CLI.
func TestMain(m *testing.M) {
	if os.Getenv("LAWCHECK_TEST_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

const fixtures = "../../fixtures/python"

func needPython(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not on PATH: the Python bridge tests need it (install python3 3.9 or newer)")
	}
}

// runPython runs lawcheck python with -json and returns the exit code and
// the results by law name.
func runPython(t *testing.T, args ...string) (int, map[string]pybridge.LawResult, string) {
	t.Helper()
	code, out, errs := runCLI(append([]string{"python", "-json", "--path", fixtures}, args...)...)
	res := map[string]pybridge.LawResult{}
	var list []pybridge.LawResult
	if code != exitUsage {
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var r pybridge.LawResult
			if err := json.Unmarshal([]byte(line), &r); err != nil || r.Format != "kgents-lawcheck/1" || r.Kind != "python_result" {
				t.Fatalf("lawcheck python %q: exit %d, a line is not a record: %v\n%s\n%s", args, code, err, out, errs)
			}
			list = append(list, r)
		}
	}
	for _, r := range list {
		res[r.Operad+"/"+r.Law] = r
	}
	return code, res, errs
}

func wantStatus(t *testing.T, res map[string]pybridge.LawResult, law, status string) pybridge.LawResult {
	t.Helper()
	r, ok := res[law]
	if !ok {
		t.Fatalf("no result for %s among %v", law, res)
	}
	if r.Status != status {
		t.Fatalf("%s: %s, want %s\n%s", law, r.Status, status, pybridge.Report(r))
	}
	if status == pybridge.Passed && r.Cases < 50 {
		t.Fatalf("%s passed on %d cases, want at least 50", law, r.Cases)
	}
	return r
}

// Seq associativity holds; strict par associativity fails and shrinks to
// the smallest case, on both engines; identity laws are inferred.
func TestPythonAgentOperadStrict(t *testing.T) {
	needPython(t)
	for _, engine := range []string{"rapid", "gopter"} {
		t.Run(engine, func(t *testing.T) {
			code, res, errs := runPython(t, "agent_operad:AGENT_OPERAD", "-engine", engine, "-seed", "5")
			if code != exitFailed {
				t.Fatalf("exit %d, want %d\n%s", code, exitFailed, errs)
			}
			wantStatus(t, res, "AgentOperad/seq_associativity", pybridge.Passed)
			for _, law := range []string{"seq_left_identity", "seq_right_identity"} {
				if r := wantStatus(t, res, "AgentOperad/"+law, pybridge.Passed); !r.Inferred {
					t.Errorf("%s is not marked inferred", law)
				}
			}
			if res["AgentOperad/seq_associativity"].Inferred {
				t.Error("a declared law is marked inferred")
			}
			r := wantStatus(t, res, "AgentOperad/par_associativity", pybridge.Failed)
			cx := r.Counterexample
			if cx == nil || cx.LHS != "par(par(id, id), id)" || cx.RHS != "par(id, par(id, id))" || cx.Inputs != "[0]" {
				t.Fatalf("par associativity: not the smallest counterexample:\n%s", pybridge.Report(r))
			}
			if cx.LHSOutputs != "[((0, 0), 0)]" || cx.RHSOutputs != "[(0, (0, 0))]" {
				t.Errorf("outputs %s and %s", cx.LHSOutputs, cx.RHSOutputs)
			}
			if !strings.Contains(cx.Python, `kgents_core.replay(AGENT_OPERAD, LEAVES, "par(par(id, id), id)", [0])`) ||
				!strings.Contains(r.Replay, "-seed") {
				t.Errorf("replay:\n%s\n%s", cx.Python, r.Replay)
			}
		})
	}
}

// The Python code printed for a counterexample runs, and gives the outputs
// printed beside it.
func TestPythonCounterexampleIsPasteable(t *testing.T) {
	needPython(t)
	_, res, _ := runPython(t, "agent_operad:AGENT_OPERAD", "-seed", "5", "-run", "par_associativity")
	cx := res["AgentOperad/par_associativity"].Counterexample
	if cx == nil {
		t.Fatal("no counterexample")
	}
	script := "import sys\nsys.path[:0] = ['../../python', '" + fixtures + "']\n"
	for _, line := range strings.Split(cx.Python, "\n") {
		if i := strings.Index(line, "  # outputs "); i >= 0 {
			line = "print(" + line[:i] + "[0])"
		}
		script += line + "\n"
	}
	out, err := exec.Command("python3", "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("the printed Python does not run: %v\n%s\n%s", err, script, out)
	}
	if got := strings.Fields(string(out)); strings.Join(got, " ") != "[((0, 0), 0)] [(0, (0, 0))]" {
		t.Errorf("it prints %q", out)
	}
}

func TestPythonParAssociativityHoldsUpToAssoc(t *testing.T) {
	needPython(t)
	code, res, errs := runPython(t, "agent_operad:AGENT_OPERAD", "--up-to", "assoc")
	if code != exitOK {
		t.Fatalf("exit %d\n%v\n%s", code, res, errs)
	}
	if r := wantStatus(t, res, "AgentOperad/par_associativity", pybridge.Passed); r.UpTo != "assoc" {
		t.Errorf("up_to = %q", r.UpTo)
	}
}

// invoke validates only at the top: a rejected input is an outcome, and
// seq(id, evens) accepts what evens alone rejects. transition (unchecked)
// validates nothing.
func TestPythonRejectedInputIsAnOutcome(t *testing.T) {
	needPython(t)
	_, res, _ := runPython(t, "agent_operad:AGENT_OPERAD", "--leaves", "agent_operad:STRICT_LEAVES", "--up-to", "assoc,exctype", "-seed", "2", "-run", "left_identity")
	r := wantStatus(t, res, "AgentOperad/seq_left_identity", pybridge.Failed)
	if cx := r.Counterexample; cx.LHS != "seq(id, evens)" || cx.RHSOutputs != `[] then raised ValueError("Invalid input 1 for state 'ready'")` {
		t.Errorf("counterexample:\n%s", pybridge.Report(r))
	}
	code, res, errs := runPython(t, "agent_operad:AGENT_OPERAD", "--leaves", "agent_operad:STRICT_LEAVES", "--up-to", "assoc", "--unchecked")
	if code != exitOK {
		t.Fatalf("--unchecked: exit %d\n%v\n%s", code, res, errs)
	}
}

// Laws that cannot be checked say why and are never passed; a lawless
// operation fails; a registry checks all its operads.
func TestPythonLawlessRegistry(t *testing.T) {
	needPython(t)
	code, res, _ := runPython(t, "agent_operad:OperadRegistry", "-checks", "50")
	if code != exitFailed {
		t.Fatalf("exit %d", code)
	}
	wantStatus(t, res, "AgentOperad/seq_associativity", pybridge.Passed)
	wantStatus(t, res, "LawlessOperad/avg_associativity", pybridge.Failed)
	wantStatus(t, res, "LawlessOperad/stack_is_seq", pybridge.Passed) // a variadic operation, called through compose
	for law, reason := range map[string]string{
		"locality":        "does not parse: 1:8: expected '='",
		"gossip_symmetry": `unknown operation "gossip"`,
		"trace_arity":     "trace takes 1 argument, not 2",
	} {
		r := wantStatus(t, res, "LawlessOperad/"+law, pybridge.NotCheckable)
		if !strings.Contains(r.Reason, reason) {
			t.Errorf("%s: reason %q, want %q", law, r.Reason, reason)
		}
	}
}

// leftover lists the processes whose environment holds marker and that
// are still there after a grace period: a process group killed with
// SIGKILL disappears asynchronously, and on a loaded machine (go test ./...
// on two shared cores) its members can take a moment to go. A process that
// was never killed, such as an evaluator left hanging, is still there.
func leftover(t *testing.T, marker string) []string {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		var out []string
		dirs, _ := filepath.Glob("/proc/[0-9]*/environ")
		for _, d := range dirs {
			b, err := os.ReadFile(d)
			if err == nil && strings.Contains(string(b), marker) {
				cmdline, _ := os.ReadFile(strings.TrimSuffix(d, "environ") + "cmdline")
				out = append(out, d+" ("+strings.ReplaceAll(strings.TrimSpace(string(cmdline)), "\x00", " ")+")")
			}
		}
		if len(out) == 0 || time.Now().After(deadline) {
			return out
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Each way a Python operad can break the bridge gives one clear error
// naming the operad, the law and the term, within bounded time, and
// leaves no process behind.
func TestPythonFailureModes(t *testing.T) {
	needPython(t)
	marker := "LAWCHECK_TEST_MARKER=" + filepath.Base(t.TempDir())
	t.Setenv("LAWCHECK_TEST_MARKER", strings.TrimPrefix(marker, "LAWCHECK_TEST_MARKER="))
	for _, c := range []struct {
		object string
		args   []string
		want   []string
	}{
		{"broken:RAISING", nil, []string{"Raising", "wrap(bad)", "compose: wrap(...) raised RuntimeError: wrap refuses bad"}},
		{"broken:HANGING", []string{"-timeout", "500ms"}, []string{"Hanging", "wrap(bad)", "timeout: no result within 0.5s"}},
		{"broken:CRASHING", nil, []string{"Crashing", "wrap(bad)", "the evaluator exited", "exit status 7"}},
		{"broken:CORRUPTING", nil, []string{"Corrupting", "wrap(bad)", `malformed response line "this is not a protocol line"`}},
		{"broken:EXPLODING", []string{"-max-memory", "1024"}, []string{"Exploding", "grow(grow(ok))", "budget", "MemoryError"}},
	} {
		t.Run(c.object, func(t *testing.T) {
			start := time.Now()
			code, res, errs := runPython(t, append([]string{c.object, "-seed", "3", "-checks", "50"}, c.args...)...)
			if code != exitFailed || len(res) != 1 {
				t.Fatalf("exit %d with %d results, want 1 errored law\n%s", code, len(res), errs)
			}
			for _, r := range res {
				report := pybridge.Report(r)
				if r.Status != pybridge.Errored {
					t.Fatalf("status %s, want errored\n%s", r.Status, report)
				}
				for _, w := range c.want {
					if !strings.Contains(report, w) {
						t.Errorf("the report lacks %q:\n%s", w, report)
					}
				}
			}
			if d := time.Since(start); d > 60*time.Second { // bounded, even on a loaded machine
				t.Errorf("took %v", d)
			}
			if l := leftover(t, marker); len(l) > 0 {
				t.Errorf("processes left behind: %v", l)
			}
		})
	}
	t.Run("import_error", func(t *testing.T) {
		code, _, errs := runPython(t, "bad_import:OPERAD")
		if code != exitUsage || !strings.Contains(errs, "bad_import:OPERAD") || !strings.Contains(errs, "ModuleNotFoundError") || !strings.Contains(errs, "--path") {
			t.Errorf("exit %d:\n%s", code, errs)
		}
	})
	t.Run("module_not_on_path", func(t *testing.T) {
		// One clear message, without the import machinery's traceback.
		code, _, errs := runPython(t, "no_such_module:OPERAD")
		if code != exitUsage || !strings.Contains(errs, "No module named 'no_such_module'") || !strings.Contains(errs, "--path") || strings.Contains(errs, "Traceback") {
			t.Errorf("exit %d:\n%s", code, errs)
		}
	})
	t.Run("not_an_operad", func(t *testing.T) {
		code, _, errs := runPython(t, "broken:OK")
		if code != exitUsage || !strings.Contains(errs, "neither an operad") {
			t.Errorf("exit %d:\n%s", code, errs)
		}
	})
	t.Run("python_missing", func(t *testing.T) {
		code, _, errs := runPython(t, "agent_operad:AGENT_OPERAD", "--python", "/nonexistent/python3")
		if code != exitUsage || !strings.Contains(errs, "cannot start python") || !strings.Contains(errs, "--python") {
			t.Errorf("exit %d:\n%s", code, errs)
		}
	})
	if l := leftover(t, marker); len(l) > 0 {
		t.Errorf("processes left behind: %v", l)
	}
}

func TestPythonUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"python"},
		{"python", "nocolon"},
		{"python", "a:b", "c:d"},
		{"python", "a:b", "--up-to", "sideways"},
		{"python", "a:b", "-checks", "0"},
		{"python", "a:b", "--leaves", "nocolon"},
	} {
		if code, _, errs := runCLI(args...); code != exitUsage || errs == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, errs)
		}
	}
}

// kgents_core.verify_operad_laws from Python: it starts lawcheck (this
// test binary, through KGENTS_LAWCHECK), serves it the objects of its own
// process, and raises LawViolation with the counterexample.
func TestVerifyOperadLawsFromPython(t *testing.T) {
	needPython(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("python3", "-m", "unittest", "-v", "test_agent_operad")
	cmd.Dir = fixtures
	cmd.Env = append(os.Environ(), "KGENTS_LAWCHECK="+self, "LAWCHECK_TEST_AS_MAIN=1", "PYTHONPATH=../../python", "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Ran 3 tests") || !strings.Contains(string(out), "OK") {
		t.Fatalf("the pytest-style example failed: %v\n%s", err, out)
	}
}

// Without lawcheck anywhere, verify_operad_laws says where it looked.
func TestVerifyOperadLawsWithoutLawcheck(t *testing.T) {
	needPython(t)
	script := `
import kgents_core, agent_operad
try:
    kgents_core.verify_operad_laws(agent_operad.AGENT_OPERAD, leaves=agent_operad.LEAVES)
except kgents_core.LawcheckNotFound as e:
    print("NOTFOUND", e)
`
	cmd := exec.Command("python3", "-c", script)
	cmd.Dir = fixtures
	cmd.Env = append(os.Environ(), "KGENTS_LAWCHECK=/nonexistent/lawcheck", "PYTHONPATH=../../python", "PYTHONDONTWRITEBYTECODE=1")
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "NOTFOUND KGENTS_LAWCHECK=/nonexistent/lawcheck is not an executable file") {
		t.Fatalf("%s", out)
	}
}

// pythonWithLawcheck runs a Python script in the fixtures directory with
// this test binary as lawcheck.
func pythonWithLawcheck(t *testing.T, lawcheck, script string) string {
	t.Helper()
	cmd := exec.Command("python3", "-c", script)
	cmd.Dir = fixtures
	cmd.Env = append(os.Environ(), "KGENTS_LAWCHECK="+lawcheck, "LAWCHECK_TEST_AS_MAIN=1", "PYTHONPATH=../../python", "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	return string(out)
}

// In-process, a hanging compose is stopped by the evaluator's timer and
// reported as an errored law; a checker that dies is a BridgeError.
func TestVerifyOperadLawsFailures(t *testing.T) {
	needPython(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out := pythonWithLawcheck(t, self, `
import kgents_core, broken
try:
    kgents_core.verify_operad_laws(broken.HANGING, leaves=broken.LEAVES, timeout=0.3, checks=20, seed=3)
except kgents_core.LawViolation as e:
    print("VIOLATION", e.law["status"], e.law["reason"])
`)
	if !strings.Contains(out, "VIOLATION errored") || !strings.Contains(out, "wrap(bad)") || !strings.Contains(out, "timeout") {
		t.Errorf("a hang in process:\n%s", out)
	}
	dying := filepath.Join(t.TempDir(), "lawcheck")
	if err := os.WriteFile(dying, []byte("#!/bin/sh\necho 'lawcheck: broken on purpose' >&2\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	out = pythonWithLawcheck(t, dying, `
import kgents_core, agent_operad
try:
    kgents_core.verify_operad_laws(agent_operad.AGENT_OPERAD, leaves=agent_operad.LEAVES)
except kgents_core.BridgeError as e:
    print("BRIDGE", e)
`)
	if !strings.Contains(out, "BRIDGE lawcheck") || !strings.Contains(out, "status 3 without results") || !strings.Contains(out, "broken on purpose") {
		t.Errorf("a dying checker:\n%s", out)
	}
}

// TestPythonHonoursLawsEnv: like run, python takes its engine and number of
// cases from LAWS_* when no flag is given, and answers a bad value with one
// line naming the variable (before any Python process starts).
func TestPythonHonoursLawsEnv(t *testing.T) {
	t.Setenv("LAWS_CHECKS", "abc")
	code, out, errs := runCLI("python", "--path", "../../fixtures/python", "agent_operad:AGENT_OPERAD")
	if code != exitUsage || !strings.Contains(errs, "LAWS_CHECKS") || strings.Count(strings.TrimSpace(errs), "\n") != 0 || out != "" {
		t.Errorf("bad LAWS_CHECKS: exit %d, stdout %q, stderr %q; want 2 and one line naming LAWS_CHECKS", code, out, errs)
	}
	t.Setenv("LAWS_CHECKS", "abc")
	if code, _, errs := runCLI("python", "-checks", "5", "-engine", "nope", "x:Y"); code != exitUsage || !strings.Contains(errs, "-engine") {
		t.Errorf("bad -engine: exit %d, stderr %q", code, errs)
	}
}

// From pytest, a declared law that cannot be checked (here a typo in the
// equation) must not leave a test that cannot fail: verify_operad_laws
// raises LawViolation naming it unless allow_not_checkable is given. The
// pasteable counterexample says what its names stand for, and the pipes to
// lawcheck are closed (no ResourceWarning).
func TestVerifyOperadLawsAsAUserMeetsIt(t *testing.T) {
	needPython(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PYTHONWARNINGS", "always::ResourceWarning")
	out := pythonWithLawcheck(t, self, `
import kgents_core
from kgents_core import Adapter, Leaves
TYPO = Adapter("Typo", operations={"seq": (2, lambda f, g: lambda x: g(f(x)))},
               laws={"seq_assoc": "seq(seq(a, b), c = seq(a, seq(b, c))"})
DROP = Adapter("Drop", operations={"seq": (2, lambda f, g: lambda x: f(x))},
               laws={"seq_assoc": "seq(seq(a, b), c) = seq(a, seq(b, c))"})
LEAVES = Leaves({"inc": lambda x: x + 1, "dbl": lambda x: 2 * x, "id": lambda x: x}, inputs=[0, 1, 5])
try:
    kgents_core.verify_operad_laws(TYPO, leaves=LEAVES, checks=10, seed=1)
    print("RETURNED")
except kgents_core.LawViolation as e:
    print("VIOLATION", e.law["law"], e.law["status"])
res = kgents_core.verify_operad_laws(TYPO, leaves=LEAVES, checks=10, seed=1, allow_not_checkable=True)
print("ALLOWED", [r["status"] for r in res if r["law"] == "seq_assoc"])
try:
    kgents_core.verify_operad_laws(DROP, leaves=LEAVES, checks=20, seed=1)
except kgents_core.LawViolation as e:
    print("PASTE", e.counterexample["python"].splitlines()[0])
`)
	for _, want := range []string{
		"VIOLATION seq_assoc not checkable",
		"ALLOWED ['not checkable']",
		"PASTE # operad, leaves: the objects given to kgents_core.verify_operad_laws",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in:\n%s", want, out)
		}
	}
	if strings.Contains(out, "RETURNED") || strings.Contains(out, "ResourceWarning") {
		t.Errorf("a not checkable law returned quietly, or a pipe was left open:\n%s", out)
	}
}

// Without KGENTS_LAWCHECK or lawcheck on PATH, verify_operad_laws falls back
// to go run in the checkout that holds kgents_core, as the docs say; that
// must work from a test run in any directory, not only inside the module.
func TestVerifyOperadLawsGoRunFromAnywhere(t *testing.T) {
	needPython(t)
	if testing.Short() {
		t.Skip("compiles lawcheck with go run; skipped under -short")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	pyDir, err := filepath.Abs("../../python")
	if err != nil {
		t.Fatal(err)
	}
	fix, err := filepath.Abs(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	// The interpreter itself, not a shim that needs the rest of PATH.
	real, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if err != nil {
		t.Fatal(err)
	}
	py := strings.TrimSpace(string(real))
	// A PATH with go and python3 but no lawcheck.
	bin := t.TempDir()
	for name, target := range map[string]string{"go": goBin, "python3": py} {
		if err := os.Symlink(target, filepath.Join(bin, name)); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(py, "-c", `
import kgents_core, agent_operad
print("FOUND", kgents_core.verify.find_lawcheck()[:2])
res = kgents_core.verify_operad_laws(agent_operad.AGENT_OPERAD, leaves=agent_operad.LEAVES, checks=5, up_to=["assoc"], seed=1)
print("STATUSES", sorted(set(r["status"] for r in res)))
`)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "PATH="+bin, "KGENTS_LAWCHECK=", "PYTHONPATH="+pyDir+string(os.PathListSeparator)+fix, "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "STATUSES ['passed']") {
		t.Fatalf("verify_operad_laws through go run, from %s: %v\n%s", cmd.Dir, err, out)
	}
}
