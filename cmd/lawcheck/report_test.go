package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/laws/observe"
)

// writeSampleObservations writes three runs to dir, as an engine would:
// a failing law on terms with its shrink path, a passing law on ints
// with features and discards, and a run whose result is missing.
func writeSampleObservations(t testing.TB, dir string) {
	t.Helper()
	start := time.Unix(1764900000, 0)
	write := func(prop string, obs []observe.Observation) {
		w, err := observe.Create(dir, observe.Run{Property: prop, Start: start})
		if err != nil {
			t.Fatal(err)
		}
		for i := range obs {
			if err := w.Write(&obs[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	tc := func(status observe.Status, how, rep string, feats observe.Object) observe.Observation {
		timing := observe.Object{{Key: "generate:t", Value: 2e-6}, {Key: "execute:test", Value: 1e-6}}
		if how == observe.ShrinkStep {
			timing = append(observe.Object{{Key: "shrink", Value: 5e-6}}, timing...)
		}
		return observe.Observation{Type: observe.TestCase, Status: status, HowGenerated: how, Representation: rep, Features: feats, Timing: timing}
	}
	var terms []observe.Observation
	for i := range 30 {
		terms = append(terms, tc(observe.Passed, observe.Random, "t = seq(a, b)", observe.Object{
			{Key: "term nodes:t", Value: 3 + i%5}, {Key: "term depth:t", Value: 2 + i%3}, {Key: "root:t", Value: []string{"seq", "par", "id"}[i%3]}}))
	}
	terms = append(terms,
		tc(observe.Failed, observe.Random, "t = seq(par(a, id()), seq(b, c))", observe.Object{{Key: "term nodes:t", Value: 7}}),
		tc(observe.Passed, observe.ShrinkStep, "t = seq(a, b)", nil),
		tc(observe.Failed, observe.ShrinkStep, "t = par(a, id())", nil),
		tc(observe.Failed, observe.ShrinkStep, "t = par(a, id())", nil),
		observe.Observation{Type: observe.Info, Title: observe.ResultTitle, Content: observe.ResultContent("**failed**", observe.Object{
			{Key: "status", Value: "failed"}, {Key: "cases", Value: 30}, {Key: "discarded", Value: 0}, {Key: "engine", Value: "rapid"}, {Key: "seed", Value: "42"}})},
	)
	terms[len(terms)-2].StatusReason = "lhs != rhs"
	write("agent_operad/unit_left", terms)

	var ints []observe.Observation
	for i := range 100 {
		if i%10 == 0 {
			o := tc(observe.GaveUp, observe.Random, "x = 0", nil)
			o.StatusReason = "both sides undefined"
			ints = append(ints, o)
			continue
		}
		how := observe.Random
		if i%4 == 0 {
			how = observe.Boundary
		}
		ints = append(ints, tc(observe.Passed, how, "x = 1\ny = 2", observe.Object{{Key: "size:x", Value: float64(i%17) * 1.5}}))
	}
	ints = append(ints,
		observe.Observation{Type: observe.Alert, Title: "filter rejects many cases", Content: "10% of the cases were discarded"},
		observe.Observation{Type: observe.Info, Title: observe.ResultTitle, Details: observe.Object{{Key: "status", Value: "passed"}, {Key: "cases", Value: 90}}})
	write("int_addition/associativity", ints)

	write("int_addition/commutativity", []observe.Observation{tc(observe.Passed, observe.Random, "x = 1\ny = 2", nil)})
}

func reportOf(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "report.html")
	code, stdout, stderr := runCLI("report", dir, "-o", out)
	if code != exitOK {
		t.Fatalf("report: exit %d\n%s%s", code, stdout, stderr)
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return string(page)
}

func section(t *testing.T, page, property string) string {
	t.Helper()
	i := strings.Index(page, `<section class="run" id="run-`+strings.ReplaceAll(property, "/", "-"))
	if i < 0 {
		t.Fatalf("no section for %s", property)
	}
	rest := page[i:]
	return rest[:strings.Index(rest, "</section>")]
}

func TestReportShowsVerdictsChartsShrinkPathAndTree(t *testing.T) {
	dir := t.TempDir()
	writeSampleObservations(t, dir)
	page := reportOf(t, dir)

	failing := section(t, page, "agent_operad/unit_left")
	for _, want := range []string{
		`data-verdict="failed"`,
		"30 cases passed, 0 gave up, 1 failed; 3 cases tried while shrinking.",
		`<figure class="chart histogram" data-feature="term nodes:t">`,
		`<figure class="chart categories" data-feature="root:t">`,
		`<figure class="chart categories" data-feature="how generated">`,
		"<h3>Shrink path</h3>",
		"lhs != rhs",
		// 34 cases of 2 µs generation and 1 µs evaluation; 3 shrink steps
		// of 5 µs shrinking.
		`<figure class="chart time-split" data-feature="time by part"><figcaption><b>time by part</b> <span>generation 68.0 µs (58%), evaluation 34.0 µs (29%), shrinking 15.0 µs (13%)</span>`,
		`<rect class="part generate"`, `<rect class="part execute"`, `<rect class="part shrink"`,
		`data-feature="generation time (µs)"`, `data-feature="evaluation time (µs)"`,
	} {
		if !strings.Contains(failing, want) {
			t.Errorf("failing run lacks %q", want)
		}
	}
	// The shrink path is the first failure and the two failing steps; the
	// passing candidate is not a step.
	// A step that fails again with the same bindings is counted, not
	// listed again.
	steps := regexp.MustCompile(`<li><span class="muted">([^<]*)</span><pre>([^<]*)</pre>`).FindAllStringSubmatch(failing, -1)
	if len(steps) != 2 || steps[0][2] != "t = seq(par(a, id()), seq(b, c))" || steps[1][2] != "t = par(a, id())" ||
		!strings.Contains(steps[1][1], "failing 2 times in a row") {
		t.Errorf("shrink path = %q", steps)
	}
	// The counterexample par(a, id()) is drawn as a tree of three nodes.
	tree := regexp.MustCompile(`(?s)<svg[^>]*class="term-tree".*?</svg>`).FindString(failing)
	if tree == "" {
		t.Fatal("counterexample drawn as no tree")
	}
	nodes := regexp.MustCompile(`<g class="node (\w+)">.*?<title>([^<]*)</title>`).FindAllStringSubmatch(tree, -1)
	if len(nodes) != 3 || nodes[0][1] != "op" || nodes[0][2] != "par" || nodes[1][2] != "a" || nodes[2][2] != "id" {
		t.Errorf("tree nodes = %q", nodes)
	}
	if n := strings.Count(tree, `class="edge"`); n != 2 {
		t.Errorf("tree has %d edges, want 2", n)
	}

	passing := section(t, page, "int_addition/associativity")
	for _, want := range []string{
		`data-verdict="passed"`,
		"90 cases passed, 10 gave up, 0 failed",
		`data-feature="why cases were given up"`,
		"both sides undefined: 10",
		`data-feature="size:x"`,
		"filter rejects many cases",
		"boundary: 20", "random: 80",
	} {
		if !strings.Contains(passing, want) {
			t.Errorf("passing run lacks %q", want)
		}
	}
	if strings.Contains(passing, "term-tree") || strings.Contains(passing, "Shrink path") {
		t.Error("a passing run shows a counterexample")
	}
}

// A run whose observations hold no result is not shown as a pass, even
// when every case it observed passed.
func TestReportDoesNotInferAPassFromCases(t *testing.T) {
	dir := t.TempDir()
	writeSampleObservations(t, dir)
	s := section(t, reportOf(t, dir), "int_addition/commutativity")
	if !strings.Contains(s, `data-verdict="unknown"`) || strings.Contains(s, `verdict passed`) {
		t.Errorf("a run without its result reads:\n%s", s)
	}
}

func TestReportIsSelfContained(t *testing.T) {
	dir := t.TempDir()
	writeSampleObservations(t, dir)
	page := reportOf(t, dir)
	for _, banned := range []string{"<script", "<link", "src=", "@import", "url("} {
		if strings.Contains(page, banned) {
			t.Errorf("report contains %q", banned)
		}
	}
	urls := regexp.MustCompile(`https?://[^"' )]+`).FindAllString(page, -1)
	for _, u := range urls {
		if u != "http://www.w3.org/2000/svg" {
			t.Errorf("report refers to %s", u)
		}
	}
	if !strings.Contains(page, `Content-Security-Policy" content="default-src 'none'`) {
		t.Error("report does not forbid requests with a Content-Security-Policy")
	}
}

func TestReportNamesTheBadLine(t *testing.T) {
	dir := t.TempDir()
	writeSampleObservations(t, dir)
	bad := filepath.Join(dir, "zz.jsonl")
	if err := os.WriteFile(bad, []byte("{\"type\":\"test_case\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("report", dir, "-o", filepath.Join(t.TempDir(), "r.html"))
	if code != exitUsage || !strings.Contains(stderr, bad+":1:") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q; want 2 and one line naming %s:1", code, stderr, bad)
	}
	code, _, stderr = runCLI("report", filepath.Join(dir, "missing"))
	if code != exitUsage || !strings.Contains(stderr, "missing") {
		t.Errorf("missing dir: exit %d, stderr %q", code, stderr)
	}
	code, _, _ = runCLI("report")
	if code != exitUsage {
		t.Errorf("no DIR: exit %d", code)
	}
}

// Two runs of one law, a second apart, are two sections with ids of their
// own.
func TestReportKeepsRunsOfOneLawApart(t *testing.T) {
	dir := t.TempDir()
	for _, sec := range []int64{1764900000, 1764900001} {
		w, err := observe.Create(dir, observe.Run{Property: "i/l", Start: time.Unix(sec, 0)})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(&observe.Observation{Type: observe.TestCase, Status: observe.Passed})
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	page := reportOf(t, dir)
	ids := regexp.MustCompile(`<section class="run" id="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(ids) != 2 || ids[0][1] == ids[1][1] {
		t.Errorf("sections %q", ids)
	}
}
