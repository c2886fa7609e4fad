package main

import (
	"encoding/json"
	"errors"
	"flag"

	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/kgents/kgents-core/internal/pybridge"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
	pysrc "github.com/kgents/kgents-core/python"
)

// multiFlag is a flag that may be repeated.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// pythonStdin is the evaluator's side of --stdio mode (a variable so tests
// can replace it).
var pythonStdin io.Reader = os.Stdin

func cmdPython(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("python", stderr, "[flags] MODULE:OBJECT")
	engine := fs.String("engine", "", "engine: rapid or gopter (default LAWS_ENGINE, else rapid)")
	checks := fs.Int("checks", 0, "cases per law (default LAWS_CHECKS, else 100)")
	seed := fs.Uint64("seed", 0, "seed to start from (default random); a failure prints the seed that replays it")
	shrinkTime := fs.Duration("shrinktime", 10*time.Second, "time bound for shrinking one counterexample")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	pattern := fs.String("run", "", "check only the laws whose \"operad/law\" matches this regular expression")
	leaves := fs.String("leaves", "", "MODULE:OBJECT of the leaves (a kgents_core.Leaves or a dict of name to agent); default: LEAVES of the operad's module")
	var paths, upTo multiFlag
	fs.Var(&paths, "path", "directory to add to Python's import path (repeatable)")
	fs.Var(&upTo, "up-to", "compare outputs up to a normalisation: assoc, exctype, without:FIELD (repeatable)")
	python := fs.String("python", "python3", "the Python interpreter")
	timeout := fs.Duration("timeout", 5*time.Second, "time one evaluation (build a term and run it) may take")
	unchecked := fs.Bool("unchecked", false, "run agents with transition instead of invoke (no validation of states and inputs)")
	maxNodes := fs.Int("max-nodes", 6, "nodes of a term bound to one law variable, at most")
	maxDepth := fs.Int("max-depth", 4, "depth of a term bound to one law variable, at most")
	maxMemory := fs.Int("max-memory", 2048, "address space of the Python process in MiB (0: unlimited); a term whose construction explodes meets MemoryError")
	stdio := fs.Bool("stdio", false, "serve as the checker of kgents_core.verify_operad_laws: the evaluator is on stdin and stdout")
	pos, exit, ok := parseArgs(fs, args, argCount{max: 1, want: "one MODULE:OBJECT (or --stdio without)"})
	if !ok {
		return exit
	}
	usageErr := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "lawcheck python: "+format+"\n", a...)
		return exitUsage
	}
	if *stdio != (len(pos) == 0) {
		return usageErr("want one MODULE:OBJECT (or --stdio without), got %q", pos)
	}
	// As in run, a flag given overrides LAWS_*; one not given leaves the
	// environment to laws.
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var e laws.Engine
	if given["engine"] {
		var err error
		if e, err = laws.ParseEngine(*engine); err != nil {
			return usageErr("-engine: %v", err)
		}
	}
	if given["checks"] && *checks <= 0 {
		return usageErr("-checks must be positive, got %d", *checks)
	}
	eff, err := (laws.Options{Engine: e, Checks: *checks}).Effective()
	if err != nil {
		return usageErr("%v", err)
	}
	if *maxNodes < 1 || *maxDepth < 1 {
		return usageErr("-max-nodes and -max-depth must be positive")
	}
	if *timeout <= 0 {
		return usageErr("-timeout must be positive")
	}
	var norms []pybridge.Normalisation
	for _, u := range upTo {
		n, err := pybridge.ParseNormalisation(u)
		if err != nil {
			return usageErr("-up-to: %v", err)
		}
		norms = append(norms, n...)
	}
	if *pattern != "" {
		if _, err := regexp.Compile(*pattern); err != nil {
			return usageErr("-run: %v", err)
		}
	}
	opts := pybridge.Options{
		Laws:      laws.Options{Engine: e, Checks: *checks, Seed: *seed, ShrinkTime: *shrinkTime},
		Match:     *pattern,
		Unchecked: *unchecked,
		UpTo:      norms,
		Budget:    term.Budget{Nodes: *maxNodes, Depth: *maxDepth},
	}

	var bridge *pybridge.Bridge
	if *stdio {
		bridge = pybridge.Pipes(pythonStdin, stdout)
	} else {
		obj := pos[0]
		mod, attr, ok := strings.Cut(obj, ":")
		if !ok || mod == "" || attr == "" {
			return usageErr("%q is not MODULE:OBJECT", obj)
		}
		if *leaves != "" && !strings.Contains(*leaves, ":") {
			return usageErr("--leaves %q is not MODULE:OBJECT", *leaves)
		}
		srcDir, err := os.MkdirTemp("", "lawcheck-py-")
		if err != nil {
			fmt.Fprintf(stderr, "lawcheck python: %v\n", err)
			return exitUsage
		}
		defer os.RemoveAll(srcDir)
		if err := os.CopyFS(srcDir, pysrc.FS); err != nil {
			fmt.Fprintf(stderr, "lawcheck python: writing the Python side: %v\n", err)
			return exitUsage
		}
		pyPath := []string{srcDir}
		serveArgs := []string{"-m", "kgents_core", "serve", obj, "--max-memory-mb", fmt.Sprint(*maxMemory)}
		for _, p := range paths {
			abs, err := filepath.Abs(p)
			if err != nil {
				return usageErr("--path %s: %v", p, err)
			}
			pyPath = append(pyPath, abs)
		}
		if v := os.Getenv("PYTHONPATH"); v != "" {
			pyPath = append(pyPath, v)
		}
		leavesExpr, imports := "LEAVES", []string{}
		if *leaves != "" {
			serveArgs = append(serveArgs, "--leaves", *leaves)
			lm, la, _ := strings.Cut(*leaves, ":")
			leavesExpr = la
			imports = append(imports, fmt.Sprintf("from %s import %s", lm, strings.Split(la, ".")[0]))
		} else {
			imports = append(imports, fmt.Sprintf("from %s import LEAVES", mod))
		}
		imports = append(imports, fmt.Sprintf("from %s import %s", mod, strings.Split(attr, ".")[0]))
		opts.Imports, opts.LeavesExpr = imports, leavesExpr
		opts.OperadExpr = func(name string) string { return attr }
		bridge = pybridge.Start(pybridge.Command{
			Python: *python, Args: serveArgs,
			Env: []string{"PYTHONPATH=" + strings.Join(pyPath, string(os.PathListSeparator)), "PYTHONDONTWRITEBYTECODE=1", "PYTHONHASHSEED=0"},
		})
		opts.Replay = func(operad, law string, engine laws.Engine, seed uint64) string {
			var b strings.Builder
			fmt.Fprintf(&b, "lawcheck python %s", obj)
			if *leaves != "" {
				fmt.Fprintf(&b, " --leaves %s", *leaves)
			}
			for _, p := range paths {
				fmt.Fprintf(&b, " --path %s", p)
			}
			for _, u := range upTo {
				fmt.Fprintf(&b, " --up-to %s", u)
			}
			// The other flags that change what is generated or how it runs.
			fs.Visit(func(f *flag.Flag) {
				switch f.Name {
				case "unchecked":
					b.WriteString(" --unchecked")
				case "python", "timeout", "max-memory", "max-nodes", "max-depth", "shrinktime":
					fmt.Fprintf(&b, " --%s %s", f.Name, f.Value)
				}
			})
			fmt.Fprintf(&b, " -engine %s -seed %d -run '^%s/%s$'", engine, seed, regexp.QuoteMeta(operad), regexp.QuoteMeta(law))
			return b.String()
		}
	}
	defer bridge.Close()
	bridge.Timeout = *timeout
	where := "the evaluator"
	if len(pos) == 1 {
		where = pos[0]
	}

	desc, err := bridge.Describe()
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck python: %s: %v\n", where, explain(err))
		return exitUsage
	}
	// Results stream as each law finishes: a JSON line each with -json,
	// a status line each otherwise (on stderr in stdio mode, where stdout
	// is the protocol).
	progress := stdout
	if *stdio {
		progress = stderr
	}
	var text strings.Builder
	enc := json.NewEncoder(stdout)
	var encErr error
	opts.OnResult = func(r pybridge.LawResult) {
		line := statusLine(r)
		text.WriteString(line)
		switch {
		case *stdio:
			fmt.Fprint(progress, line)
		case *asJSON:
			if err := enc.Encode(r); err != nil && encErr == nil {
				encErr = err
			}
		default:
			fmt.Fprint(progress, line)
		}
	}
	start := time.Now()
	results, err := pybridge.Check(bridge, desc, opts)
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck python: %s: %v\n", where, err)
		return exitUsage
	}
	if encErr != nil {
		fmt.Fprintf(stderr, "lawcheck python: %v\n", encErr)
		return exitUsage
	}
	if len(results) == 0 {
		fmt.Fprintf(stderr, "lawcheck python: %s: no law to check (operads %s; -run %q)\n", where, operadNames(desc), *pattern)
		return exitUsage
	}
	code := exitOK
	counts := map[string]int{}
	for _, r := range results {
		counts[r.Status]++
		if r.Status != pybridge.Passed {
			code = exitFailed
		}
	}
	var tail strings.Builder
	for _, r := range results {
		if r.Status != pybridge.Passed {
			fmt.Fprintf(&tail, "\n%s", pybridge.Report(r))
		}
	}
	fmt.Fprintf(&tail, "\n%s: %d passed, %d failed, %d errored, %d not checkable (%s, %d cases each, %v)\n",
		count(len(results), "law"), counts[pybridge.Passed], counts[pybridge.Failed], counts[pybridge.Errored], counts[pybridge.NotCheckable],
		eff.Engine, eff.Checks, time.Since(start).Round(time.Millisecond))
	text.WriteString(tail.String())
	switch {
	case *stdio:
		fmt.Fprint(stderr, tail.String())
		if err := bridge.Done(results, text.String()); err != nil {
			fmt.Fprintf(stderr, "lawcheck python: sending the results: %v\n", err)
			return exitUsage
		}
	case !*asJSON:
		fmt.Fprint(stdout, tail.String())
	}
	return code
}

func statusLine(r pybridge.LawResult) string {
	inferred := ""
	if r.Inferred {
		inferred = " [inferred]"
	}
	return fmt.Sprintf("%-13s %s/%s  %s  (%d cases)%s\n", r.Status, r.Operad, r.Law, oneLine(r.Equation), r.Cases, inferred)
}

func operadNames(d *pybridge.Describe) string {
	var names []string
	for _, o := range d.Operads {
		names = append(names, o.Name)
	}
	return strings.Join(names, ", ")
}

// explain adds what to do to the bridge errors a user can fix.
func explain(err error) error {
	switch {
	case errors.Is(err, pybridge.ErrNoPython):
		return fmt.Errorf("%w (install python3 3.9 or newer, or give its path with --python)", err)
	}
	var ee *pybridge.EvaluatorError
	if errors.As(err, &ee) && ee.Kind == "import" {
		return fmt.Errorf("%w\n(is the module on the import path? add its directory with --path DIR)", err)
	}
	return err
}
