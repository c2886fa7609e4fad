package main

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/kgents/kgents-core/laws"
)

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("run", stderr, "[flags] [PATTERN]")
	engine := fs.String("engine", "rapid", "engine: rapid or gopter")
	checks := fs.Int("checks", 100, "cases per law")
	seed := fs.Uint64("seed", 0, "seed to start from (0: random); a failure prints the seed that replays it")
	shrinkTime := fs.Duration("shrinktime", 30*time.Second, "time bound for shrinking one counterexample")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) > 1 {
		fmt.Fprintf(stderr, "lawcheck run: want at most one PATTERN, got %q\n", pos)
		return exitUsage
	}
	e, err := laws.ParseEngine(*engine)
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck run: -engine: %v\n", err)
		return exitUsage
	}
	if *checks <= 0 {
		fmt.Fprintf(stderr, "lawcheck run: -checks must be positive, got %d\n", *checks)
		return exitUsage
	}
	opts := laws.Options{Engine: e, Checks: *checks, Seed: *seed, ShrinkTime: *shrinkTime}
	if len(pos) == 1 {
		opts.Match = pos[0]
	}
	start := time.Now()
	results, err := laws.Run(opts)
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck run: %v\n", err)
		return exitUsage
	}
	if len(results) == 0 {
		fmt.Fprintf(stderr, "lawcheck run: no registered law matches %q (see lawcheck list)\n", opts.Match)
		return exitUsage
	}
	failed := 0
	for i := range results {
		r := &results[i]
		if r.Status != laws.Passed {
			failed++
			r.Replay = fmt.Sprintf("lawcheck run -engine %s -seed %d '^%s/%s$'", r.Engine, r.Seed, r.Instance, r.Law)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		for _, r := range results {
			if err := enc.Encode(laws.RecordOf(r)); err != nil {
				fmt.Fprintf(stderr, "lawcheck run: %v\n", err)
				return exitUsage
			}
		}
	} else {
		counts := map[laws.Status]int{}
		for _, r := range results {
			counts[r.Status]++
			fmt.Fprintf(stdout, "%-7s %s/%s  %s  (%d cases)\n", r.Status, r.Instance, r.Law, oneLine(r.Equation), r.Cases)
		}
		for _, r := range results {
			if r.Status != laws.Passed {
				fmt.Fprintf(stdout, "\n%s", r.Report())
			}
		}
		fmt.Fprintf(stdout, "\n%d laws: %d passed, %d failed, %d errored (%s, %d cases each, %v)\n",
			len(results), counts[laws.Passed], counts[laws.Failed], counts[laws.Errored], e, *checks, time.Since(start).Round(time.Millisecond))
	}
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}
