package laws_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
)

func hasNote(r laws.Result, s string) bool {
	for _, n := range r.Notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// A failure found once is found again: the case is saved, replayed first
// (on whichever engine runs next), reported when it passes, and a broken
// file is an error that names its place.
func TestFailingCasesAreSavedAndReplayedFirst(t *testing.T) {
	dir := t.TempDir()
	broken := laws.SemigroupLaws(laws.SemigroupOf(func(x, y int) int { return x - y }), generators.Int(), laws.Comparable[int]())
	fixed := laws.SemigroupLaws(laws.SemigroupOf(func(x, y int) int { return x + y }), generators.Int(), laws.Comparable[int]())

	first, err := laws.RunInstance("int_sub", laws.Options{SaveDir: dir, Seed: 5}, broken)
	if err != nil || first[0].Status != laws.Failed || !hasNote(first[0], "saved this case to") {
		t.Fatalf("first run: %+v, %v", first, err)
	}
	if !strings.Contains(first[0].Replay, `laws.RunInstance("int_sub", laws.Options{Engine: "rapid", Seed: `) || !strings.Contains(first[0].Replay, "persist_test.go:") {
		t.Errorf("RunInstance's replay: %q", first[0].Replay)
	}
	path := filepath.Join(dir, "int_sub", "associativity.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var saved struct {
		Format string
		Cases  []struct {
			Engine, Seed string
			Bindings     []laws.RecordBinding
		}
	}
	if err := json.Unmarshal(data, &saved); err != nil || saved.Format != laws.SavedFormat || len(saved.Cases) != 1 ||
		saved.Cases[0].Engine != "rapid" || len(saved.Cases[0].Bindings) != 3 || saved.Cases[0].Bindings[2].Text != "1" {
		t.Fatalf("saved file %v:\n%s", err, data)
	}

	// Next run, with a random seed and on the other engine: the saved case
	// comes first.
	again, err := laws.RunInstance("int_sub", laws.Options{SaveDir: dir, Engine: laws.Gopter}, broken)
	if err != nil || again[0].Status != laws.Failed || again[0].Seed != first[0].Seed || again[0].Engine != laws.Rapid ||
		!hasNote(again[0], "replayed first the case saved in "+path) || again[0].Counterexample.Bindings[2].Value != 1 {
		t.Fatalf("second run: %+v, %v", again[0], err)
	}

	fixedRun, err := laws.RunInstance("int_sub", laws.Options{SaveDir: dir}, fixed)
	if err != nil || fixedRun[0].Status != laws.Passed || !hasNote(fixedRun[0], "now passes: delete it") {
		t.Fatalf("after the fix: %+v, %v", fixedRun[0], err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("a case that now passes stays until removed: %v", err)
	}

	if err := os.WriteFile(path, []byte("{\n  \"format\": \"kgents-laws-cases/1\",\n  \"cases\": [}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad, err := laws.RunInstance("int_sub", laws.Options{SaveDir: dir}, fixed)
	if err != nil || bad[0].Status != laws.Errored || !strings.Contains(bad[0].Message, path+":3:14") {
		t.Fatalf("broken file: %+v, %v", bad[0], err)
	}
}

// Law runs leave rapid's settings as the user gave them, fail files
// included, for the user's own rapid tests.
func TestRapidSettingsRestoredAfterLawRuns(t *testing.T) {
	before := flag.Lookup("rapid.nofailfile").Value.String()
	if _, err := laws.RunInstance("int_addition", laws.Options{Checks: 5, Seed: 3}, addition); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"rapid.nofailfile", "rapid.checks", "rapid.seed"} {
		if got := flag.Lookup(name).Value.String(); name == "rapid.nofailfile" && got != before || name != "rapid.nofailfile" && got != flag.Lookup(name).DefValue && !strings.Contains(strings.Join(os.Args, " "), name) {
			t.Errorf("-%s = %s after a law run", name, got)
		}
	}
	if before != "false" && os.Getenv("RAPID_NOFAILFILE") == "" {
		t.Errorf("laws turned rapid's fail files off for the whole binary (-rapid.nofailfile=%s)", before)
	}
}
