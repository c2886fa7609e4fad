package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/observe"
)

const jsonFixtures = "../../fixtures/json"

func TestCheckLawfulFixturesExitZero(t *testing.T) {
	code, out, errs := runCLI("check", "-seed", "1", filepath.Join(jsonFixtures, "lawful"))
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"proved  function_composition_3/compose.associativity  compose(compose(x, y), z) = compose(x, compose(y, z))  (all 27 cases)",
		"passed  int_addition/add.associativity  add(add(x, y), z) = add(x, add(y, z))  (100 cases, rapid)",
		" 0 failed, 0 errored",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if errs != "" {
		t.Errorf("stderr not empty (no progress line when stderr is not a terminal): %q", errs)
	}
}

// copyFixture copies a fixture into a fresh directory, so that the case
// files check writes next to it land there and not in the repository.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(jsonFixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), filepath.Base(name))
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheckFailureSavesACaseThatReplays(t *testing.T) {
	path := copyFixture(t, "lawless/int_subtraction.json")
	code, out, errs := runCLI("check", "-seed", "3", path)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitFailed, out, errs)
	}
	for _, want := range []string{
		"FAILED  int_subtraction/sub.associativity  sub(sub(x, y), z) = sub(x, sub(y, z))",
		"law sub.associativity of int_subtraction: FAILED",
		"      x = 0\n      y = 0\n      z = 1\n      lhs = -1\n      rhs = 1\n",
		"passed  int_subtraction/sub.right_identity",
		"4 laws in 1 file: 0 proved, 1 passed, 3 failed, 0 errored",
		"      engine: rapid, seed ",
		"      law written at " + path + ":11:5\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "instance registered at") {
		t.Errorf("a JSON law is reported as a registered instance:\n%s", out)
	}
	caseFile := filepath.Join(filepath.Dir(path), ".lawcheck", "int_subtraction.sub.associativity.case.json")
	if !strings.Contains(out, "replay: lawcheck replay "+caseFile) {
		t.Errorf("the report does not name the case file %s:\n%s", caseFile, out)
	}
	data, err := os.ReadFile(caseFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"law": "sub.associativity"`, `"name": "z"`, `"term": "1"`, `"value": 1`, `"instance": "sub(sub(0, 0), 1) = sub(0, sub(0, 1))"`, `"engine": "rapid"`, `"seed": "`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("case file lacks %s:\n%s", want, data)
		}
	}

	// replay evaluates the case once: it still fails.
	code, out, _ = runCLI("replay", caseFile)
	if code != exitFailed || !strings.Contains(out, "FAILED  int_subtraction/sub.associativity") || !strings.Contains(out, "(saved case)") {
		t.Fatalf("replay: exit %d\n%s", code, out)
	}

	// check replays saved failures first: the saved case is reported and
	// the law is not generated again.
	code, out, _ = runCLI("check", "-run", "associativity", path)
	if code != exitFailed || !strings.Contains(out, "(saved case)") || strings.Count(out, "law sub.associativity of") != 1 {
		t.Fatalf("check with a saved case: exit %d\n%s", code, out)
	}

	// Fix the operad: the case now holds; replay exits 0, and check removes
	// the case file.
	fixed := strings.Replace(readFile(t, path), `"x - y"`, `"x + y"`, 1)
	if err := os.WriteFile(path, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI("replay", caseFile)
	if code != exitOK || !strings.Contains(out, "fixed   int_subtraction/sub.associativity") {
		t.Fatalf("replay after the fix: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI("check", "-run", "associativity", path)
	if code != exitOK || !strings.Contains(out, "now holds; removed it") {
		t.Fatalf("check after the fix: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(caseFile); !os.IsNotExist(err) {
		t.Errorf("the fixed case file is still there: %v", err)
	}
}

// An exhaustive enumeration has no seed: its failure report names the
// engine and no "seed 0" that would replay nothing.
func TestCheckExhaustiveFailurePrintsNoSeed(t *testing.T) {
	path := copyFixture(t, "lawless/agent_par_strict.json")
	code, out, errs := runCLI("check", "-casedir", "none", path)
	if code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitFailed, out, errs)
	}
	if !strings.Contains(out, "      engine: exhaustive; 0 cases held before this one;") || strings.Contains(out, "seed 0") {
		t.Errorf("the exhaustive failure's engine line is wrong:\n%s", out)
	}
	if !strings.Contains(out, "      law written at "+path+":15:5\n") {
		t.Errorf("the report does not say where the law is written:\n%s", out)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCheckCaseDirNoneWritesNothing(t *testing.T) {
	path := copyFixture(t, "lawless/rock_paper_scissors.json")
	code, out, _ := runCLI("check", "-casedir", "none", path)
	if code != exitFailed || !strings.Contains(out, `x = "rock"`) {
		t.Fatalf("exit %d\n%s", code, out)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("-casedir none wrote files: %v", entries)
	}
	if strings.Contains(out, "lawcheck replay") {
		t.Errorf("no case file, yet the report points to one:\n%s", out)
	}
}

func TestCheckJSONRecords(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI("check", "-json", "-stats", "-seed", "5", "-casedir", dir,
		filepath.Join(jsonFixtures, "lawless/wrong_identity_table.json"), filepath.Join(jsonFixtures, "lawful/int_addition.json"))
	if code != exitFailed {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	statuses := map[string]laws.Status{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var rec checkRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if rec.Format != laws.RecordFormat || rec.Kind != laws.KindResult || rec.File == "" || rec.Stats == nil {
			t.Errorf("record %s", sc.Text())
		}
		statuses[rec.Instance+"/"+rec.Law] = rec.Status
		if rec.Law == "add.left_identity" && rec.Instance == "wrong_identity_table" {
			c := rec.Counterexample
			if c == nil || len(c.Bindings) != 1 || c.Bindings[0].Text != "0" || string(c.Bindings[0].JSON) != "0" || rec.Saved == "" || rec.Engine != "exhaustive" {
				t.Errorf("record %s", sc.Text())
			}
		}
	}
	if len(statuses) != 11 || statuses["wrong_identity_table/add.associativity"] != laws.Proved ||
		statuses["wrong_identity_table/add.right_identity"] != laws.Failed || statuses["int_addition/add.commutativity"] != laws.Passed {
		t.Errorf("statuses %v", statuses)
	}
}

func TestCheckStats(t *testing.T) {
	code, out, _ := runCLI("check", "-stats", "-seed", "2", "-run", "cat.associativity", filepath.Join(jsonFixtures, "lawful/string_concatenation.json"))
	if code != exitOK || !regexp.MustCompile(`x, y, z: \d+ values of str, size 0\.\.6 \(mean [\d.]+\)`).MatchString(out) {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestCheckBadInputExitsTwo(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\"name\": \"t\",\n  \"sorts\": {\"int\": {\"kind\": \"int\"}},\n  \"operations\": {\"f\": {\"arity\": 2, \"expr\": \"x +\"}},\n  \"laws\": [{\"law\": \"associativity\", \"op\": \"f\"}]}\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"check", bad}, bad + ":3:"},
		{[]string{"check"}, "want at least one FILE or DIR"},
		{[]string{"check", filepath.Join(dir, "missing.json")}, "no such file"},
		{[]string{"check", "-engine", "quickcheck", bad}, "-engine"},
		{[]string{"check", "-run", "(", filepath.Join(jsonFixtures, "lawful")}, "-run"},
		{[]string{"check", "-run", "nothing-matches", filepath.Join(jsonFixtures, "lawful/int_addition.json")}, "no law matches"},
		{[]string{"replay", bad}, "bad case file"},
		{[]string{"replay"}, "want at least one CASEFILE"},
	} {
		code, out, errs := runCLI(c.args...)
		if code != exitUsage || !strings.Contains(errs, c.want) || strings.Contains(errs+out, "goroutine") {
			t.Errorf("%v: exit %d, stderr %q, want 2 and %q", c.args, code, errs, c.want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the progress goroutine and the
// test to use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestProgressLineOnATerminalOnly(t *testing.T) {
	var out, errw syncBuffer
	p := startCheckPrinter(&out, &errw, false, false, true, time.Now().Add(-2*time.Second))
	p.progress("op/law")
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(errw.String(), "checking op/law") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	p.stop()
	got := errw.String()
	if !strings.Contains(got, "\r\033[Klawcheck: 0 laws done, checking op/law") || !strings.HasSuffix(got, "\r\033[K") {
		t.Errorf("progress on a terminal: %q", got)
	}
	if out.String() != "" {
		t.Errorf("progress went to stdout: %q", out.String())
	}
	// Not a terminal: nothing, however long the run.
	var out2, errw2 syncBuffer
	p = startCheckPrinter(&out2, &errw2, false, false, false, time.Now().Add(-2*time.Second))
	p.progress("op/law")
	time.Sleep(300 * time.Millisecond)
	p.stop()
	if errw2.String() != "" {
		t.Errorf("progress when not a terminal: %q", errw2.String())
	}
}

// The constants of a JSON operad are the literals of its file: a bug at
// x == 7777 is caught at the default number of cases, shrunk to 7777, and
// the observations say that a case drew it as a mined constant.
func TestCheckDrawsTheLiteralsOfTheFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(jsonFixtures, "lawless", "one_bad_constant.json")
	for _, engine := range []string{"rapid", "gopter"} {
		code, out, errs := runCLI("check", "-engine", engine, "-observe", dir, "-casedir", "none", "-seed", "1", "-run", "right_identity", file)
		if code != exitFailed || !strings.Contains(out, "FAILED  one_bad_constant/add.right_identity") || !strings.Contains(out, "      x = 7777\n") {
			t.Fatalf("%s: exit %d\n%s%s", engine, code, out, errs)
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*right_identity*.jsonl"))
	if len(files) == 0 {
		t.Fatal("no observations written")
	}
	mined := 0
	for _, f := range files {
		obs, err := observe.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range obs {
			if o.Type == observe.TestCase && o.HowGenerated == observe.Mined && o.Representation == "x = 7777" {
				mined++
			}
		}
	}
	if mined == 0 {
		t.Errorf("no observed case drew x = 7777 as a mined constant")
	}
}

// A failure found by enumeration was not shrunk: text and -json say it is
// the smallest by exhaustive enumeration, and a saved case replayed says
// it was not shrunk again; neither claims "shrunk with 0 tries".
func TestCheckEnumeratedFailureSaysHowItIsMinimal(t *testing.T) {
	path := copyFixture(t, "lawless/rock_paper_scissors.json")
	code, out, _ := runCLI("check", "-run", "associativity", path)
	if code != exitFailed || !strings.Contains(out, "      engine: exhaustive; 5 cases held before this one; smallest by exhaustive enumeration; ") || strings.Contains(out, "shrunk with") {
		t.Errorf("exit %d, text:\n%s", code, out)
	}
	saved := filepath.Join(filepath.Dir(path), ".lawcheck", "rock_paper_scissors.winner.associativity.case.json")
	for _, args := range [][]string{{"check", "-json", "-casedir", "none", "-run", "associativity", path}, {"replay", "-json", saved}} {
		code, out, _ = runCLI(args...)
		recs := decodeLines[checkRecord](t, out)
		want := laws.ShrinkByEnumeration
		if args[0] == "replay" {
			want = laws.ShrinkByReplay
		}
		if code != exitFailed || len(recs) != 1 || recs[0].Counterexample == nil || recs[0].Counterexample.Shrink.By != want || recs[0].Counterexample.Shrink.Tries != 0 {
			t.Errorf("%v: exit %d, want shrink by %q:\n%s", args, code, want, out)
		}
	}
	code, out, _ = runCLI("replay", saved)
	if code != exitFailed || !strings.Contains(out, "; replayed as saved, not shrunk again; ") || strings.Contains(out, "shrunk with") {
		t.Errorf("replay: exit %d:\n%s", code, out)
	}
	// An engine's failure still says how long it shrank.
	code, out, _ = runCLI("check", "-casedir", "none", "-seed", "1", "-run", "sub.associativity", filepath.Join(jsonFixtures, "lawless/int_subtraction.json"))
	if code != exitFailed || !regexp.MustCompile(`; shrunk with [1-9]\d* tries in `).MatchString(out) {
		t.Errorf("engine failure: exit %d:\n%s", code, out)
	}
}

// check honours LAWS_* as run does, unless a flag overrides it.
func TestCheckHonoursEnvironment(t *testing.T) {
	file := filepath.Join(jsonFixtures, "lawful", "int_addition.json")
	t.Setenv("LAWS_ENGINE", "gopter")
	t.Setenv("LAWS_CHECKS", "13")
	code, out, errs := runCLI("check", "-casedir", "none", "-prove", "0", "-run", "associativity", file)
	if code != exitOK || !strings.Contains(out, "(13 cases, gopter)") {
		t.Errorf("with LAWS_ENGINE=gopter LAWS_CHECKS=13: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCLI("check", "-casedir", "none", "-prove", "0", "-engine", "rapid", "-checks", "5", "-run", "associativity", file)
	if code != exitOK || !strings.Contains(out, "(5 cases, rapid)") {
		t.Errorf("flags must override LAWS_*: exit %d\n%s%s", code, out, errs)
	}
	t.Setenv("LAWS_CHECKS", "many")
	code, _, errs = runCLI("check", "-casedir", "none", file)
	if code != exitUsage || !strings.Contains(errs, "LAWS_CHECKS") {
		t.Errorf("bad LAWS_CHECKS: exit %d, stderr %q", code, errs)
	}
}
