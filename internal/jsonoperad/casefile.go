package jsonoperad

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

// CaseVersion is the version of the case file format written by NewCase.
const CaseVersion = 1

// A Case is a saved failure: the law, its variables as values (in JSON,
// read back by their sorts) and as terms, and where it came from. It
// replays without the generator that found it, so it stays valid when
// generators change.
type Case struct {
	Version int    `json:"version"`
	Operad  string `json:"operad"`
	// File is the operad file, relative to the case file's directory.
	File     string        `json:"file"`
	Law      string        `json:"law"`
	Equation string        `json:"equation"`
	Bindings []CaseBinding `json:"bindings"`
	// Instance is the equation with the bindings substituted.
	Instance string `json:"instance"`
	LHS      string `json:"lhs,omitempty"`
	RHS      string `json:"rhs,omitempty"`
	Status   string `json:"status"`
	Engine   string `json:"engine"`
	Seed     string `json:"seed"`
	Found    string `json:"found"` // RFC 3339 time
}

// CaseBinding is one variable of a case.
type CaseBinding struct {
	Name  string          `json:"name"`
	Sort  string          `json:"sort"`
	Term  string          `json:"term"`
	Value json.RawMessage `json:"value"`
}

// ErrCase is wrapped by errors reading a case file that is malformed or
// does not match its operad.
var ErrCase = errors.New("jsonoperad: bad case file")

// NewCase returns the case file of a failed or errored result of l.
func (l *Law) NewCase(r laws.Result) (*Case, error) {
	c := r.Counterexample
	if c == nil {
		return nil, fmt.Errorf("law %s: result %s has no counterexample to save", l.Name, r.Status)
	}
	out := &Case{Version: CaseVersion, Operad: l.op.Name, File: l.op.File, Law: l.Name, Equation: l.Equation.String(),
		Status: r.Status.String(), Engine: string(r.Engine), Seed: strconv.FormatUint(r.Seed, 10), Found: time.Now().UTC().Format(time.RFC3339)}
	env := map[string]any{}
	for _, b := range c.Bindings {
		var sort *Sort
		for _, v := range l.Vars {
			if v.Name == b.Name {
				sort = v.Sort
			}
		}
		if sort == nil {
			return nil, fmt.Errorf("law %s: counterexample binds %s, which is not a variable of the law", l.Name, b.Name)
		}
		raw, err := json.Marshal(sort.encode(b.Value))
		if err != nil {
			return nil, fmt.Errorf("law %s: variable %s: %w", l.Name, b.Name, err)
		}
		env[b.Name] = b.Value
		out.Bindings = append(out.Bindings, CaseBinding{Name: b.Name, Sort: sort.Name, Term: term.FormatConstant(b.Value), Value: raw})
	}
	out.Instance = l.instantiate(env).String()
	if c.HasSides {
		out.LHS, out.RHS = laws.FormatValue(c.LHS), laws.FormatValue(c.RHS)
	}
	return out, nil
}

// CaseDir returns the default directory of the saved failures of the
// operad file at path: .lawcheck next to it.
func CaseDir(path string) string { return filepath.Join(filepath.Dir(path), ".lawcheck") }

// CasePath returns the path of the case file of law in dir.
func CasePath(dir, operadFile, law string) string {
	stem := strings.TrimSuffix(filepath.Base(operadFile), filepath.Ext(operadFile))
	return filepath.Join(dir, stem+"."+law+".case.json")
}

// Save writes the case to path, creating its directory, with File made
// relative to that directory.
func (c *Case) Save(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if abs, err := filepath.Abs(c.File); err == nil {
		if dir, err := filepath.Abs(filepath.Dir(path)); err == nil {
			if rel, err := filepath.Rel(dir, abs); err == nil {
				c.File = filepath.ToSlash(rel)
			}
		}
	}
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// ReadCase reads a case file.
func ReadCase(path string) (*Case, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Case
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%s: %w: %w", path, ErrCase, err)
	}
	if c.Version != CaseVersion {
		return nil, fmt.Errorf("%s: %w: version %d, this lawcheck reads version %d", path, ErrCase, c.Version, CaseVersion)
	}
	return &c, nil
}

// OperadPath returns the path of the case's operad file, read relative to
// the directory of the case file at casePath.
func (c *Case) OperadPath(casePath string) string {
	f := filepath.FromSlash(c.File)
	if filepath.IsAbs(f) {
		return f
	}
	return filepath.Join(filepath.Dir(casePath), f)
}

// SavedCases returns the case files in dir that belong to the operad
// file at path, sorted by name.
func SavedCases(dir, path string) ([]string, error) {
	stem := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	m, err := filepath.Glob(filepath.Join(dir, globEscape(stem)+".*.case.json"))
	if err != nil {
		return nil, err
	}
	return m, nil
}

func globEscape(s string) string {
	return strings.NewReplacer(`*`, `\*`, `?`, `\?`, `[`, `\[`, `\`, `\\`).Replace(s)
}

// Law returns the law named name, or nil.
func (o *Operad) Law(name string) *Law {
	for _, l := range o.Laws {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// Replay evaluates the case exactly once against the operad as it is now:
// Failed (or Errored, on a panic) with the counterexample if the law
// still fails on it, Passed with one case if it now holds.
func (o *Operad) Replay(c *Case) (laws.Result, error) {
	l := o.Law(c.Law)
	if l == nil {
		return laws.Result{}, fmt.Errorf("%w: operad %s has no law %s", ErrCase, o.Name, c.Law)
	}
	env := map[string]any{}
	var vals []any
	given := map[string]CaseBinding{}
	for _, b := range c.Bindings {
		given[b.Name] = b
	}
	for _, v := range l.Vars {
		b, ok := given[v.Name]
		if !ok {
			return laws.Result{}, fmt.Errorf("%w: law %s: no binding for variable %s", ErrCase, l.Name, v.Name)
		}
		dec := json.NewDecoder(bytes.NewReader(b.Value))
		dec.UseNumber()
		var j any
		if err := dec.Decode(&j); err != nil {
			return laws.Result{}, fmt.Errorf("%w: law %s: variable %s: %w", ErrCase, l.Name, v.Name, err)
		}
		val, err := v.Sort.decode(j)
		if err != nil {
			return laws.Result{}, fmt.Errorf("%w: law %s: variable %s: %w", ErrCase, l.Name, v.Name, err)
		}
		env[v.Name] = val
		vals = append(vals, val)
		delete(given, v.Name)
	}
	for n := range given {
		return laws.Result{}, fmt.Errorf("%w: law %s has no variable %s", ErrCase, l.Name, n)
	}
	start := time.Now()
	r := laws.Result{Instance: o.Name, Law: l.Name, Structure: "JSON operad", Equation: l.Equation.String(), Engine: "replay"}
	if s, err := strconv.ParseUint(c.Seed, 10, 64); err == nil {
		r.Seed = s
	}
	cx, kind := l.evalCase(&evaluator{}, vals, l.eq())
	switch kind {
	case caseHolds:
		r.Status, r.Cases = laws.Passed, 1
	case caseDiscarded:
		r.Status, r.Discarded = laws.Errored, 1
		r.Message = "both sides are undefined on the saved case"
	case caseFails:
		r.Status, r.Counterexample = laws.Failed, cx
	case casePanicked:
		r.Status, r.Counterexample = laws.Errored, cx
	}
	if cx != nil {
		cx.Shrink.By = laws.ShrinkByReplay
	}
	r.Duration = time.Since(start)
	return r, nil
}
