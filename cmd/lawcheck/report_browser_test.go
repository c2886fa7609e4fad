package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// chromium returns the headless browser to test with, or skips: CI
// installs Debian's chromium (.ci/install-chromium); elsewhere it may be
// missing.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("LAWCHECK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH (install it with .ci/install-chromium, or set LAWCHECK_CHROMIUM): the report is not checked in a browser")
	return ""
}

// artifactDir is where the browser test leaves its screenshot:
// $TEST_ARTIFACTS when set (CI keeps it), otherwise the test's temp dir.
func artifactDir(t *testing.T) string {
	if d := os.Getenv("TEST_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func TestReportInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser: not under -short")
	}
	bin := chromium(t)
	dir := t.TempDir()
	writeSampleObservations(t, dir)
	page := filepath.Join(t.TempDir(), "report.html")
	if code, out, errs := runCLI("report", dir, "-o", page); code != exitOK {
		t.Fatalf("report: exit %d\n%s%s", code, out, errs)
	}
	b := startBrowser(t, bin)

	// The check must be able to fail: a page that logs an error, throws,
	// and asks for a resource its policy forbids shows all three.
	bad := filepath.Join(t.TempDir(), "bad.html")
	os.WriteFile(bad, []byte(`<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'"></head>`+
		`<body><img src="https://example.invalid/x.png"><script>console.error("planted"); undefinedFunction()</script></body></html>`), 0o644)
	if errs := b.pageLoad(t, "file://"+bad); len(errs) < 3 {
		t.Fatalf("the error watch missed planted errors: saw only %q", errs)
	}

	if errs := b.pageLoad(t, "file://"+page); len(errs) > 0 {
		t.Errorf("the report logs errors in the browser:\n%s", strings.Join(errs, "\n"))
	}
	var counts struct {
		Histograms, Categories, Trees, TreeNodes, Runs int
		Verdicts                                       []string
		BarsDrawn                                      int
		TimeParts                                      []string
	}
	b.eval(t, `({
		Histograms: document.querySelectorAll("figure.histogram svg").length,
		Categories: document.querySelectorAll("figure.categories svg").length,
		Trees: document.querySelectorAll("svg.term-tree").length,
		TreeNodes: document.querySelectorAll("svg.term-tree g.node").length,
		Runs: document.querySelectorAll("section.run").length,
		Verdicts: [...document.querySelectorAll("section.run")].map(s => s.dataset.verdict),
		BarsDrawn: [...document.querySelectorAll("rect.bar")].filter(r => r.getBBox().height > 0 && r.getBBox().width > 0).length,
		TimeParts: [...document.querySelectorAll("section.run")[0].querySelectorAll("figure.time-split rect.part")].filter(r => r.getBBox().width > 0 && r.getBBox().height > 20).map(r => r.classList[1]),
	})`, &counts)
	if counts.Runs != 3 || strings.Join(counts.Verdicts, ",") != "failed,passed,unknown" {
		t.Errorf("runs %d with verdicts %v; want failed, passed, unknown", counts.Runs, counts.Verdicts)
	}
	if counts.Histograms < 3 || counts.Categories < 4 || counts.BarsDrawn < 20 {
		t.Errorf("charts: %d histograms, %d category charts, %d bars drawn", counts.Histograms, counts.Categories, counts.BarsDrawn)
	}
	if strings.Join(counts.TimeParts, ",") != "generate,execute,shrink" {
		t.Errorf("the failing run's time is drawn in parts %v; want generate, execute, shrink", counts.TimeParts)
	}
	if counts.Trees != 1 || counts.TreeNodes != 3 {
		t.Errorf("counterexample tree: %d trees, %d nodes; want 1 tree of 3 nodes", counts.Trees, counts.TreeNodes)
	}

	png := b.screenshot(t, 4000)
	if !bytes.HasPrefix(png, []byte("\x89PNG")) || len(png) < 10000 {
		t.Fatalf("screenshot is not a PNG of a drawn page (%d bytes)", len(png))
	}
	shot := filepath.Join(artifactDir(t), "lawcheck-report.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", shot)
}
