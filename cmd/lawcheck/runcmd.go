package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"time"

	"github.com/kgents/kgents-core/laws"
)

// exitInterrupted is the exit status after Ctrl-C, as shells report a
// process ended by SIGINT.
const exitInterrupted = 130

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("run", stderr, "[flags] [PATTERN]")
	engine := fs.String("engine", "", "engine: rapid or gopter (default LAWS_ENGINE, else rapid)")
	checks := fs.Int("checks", 0, "cases per law (default LAWS_CHECKS, else 100)")
	seed := fs.Uint64("seed", 0, "seed to start from (default LAWS_SEED, else random); a failure prints the seed that replays it")
	shrinkTime := fs.Duration("shrinktime", 0, "time bound for shrinking one counterexample (default LAWS_SHRINKTIME, else 30s)")
	asJSON := fs.Bool("json", false, "print one JSON record per law (format kgents-lawcheck/1) instead of text")
	verbose := fs.Bool("v", false, "print every case's values to stderr (default LAWS_VERBOSE)")
	observeDir := fs.String("observe", "", "write PBT observations (one JSON line per case, read by Tyche and lawcheck report) to DIR (default LAWS_OBSERVE)")
	pos, code, ok := parseArgs(fs, args, argCount{max: 1, want: "at most one PATTERN"})
	if !ok {
		return code
	}
	// A flag given on the command line overrides LAWS_*; one not given
	// leaves the environment to laws.
	var opts laws.Options
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if given["engine"] {
		e, err := laws.ParseEngine(*engine)
		if err != nil {
			fmt.Fprintf(stderr, "lawcheck run: -engine: %v\n", err)
			return exitUsage
		}
		opts.Engine = e
	}
	if given["checks"] {
		if *checks <= 0 {
			fmt.Fprintf(stderr, "lawcheck run: -checks must be positive, got %d\n", *checks)
			return exitUsage
		}
		opts.Checks = *checks
	}
	opts.Seed, opts.ShrinkTime, opts.Verbose, opts.Observe = *seed, *shrinkTime, *verbose, *observeDir
	if len(pos) == 1 {
		opts.Match = pos[0]
	}
	eff, err := opts.Effective()
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck run: %v\n", err)
		return exitUsage
	}
	total, err := countLaws(opts.Match)
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck run: %v\n", err)
		return exitUsage
	}
	if total == 0 {
		fmt.Fprintf(stderr, "lawcheck run: no registered law matches %q (see lawcheck list)\n", opts.Match)
		return exitUsage
	}
	note := fmt.Sprintf("%s, %d cases each", eff.Engine, eff.Checks)
	return streamRun(opts, total, note, stdout, stderr, *asJSON)
}

// streamRun runs the laws of opts, printing each as it finishes, with a
// progress line on a terminal; on Ctrl-C it prints what has finished and
// returns exitInterrupted without waiting for the law under way.
func streamRun(opts laws.Options, total int, note string, stdout, stderr io.Writer, asJSON bool) int {
	p := newPrinter(stdout, asJSON, total)
	opts.Logf = func(format string, args ...any) { p.log(stderr, fmt.Sprintf(format, args...)) }
	opts.OnStart = p.started
	opts.OnResult = func(r laws.Result) {
		if r.Status != laws.Passed {
			r.Replay = fmt.Sprintf("lawcheck run -engine %s -seed %d '^%s/%s$'", r.Engine, r.Seed, regexp.QuoteMeta(r.Instance), regexp.QuoteMeta(r.Law))
		}
		p.result(r)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	defer signal.Stop(sig)
	stop := make(chan struct{})
	defer close(stop)
	go p.runProgress(100*time.Millisecond, stop)

	done := make(chan error, 1)
	go func() {
		_, err := laws.Run(opts)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			// Settings were checked before the run: this is not expected.
			p.mu.Lock()
			p.fail(err)
			p.mu.Unlock()
		}
		return p.finish(note)
	case <-sig:
		return p.interrupt(note)
	}
}

// countLaws returns how many registered laws match pattern.
func countLaws(pattern string) (int, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return 0, fmt.Errorf("bad PATTERN: %w", err)
	}
	n := 0
	for _, in := range laws.Instances() {
		for _, l := range in.Laws {
			if re.MatchString(in.Name + "/" + l.Name) {
				n++
			}
		}
	}
	return n, nil
}
