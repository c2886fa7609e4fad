package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/kgents/kgents-core/internal/jsonoperad"
	"github.com/kgents/kgents-core/laws"
)

// checkRecord is one law's result for machines, a JSON line: the record
// of lawcheck run -json (laws.Record, format kgents-lawcheck/1) with the
// operad file, the case file and, with -stats, what was generated.
type checkRecord struct {
	laws.Record
	File string `json:"file"`
	// Saved is the case file the failure was written to, or that replayed.
	Saved string            `json:"case_file,omitempty"`
	Stats *jsonoperad.Stats `json:"stats,omitempty"`
}

// checkFlags are the flags of check.
type checkFlags struct {
	engine     string
	checks     int
	seed       uint64
	shrinkTime time.Duration
	asJSON     bool
	stats      bool
	prove      int64
	caseDir    string
	run        string
	observe    string
}

const caseDirNone = "none"

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", stderr, "[flags] FILE|DIR...")
	var f checkFlags
	fs.StringVar(&f.engine, "engine", "rapid", "engine: rapid or gopter (default LAWS_ENGINE, else rapid)")
	fs.IntVar(&f.checks, "checks", 100, "cases per law (default LAWS_CHECKS, else 100; a law's own \"checks\" wins)")
	fs.Uint64Var(&f.seed, "seed", 0, "seed to start from (default LAWS_SEED, else 0: random); a failure prints the seed that replays it")
	fs.DurationVar(&f.shrinkTime, "shrinktime", 30*time.Second, "time bound for shrinking one counterexample (default LAWS_SHRINKTIME, else 30s)")
	fs.BoolVar(&f.asJSON, "json", false, "print one JSON record per law (JSON lines) instead of text")
	fs.BoolVar(&f.stats, "stats", false, "print what was generated for each variable: count and sizes")
	fs.Int64Var(&f.prove, "prove", jsonoperad.DefaultExhaustiveLimit, "prove a law by enumerating its cases when there are at most this many (0: never)")
	fs.StringVar(&f.caseDir, "casedir", "", "directory of saved failures (default: .lawcheck next to each operad file; \"none\": neither save nor replay)")
	fs.StringVar(&f.run, "run", "", "check only the laws whose \"operad/law\" matches this regular expression")
	fs.StringVar(&f.observe, "observe", "", "write PBT observations (one JSON line per generated case, read by Tyche and lawcheck report) to DIR (default LAWS_OBSERVE)")
	pos, code, ok := parseArgs(fs, args, argCount{min: 1, max: -1, want: "at least one FILE or DIR"})
	if !ok {
		return code
	}
	if code := f.fromEnv(fs, "check", stderr); code != exitOK {
		return code
	}
	cfg, match, code := f.config("check", stderr)
	if code != exitOK {
		return code
	}
	files, err := operadFiles(pos)
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck check: %v\n", err)
		return exitUsage
	}
	// Load everything first: bad input stops the run before any law is
	// checked, with one error per bad file.
	var operads []*jsonoperad.Operad
	bad := 0
	for _, file := range files {
		o, err := jsonoperad.Load(file)
		if err != nil {
			fmt.Fprintf(stderr, "lawcheck check: %v\n", err)
			bad++
			continue
		}
		operads = append(operads, o)
	}
	if bad > 0 {
		return exitUsage
	}
	out := newCheckPrinter(stdout, stderr, f.asJSON, f.stats)
	defer out.stop()
	start := time.Now()
	for _, o := range operads {
		if code := checkOperad(o, f, cfg, match, out); code == exitUsage {
			return code
		}
	}
	if out.total == 0 {
		fmt.Fprintf(stderr, "lawcheck check: no law matches -run %q\n", f.run)
		return exitUsage
	}
	out.summary(len(operads), time.Since(start))
	if out.failed > 0 {
		return exitFailed
	}
	return exitOK
}

// fromEnv fills the settings not given as flags from LAWS_ENGINE,
// LAWS_CHECKS, LAWS_SEED and LAWS_SHRINKTIME, as run and python do: a flag
// given wins, a variable set comes next, the flag's default last. Only a
// variable that is set is used, so that the defaults stay check's own
// (laws' defaults depend on -test.short when the CLI runs inside a test).
func (f *checkFlags) fromEnv(fs *flag.FlagSet, cmd string, stderr io.Writer) int {
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	eff, err := (laws.Options{}).Effective()
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck %s: %v\n", cmd, err)
		return exitUsage
	}
	set := func(name string) bool {
		v, ok := os.LookupEnv(name)
		return ok && v != ""
	}
	if !given["engine"] && set("LAWS_ENGINE") {
		f.engine = string(eff.Engine)
	}
	if !given["checks"] && set("LAWS_CHECKS") {
		f.checks = eff.Checks
	}
	if !given["seed"] && set("LAWS_SEED") {
		f.seed = eff.Seed
	}
	if !given["shrinktime"] && set("LAWS_SHRINKTIME") {
		f.shrinkTime = eff.ShrinkTime
	}
	return exitOK
}

