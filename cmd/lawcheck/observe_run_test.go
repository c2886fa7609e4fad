package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/laws/observe"
)

// lawcheck run -observe writes one file per law; lawcheck report draws
// them with the engine's own verdicts, a failure's shrink path and its
// counterexample.
func TestRunObserveThenReport(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI("run", "-observe", dir, "-checks", "50", "-seed", "7", "^(test_broken_addition|int_addition)/")
	if code != exitFailed {
		t.Fatalf("run: exit %d\n%s%s", code, out, errs)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	laws := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "passed ") || strings.HasPrefix(line, "failed ") {
			laws++
		}
	}
	if laws == 0 || len(files) != laws {
		t.Fatalf("%d observation files for %d laws run:\n%s", len(files), laws, out)
	}
	page := filepath.Join(t.TempDir(), "r.html")
	if code, out, errs := runCLI("report", dir, "-o", page); code != exitOK {
		t.Fatalf("report: exit %d\n%s%s", code, out, errs)
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	s := section(t, html, "test_broken_addition/associativity")
	for _, want := range []string{`data-verdict="failed"`, "<h3>Counterexample</h3>", "<h3>Shrink path</h3>", `data-feature="bits:x"`, `data-feature="value:x"`} {
		if !strings.Contains(s, want) {
			t.Errorf("broken associativity lacks %q", want)
		}
	}
	if !strings.Contains(section(t, html, "int_addition/associativity"), `data-verdict="passed"`) {
		t.Error("int_addition/associativity is not shown as passed")
	}
}

// lawcheck check -observe writes the generated cases of JSON operads too.
func TestCheckObserve(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI("check", "-observe", dir, "-casedir", "none", "-seed", "3", filepath.Join("..", "..", "fixtures", "json", "lawless", "int_subtraction.json"))
	if code != exitFailed {
		t.Fatalf("check: exit %d\n%s%s", code, out, errs)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*associativity*.jsonl"))
	if len(files) != 1 {
		t.Fatalf("observation files %v", files)
	}
	obs, err := observe.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, o := range obs {
		if o.Status == observe.Failed {
			failed++
		}
	}
	if failed == 0 {
		t.Errorf("no failing case observed for subtraction's associativity in %d observations", len(obs))
	}
}
