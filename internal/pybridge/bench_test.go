package pybridge_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/internal/pybridge"
	"github.com/kgents/kgents-core/laws"
)

func fixtureBridge(b *testing.B, object string) *pybridge.Bridge {
	b.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		b.Skip("python3 is not on PATH")
	}
	br := pybridge.Start(pybridge.Command{
		Args: []string{"-m", "kgents_core", "serve", object},
		Env:  []string{"PYTHONPATH=../../python:../../fixtures/python", "PYTHONDONTWRITEBYTECODE=1"},
	})
	b.Cleanup(func() { br.Close() })
	return br
}

// benchRuns returns n runs of the agent operad: terms of 5 to 9 nodes
// over its leaves, on 4 inputs each, the same every time.
func benchRuns(n int) []pybridge.Run {
	rng := rand.New(rand.NewPCG(1, 2))
	leaves := []string{"id", "inc", "dbl", "neg", "count", "read"}
	type op struct {
		name  string
		arity int
	}
	ops := []op{{"seq", 2}, {"par", 2}, {"branch", 3}, {"fix", 2}, {"trace", 1}}
	var gen func(budget int) any
	gen = func(budget int) any {
		if budget <= 1 {
			return leaves[rng.IntN(len(leaves))]
		}
		o := ops[rng.IntN(len(ops))]
		if o.name == "branch" {
			return []any{"branch", "pos", gen(budget / 3), gen(budget / 3)}
		}
		t := []any{o.name}
		for range o.arity {
			t = append(t, gen((budget-1)/o.arity))
		}
		return t
	}
	runs := make([]pybridge.Run, n)
	for i := range runs {
		data, _ := json.Marshal(gen(5 + rng.IntN(5)))
		runs[i] = pybridge.Run{Term: data, Inputs: []int{rng.IntN(6), rng.IntN(6), rng.IntN(6), rng.IntN(6)}}
	}
	return runs
}

// One request with one run of a leaf: the cost of a round trip.
func BenchmarkBridgeRoundTrip(b *testing.B) {
	br := fixtureBridge(b, "agent_operad:AGENT_OPERAD")
	run := []pybridge.Run{{Term: json.RawMessage(`"id"`), Inputs: []int{0}}}
	if _, err := br.Eval("AgentOperad", false, run); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := br.Eval("AgentOperad", false, run); err != nil {
			b.Fatal(err)
		}
	}
}

const batch = 256

// Evaluations (build a term, run it on 4 inputs) per second: through the
// bridge in batches of 256, and the same evaluations in-process in Python
// (the baseline: build and run, no encoding, no pipe). One op is one batch.
func BenchmarkEvalThroughput(b *testing.B) {
	runs := benchRuns(batch)
	b.Run("bridge", func(b *testing.B) {
		br := fixtureBridge(b, "agent_operad:AGENT_OPERAD")
		if _, err := br.Eval("AgentOperad", false, runs); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			res, err := br.Eval("AgentOperad", false, runs)
			if err != nil || len(res) != batch {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/eval")
	})
	b.Run("python_in_process", func(b *testing.B) {
		if _, err := exec.LookPath("python3"); err != nil {
			b.Skip("python3 is not on PATH")
		}
		data, _ := json.Marshal(runs)
		file := filepath.Join(b.TempDir(), "runs.json")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			b.Fatal(err)
		}
		script := `
import json, sys, time
from agent_operad import AGENT_OPERAD, LEAVES
from kgents_core.model import Model
m = Model(AGENT_OPERAD, LEAVES)
runs = [(r["term"], [LEAVES.inputs[i] for i in r["inputs"]]) for r in json.load(open(sys.argv[1]))]
reps = int(sys.argv[2])
t0 = time.perf_counter_ns()
for _ in range(reps):
    for term, xs in runs:
        agent, state = m.build(term)
        m.run(agent, state, xs, False)
print(time.perf_counter_ns() - t0)
`
		// At least 20 rounds of the batch, timed inside Python, so that
		// starting the interpreter does not count.
		reps := max(b.N, 20)
		cmd := exec.Command("python3", "-c", script, file, strconv.Itoa(reps))
		cmd.Env = append(os.Environ(), "PYTHONPATH=../../python:../../fixtures/python")
		out, err := cmd.Output()
		if err != nil {
			b.Fatal(err)
		}
		ns, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(ns/float64(reps*batch), "ns/eval")
	})
}

// A full check of the fixture operad's four laws (two declared, two
// inferred) at 100 cases per law: strictly (par associativity fails and
// is shrunk) and up to assoc (every law passes). One op is one check,
// with the Python process already started.
func BenchmarkCheckAgentOperad(b *testing.B) {
	for _, c := range []struct{ name, upTo string }{{"strict", ""}, {"up_to_assoc", "assoc"}} {
		b.Run(c.name, func(b *testing.B) {
			br := fixtureBridge(b, "agent_operad:AGENT_OPERAD")
			d, err := br.Describe()
			if err != nil {
				b.Fatal(err)
			}
			opts := pybridge.Options{Laws: laws.Options{Checks: 100, Seed: 1, ShrinkTime: 10 * time.Second}}
			if c.upTo != "" {
				opts.UpTo, _ = pybridge.ParseNormalisation(c.upTo)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				res, err := pybridge.Check(br, d, opts)
				if err != nil || len(res) != 4 {
					b.Fatal(err)
				}
			}
		})
	}
}
