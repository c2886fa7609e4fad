package main

import (
	"fmt"
	"io"

	"github.com/kgents/kgents-core/internal/jsonoperad"
	"github.com/kgents/kgents-core/laws"
)

// cmdReplay evaluates saved failures exactly once each, against their
// operad files as they are now.
func cmdReplay(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("replay", stderr, "[-json] CASEFILE...")
	asJSON := fs.Bool("json", false, "print one JSON record per case (JSON lines) instead of text")
	pos, code, ok := parseArgs(fs, args, argCount{min: 1, max: -1, want: "at least one CASEFILE"})
	if !ok {
		return code
	}
	type item struct {
		path string
		c    *jsonoperad.Case
		o    *jsonoperad.Operad
	}
	var items []item
	for _, path := range pos {
		c, err := jsonoperad.ReadCase(path)
		if err != nil {
			fmt.Fprintf(stderr, "lawcheck replay: %v\n", err)
			return exitUsage
		}
		o, err := jsonoperad.Load(c.OperadPath(path))
		if err != nil {
			fmt.Fprintf(stderr, "lawcheck replay: %s: %v\n", path, err)
			return exitUsage
		}
		items = append(items, item{path, c, o})
	}
	out := newCheckPrinter(stdout, stderr, *asJSON, false)
	defer out.stop()
	fixed := 0
	for _, it := range items {
		r, err := it.o.Replay(it.c)
		if err != nil {
			out.errorf("lawcheck replay: %s: %v\n", it.path, err)
			return exitUsage
		}
		if r.Status == laws.Passed {
			fixed++
			out.note("fixed   %s/%s: the saved case %s now holds (%s)\n", r.Instance, r.Law, it.path, it.c.Instance)
			continue
		}
		r.Replay = "lawcheck replay " + shellQuote(it.path)
		out.result(it.o, r, nil, it.path)
	}
	if out.failed > 0 {
		return exitFailed
	}
	return exitOK
}