func (f checkFlags) config(cmd string, stderr io.Writer) (jsonoperad.Config, *regexp.Regexp, int) {
	e, err := laws.ParseEngine(f.engine)
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck %s: -engine: %v\n", cmd, err)
		return jsonoperad.Config{}, nil, exitUsage
	}
	if f.checks <= 0 {
		fmt.Fprintf(stderr, "lawcheck %s: -checks must be positive, got %d\n", cmd, f.checks)
		return jsonoperad.Config{}, nil, exitUsage
	}
	if f.prove < 0 {
		fmt.Fprintf(stderr, "lawcheck %s: -prove must be 0 or positive, got %d\n", cmd, f.prove)
		return jsonoperad.Config{}, nil, exitUsage
	}
	var match *regexp.Regexp
	if f.run != "" {
		if match, err = regexp.Compile(f.run); err != nil {
			fmt.Fprintf(stderr, "lawcheck %s: -run: %v\n", cmd, err)
			return jsonoperad.Config{}, nil, exitUsage
		}
	}
	limit := f.prove
	if limit == 0 {
		limit = -1
	}
	return jsonoperad.Config{Engine: e, Checks: f.checks, Seed: f.seed, ShrinkTime: f.shrinkTime, ExhaustiveLimit: limit, Observe: f.observe}, match, exitOK
}

// operadFiles expands the arguments: a file is taken as it is, a directory
// (or "DIR/...") stands for every .json file under it, outside .lawcheck
// directories, in lexical order.
func operadFiles(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		a = strings.TrimSuffix(a, "/...")
		info, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, a)
			continue
		}
		var found []string
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == ".lawcheck" {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no .json operad files in this directory", a)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

func (f checkFlags) caseDirFor(file string) string {
	switch f.caseDir {
	case "":
		return jsonoperad.CaseDir(file)
	case caseDirNone:
		return ""
	}
	return f.caseDir
}

// checkOperad replays the saved failures of o, then checks every law.
func checkOperad(o *jsonoperad.Operad, f checkFlags, cfg jsonoperad.Config, match *regexp.Regexp, out *checkPrinter) int {
	out.file(o)
	dir := f.caseDirFor(o.File)
	stillFailing := map[string]bool{}
	if dir != "" {
		saved, err := jsonoperad.SavedCases(dir, o.File)
		if err != nil {
			out.errorf("lawcheck check: %v\n", err)
			return exitUsage
		}
		for _, path := range saved {
			c, err := jsonoperad.ReadCase(path)
			if err != nil {
				out.errorf("lawcheck check: %v\n", err)
				return exitUsage
			}
			if c.Operad != o.Name || (match != nil && !match.MatchString(o.Name+"/"+c.Law)) {
				continue
			}
			r, err := o.Replay(c)
			if err != nil {
				out.errorf("lawcheck check: %s: %v\n", path, err)
				return exitUsage
			}
			if r.Status == laws.Passed {
				os.Remove(path)
				out.note("fixed   %s/%s: the saved case %s now holds; removed it\n", o.Name, c.Law, path)
				continue
			}
			stillFailing[c.Law] = true
			r.Replay = "lawcheck replay " + shellQuote(path)
			out.result(o, r, nil, path)
		}
	}
	for _, l := range o.Laws {
		if stillFailing[l.Name] || (match != nil && !match.MatchString(o.Name+"/"+l.Name)) {
			continue
		}
		out.progress(o.Name + "/" + l.Name)
		var st *jsonoperad.Stats
		if f.stats {
			st = &jsonoperad.Stats{}
		}
		r, err := l.Check(cfg, st)
		if err != nil {
			out.errorf("lawcheck check: %v\n", err)
			return exitUsage
		}
		saved := ""
		if r.Counterexample != nil && dir != "" {
			path := jsonoperad.CasePath(dir, o.File, l.Name)
			c, err := l.NewCase(r)
			if err == nil {
				err = c.Save(path)
			}
			if err != nil {
				out.errorf("lawcheck check: saving the failure of %s: %v\n", l.Name, err)
			} else {
				saved = path
			}
		}
		r.Replay = replayCommand(o, l, r, saved)
		out.result(o, r, st, saved)
	}
	return exitOK
}

func replayCommand(o *jsonoperad.Operad, l *jsonoperad.Law, r laws.Result, saved string) string {
	if r.Status == laws.Passed || r.Status == laws.Proved {
		return ""
	}
	if saved != "" {
		return "lawcheck replay " + shellQuote(saved)
	}
	run := shellQuote("^" + regexp.QuoteMeta(o.Name+"/"+l.Name) + "$")
	if r.Engine == "exhaustive" {
		return fmt.Sprintf("lawcheck check -run %s %s", run, shellQuote(o.File))
	}
	return fmt.Sprintf("lawcheck check -engine %s -seed %d -run %s %s", r.Engine, r.Seed, run, shellQuote(o.File))
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func toRecord(file string, r laws.Result, st *jsonoperad.Stats, saved string) checkRecord {
	return checkRecord{Record: laws.RecordOf(r), File: file, Saved: saved, Stats: st}
}

func writeJSONLine(w io.Writer, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
