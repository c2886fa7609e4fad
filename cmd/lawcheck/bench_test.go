package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkCheckProcess runs lawcheck check on a 10,000-case
// associativity check of an expression-defined int operation, as a whole
// process from a built binary: startup, loading and checking included.
func BenchmarkCheckProcess(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "lawcheck")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	file := filepath.Join(dir, "add.json")
	src := `{"name": "add", "sorts": {"int": {"kind": "int"}},
	  "operations": {"add": {"arity": 2, "expr": "x + y"}},
	  "laws": [{"law": "associativity", "op": "add"}]}`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(bin, "check", "-checks", "10000", "-seed", "1", "-casedir", "none", file)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	// CPU time of the process (all its threads): on a shared machine,
	// steadier than wall time, which includes waiting for a core.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}
