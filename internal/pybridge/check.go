package pybridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

// Statuses of a law checked through the bridge.
const (
	Passed       = "passed"
	Failed       = "failed"
	Errored      = "errored"
	NotCheckable = "not checkable"
)

// Options configure Check.
type Options struct {
	// Laws holds the engine, the number of cases, the seed and the
	// shrinking time bound. A zero seed is replaced by a random one, which
	// the results report.
	Laws laws.Options
	// Match, if not empty, is a regular expression on "operad/law".
	Match string
	// Unchecked runs agents with transition instead of invoke.
	Unchecked bool
	// UpTo are applied to outputs before they are compared.
	UpTo []Normalisation
	// Budget bounds each generated term bound to a law variable; zero
	// means 6 nodes and depth 4.
	Budget term.Budget
	// OperadExpr and LeavesExpr are Python expressions for the operad (of
	// a given name) and its leaves, used in the replay snippet printed
	// for a counterexample; Imports are the lines that bring them in scope.
	OperadExpr func(name string) string
	LeavesExpr string
	Imports    []string
	// NameOperad adds operad="name" to the replay snippet (the expression
	// is a registry).
	NameOperad bool
	// OnResult, when set, is called with each law's result as soon as it
	// is known, in the order of the returned slice.
	OnResult func(LawResult)
	// Replay, when set, returns the command that replays one law.
	Replay func(operad, law string, engine laws.Engine, seed uint64) string
}

// RecordKind is the "kind" of a LawResult record; its "format" is
// laws.RecordFormat.
const RecordKind = "python_result"

// LawResult is the result of one law of one Python operad. Its JSON form
// is the record lawcheck python -json writes, one per line.
type LawResult struct {
	Format   string `json:"format"`
	Kind     string `json:"kind"`
	Operad   string `json:"operad"`
	Law      string `json:"law"`
	Equation string `json:"equation"`
	// Inferred: the operad does not declare the law; its operations
	// suggest it (identity laws when an identity leaf exists).
	Inferred bool   `json:"inferred,omitempty"`
	Status   string `json:"status"`
	// Reason says why a law is not checkable, or why it errored.
	Reason         string  `json:"reason,omitempty"`
	Cases          int     `json:"cases"`
	Engine         string  `json:"engine,omitempty"`
	Seed           string  `json:"seed,omitempty"`
	UpTo           string  `json:"up_to,omitempty"`
	Counterexample *PyCase `json:"counterexample,omitempty"`
	Replay         string  `json:"replay,omitempty"`
	DurationMS     float64 `json:"duration_ms"`
}

// PyCase is a counterexample in Python's terms.
type PyCase struct {
	Bindings   []PyBinding `json:"bindings"`
	Inputs     string      `json:"inputs"`
	LHS        string      `json:"lhs"`
	RHS        string      `json:"rhs"`
	LHSOutputs string      `json:"lhs_outputs,omitempty"`
	RHSOutputs string      `json:"rhs_outputs,omitempty"`
	Diff       string      `json:"diff,omitempty"`
	Message    string      `json:"message,omitempty"`
	// Python is code that rebuilds both sides and runs them, to paste in
	// a REPL.
	Python string `json:"python"`
}

// PyBinding is one law variable and the term it was bound to.
type PyBinding struct {
	Name string `json:"name"`
	Term string `json:"term"`
}

// Check checks every law of every described operad through b.
func Check(b *Bridge, d *Describe, opts Options) ([]LawResult, error) {
	if opts.Laws.Seed == 0 {
		for opts.Laws.Seed == 0 {
			opts.Laws.Seed = rand.Uint64()
		}
	}
	if opts.Budget.Nodes == 0 {
		opts.Budget = term.Budget{Nodes: 6, Depth: 4}
	}
	var match *regexp.Regexp
	if opts.Match != "" {
		re, err := regexp.Compile(opts.Match)
		if err != nil {
			return nil, fmt.Errorf("pybridge: bad law pattern: %w", err)
		}
		match = re
	}
	if len(d.Operads) > 1 {
		opts.NameOperad = true
	}
	var out []LawResult
	for _, od := range d.Operads {
		out = append(out, checkOperad(b, od, opts, match)...)
	}
	return out, nil
}

// candidate is one law to check: declared or inferred.
type candidate struct {
	name, equation string
	inferred       bool
}

func checkOperad(b *Bridge, od OperadDescribe, opts Options, match *regexp.Regexp) []LawResult {
	var ops []term.Operation
	for _, o := range od.Operations {
		a := term.Fixed(o.Arity)
		if o.Variadic || o.Arity < 0 {
			a = term.Variadic(1)
		}
		ops = append(ops, term.Operation{Name: o.Name, Arity: a})
	}
	sig, sigErr := term.NewSignature(ops...)
	isLeaf := map[string]bool{}
	for _, l := range od.Leaves {
		isLeaf[l] = true
	}
	cands := make([]candidate, 0, len(od.Laws)+2)
	declared := map[string]bool{}
	for _, l := range od.Laws {
		cands = append(cands, candidate{l.Name, l.Equation, false})
		declared[l.Name] = true
	}
	if id := od.Identity; id != nil && isLeaf[id.Leaf] {
		if sig != nil {
			sig = sig.WithIdentity(term.Variable(id.Leaf))
		}
		for _, op := range id.Ops {
			for _, c := range []candidate{
				{op + "_left_identity", fmt.Sprintf("%s(%s, a) = a", op, id.Leaf), true},
				{op + "_right_identity", fmt.Sprintf("%s(a, %s) = a", op, id.Leaf), true},
			} {
				if !declared[c.name] {
					cands = append(cands, c)
				}
			}
		}
	}
	upTo := make([]string, len(opts.UpTo))
	for i, n := range opts.UpTo {
		upTo[i] = n.Name
	}
	r := &runner{b: b, operad: od.Name, unchecked: opts.Unchecked, cache: map[string]RunResult{}}
	var out []LawResult
	for _, c := range cands {
		if match != nil && !match.MatchString(od.Name+"/"+c.name) {
			continue
		}
		res := LawResult{Format: laws.RecordFormat, Kind: RecordKind, Operad: od.Name, Law: c.name, Equation: c.equation, Inferred: c.inferred, UpTo: strings.Join(upTo, ",")}
		reason := ""
		var eq term.Equation
		switch {
		case sigErr != nil:
			reason = "the operad's operations do not form a signature: " + sigErr.Error()
		case len(od.Leaves) == 0:
			reason = "no leaves to build terms from (give leaves)"
		case len(od.Inputs) == 0:
			reason = "no inputs to run agents on"
		default:
			eq, reason = parseLaw(sig, c.equation)
		}
		if reason != "" {
			res.Status, res.Reason = NotCheckable, reason
		} else {
			res = r.checkLaw(c, eq, sig, od, isLeaf, opts, res)
		}
		if opts.OnResult != nil {
			opts.OnResult(res)
		}
		out = append(out, res)
	}
	return out
}

// parseLaw parses an equation and checks it against sig; the reason it
// cannot be checked, or "".
func parseLaw(sig *term.Signature, text string) (term.Equation, string) {
	eq, err := term.ParseEquation(text)
	if err != nil {
		return eq, "the equation does not parse: " + err.Error()
	}
	for _, side := range []*term.Term{eq.LHS, eq.RHS} {
		if err := sig.Check(side, ""); err != nil {
			var te *term.TypeError
			if errors.As(err, &te) {
				return eq, te.Term + ": " + te.Msg
			}
			return eq, err.Error()
		}
		bad := ""
		side.Walk(func(t *term.Term) bool {
			if t.Kind() == term.Const && bad == "" {
				bad = term.FormatConstant(t.Value())
			}
			return true
		})
		if bad != "" {
			return eq, "the equation has a constant " + bad + "; Python operads take only leaves and variables"
		}
	}
	return eq, ""
}

// Inputs is an input sequence: indices into the operad's inputs and the
// values they stand for.
type Inputs struct {
	Idx  []int
	vals []Value
}

// String prints the inputs as a Python list.
func (in Inputs) String() string {
	parts := make([]string, len(in.Idx))
	for i, k := range in.Idx {
		parts[i] = in.vals[k].Python()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Side is one side of a law evaluated by Python: the term, its outputs and
// the exception that ended its run early.
type Side struct {
	Term    string
	Outputs []Value
	Raised  *Value
}

// String prints the outputs as a Python list, and the exception.
func (s Side) String() string {
	parts := make([]string, len(s.Outputs))
	for i, v := range s.Outputs {
		parts[i] = v.Python()
	}
	out := "[" + strings.Join(parts, ", ") + "]"
	if s.Raised != nil {
		out += " then raised " + s.Raised.Python()
	}
	return out
}

type sideView struct {
	Outputs []Value
	Raised  *Value
}

func sideEq(upTo []Normalisation) laws.Eq[Side] {
	view := func(s Side) sideView {
		v := sideView{Outputs: make([]Value, len(s.Outputs)), Raised: s.Raised}
		for i, o := range s.Outputs {
			for _, n := range upTo {
				o = n.Apply(o)
			}
			v.Outputs[i] = o
		}
		if s.Raised != nil {
			r := *s.Raised
			for _, n := range upTo {
				r = n.Apply(r)
			}
			v.Raised = &r
		}
		return v
	}
	opt := cmpopts.EquateEmpty()
	name := "equal outputs"
	for _, n := range upTo {
		name += " up to " + n.Name
	}
	// The diff compares the Python renderings, which read better than the
	// encoding's fields; equality stays on the encoding.
	text := func(s Side) []string {
		v := view(s)
		out := make([]string, len(v.Outputs), len(v.Outputs)+1)
		for i, o := range v.Outputs {
			out[i] = o.Python()
		}
		if v.Raised != nil {
			out = append(out, "raised "+v.Raised.Python())
		}
		return out
	}
	return laws.EqFunc(name, func(a, b Side) bool { return cmp.Equal(view(a), view(b), opt) }).
		WithDiff(func(a, b Side) string { return cmp.Diff(text(a), text(b)) })
}

// runner evaluates the sides of one operad's laws through the bridge, with
// a cache of results, a collecting mode that gathers the runs of a whole
// law first so that they go to Python in a few large requests, and a
// poisoned state after a timeout or a dead evaluator.
type runner struct {
	b         *Bridge
	operad    string
	unchecked bool
	cache     map[string]RunResult

	collecting bool
	pending    []Run
	pendKeys   []string
	pendingKey map[string]bool
	poisoned   bool
}

// batchSize is the number of runs sent in one request.
const batchSize = 256

func termJSON(t *term.Term) []byte {
	var b strings.Builder
	var walk func(t *term.Term)
	walk = func(t *term.Term) {
		if t.Kind() != term.App {
			q, _ := json.Marshal(t.Name())
			b.Write(q)
			return
		}
		q, _ := json.Marshal(t.Name())
		b.WriteByte('[')
		b.Write(q)
		for i := 0; i < t.NumArgs(); i++ {
			b.WriteByte(',')
			walk(t.Arg(i))
		}
		b.WriteByte(']')
	}
	walk(t)
	return []byte(b.String())
}

func runKey(t *term.Term, in Inputs) string {
	var b strings.Builder
	b.WriteString(t.String())
	for _, i := range in.Idx {
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(i))
	}
	return b.String()
}

// evalFailure is the panic value of a side that could not be evaluated;
// package laws turns it into an Errored result with this message.
type evalFailure struct{ msg string }

func (e evalFailure) Error() string { return e.msg }

func fail(format string, args ...any) { panic(evalFailure{fmt.Sprintf(format, args...)}) }

// pair evaluates both sides on the same inputs.
func (r *runner) pair(lt, rt *term.Term, in Inputs) (Side, Side) {
	ts := [2]*term.Term{lt, rt}
	keys := [2]string{runKey(lt, in), runKey(rt, in)}
	if r.collecting {
		for i, k := range keys {
			if _, ok := r.cache[k]; !ok && !r.pendingKey[k] {
				r.pendingKey[k] = true
				r.pending = append(r.pending, Run{Term: termJSON(ts[i]), Inputs: in.Idx})
				r.pendKeys = append(r.pendKeys, k)
			}
		}
		return Side{}, Side{}
	}
	var missing []Run
	var missingKeys []string
	for i, k := range keys {
		if _, ok := r.cache[k]; !ok && (i == 0 || k != keys[0]) {
			missing = append(missing, Run{Term: termJSON(ts[i]), Inputs: in.Idx})
			missingKeys = append(missingKeys, k)
		}
	}
	if len(missing) > 0 {
		if r.poisoned {
			// After a timeout or a dead evaluator the law has errored;
			// other cases are not evaluated, so shrinking keeps the case.
			return Side{Term: "(not evaluated)"}, Side{Term: "(not evaluated)"}
		}
		res, err := r.b.Eval(r.operad, r.unchecked, missing)
		if err != nil {
			r.poisoned = true
			for _, k := range missingKeys {
				r.cache[k] = RunResult{Error: &Failure{Kind: "bridge", Message: err.Error()}}
			}
		} else {
			for i, k := range missingKeys {
				r.cache[k] = res[i]
			}
		}
	}
	var sides [2]Side
	for i, k := range keys {
		res := r.cache[k]
		if f := res.Error; f != nil {
			if f.Kind == "timeout" || f.Kind == "budget" || f.Kind == "bridge" {
				r.poisoned = true
			}
			which := [2]string{"lhs", "rhs"}[i]
			fail("%s %s on inputs %s: %s: %s", which, ts[i], in, f.Kind, strings.TrimSpace(f.Message))
		}
		sides[i] = Side{Term: ts[i].String(), Outputs: res.Outputs, Raised: res.Raised}
	}
	return sides[0], sides[1]
}

// flush sends the runs gathered while collecting, in batches, and caches
// the results. A failing batch is left out: its runs are evaluated one
// case at a time later, where a failure is attributed to its case.
func (r *runner) flush() {
	pending, keys := r.pending, r.pendKeys
	r.pending, r.pendKeys, r.pendingKey = nil, nil, nil
	for len(pending) > 0 && !r.poisoned {
		n := min(batchSize, len(pending))
		res, err := r.b.Eval(r.operad, r.unchecked, pending[:n])
		if err != nil {
			return
		}
		for i := range res {
			if res[i].Error == nil || res[i].Error.Kind != "skipped" {
				r.cache[keys[i]] = res[i]
			}
		}
		pending, keys = pending[n:], keys[n:]
	}
}

func subst(t *term.Term, env map[string]*term.Term) *term.Term {
	switch t.Kind() {
	case term.Var:
		if b, ok := env[t.Name()]; ok {
			return b
		}
		return t
	case term.App:
		args := make([]*term.Term, t.NumArgs())
		for i := range args {
			args[i] = subst(t.Arg(i), env)
		}
		return term.Apply(t.Name(), args...)
	}
	return t
}

func (r *runner) checkLaw(c candidate, eq term.Equation, sig *term.Signature, od OperadDescribe, isLeaf map[string]bool, opts Options, res LawResult) LawResult {
	var vars []string
	for _, v := range eq.Vars() {
		if !isLeaf[v] {
			vars = append(vars, v)
		}
	}
	leafGen := term.VariablesOf(od.Leaves...)
	terms := term.Generator(sig, term.Leaves{"": leafGen}, opts.Budget, "")
	maxIn := od.MaxInputs
	if maxIn < 1 {
		maxIn = 4
	}
	vals := od.Inputs
	inputs := generators.Map(generators.SliceOfN(generators.IntRange(0, len(vals)-1), 1, maxIn),
		func(idx []int) Inputs { return Inputs{Idx: idx, vals: vals} })
	law := laws.Equation(c.name, c.equation, sideEq(opts.UpTo), func(d *laws.Draws) (Side, Side) {
		env := make(map[string]*term.Term, len(vars))
		for _, v := range vars {
			env[v] = laws.Draw(d, v, terms)
		}
		in := laws.Draw(d, "inputs", inputs)
		return r.pair(subst(eq.LHS, env), subst(eq.RHS, env), in)
	})
	set := laws.NewLawSet(od.Name, nil, law)
	start := time.Now()
	r.poisoned = false
	r.collecting, r.pendingKey = true, map[string]bool{}
	_, err := laws.RunInstance(od.Name, opts.Laws, set)
	r.collecting = false
	if err != nil {
		res.Status, res.Reason = Errored, err.Error()
		return res
	}
	r.flush()
	results, err := laws.RunInstance(od.Name, opts.Laws, set)
	if err != nil || len(results) != 1 {
		res.Status, res.Reason = Errored, fmt.Sprint(err)
		return res
	}
	lr := results[0]
	res.Status = lr.Status.String()
	res.Cases = lr.Cases
	res.Engine = string(lr.Engine)
	res.Seed = strconv.FormatUint(lr.Seed, 10)
	res.DurationMS = float64(time.Since(start).Microseconds()) / 1000
	if lr.Status == laws.Passed && lr.Cases == 0 {
		res.Status, res.Reason = Errored, "no case was evaluated"
	}
	if lr.Message != "" {
		res.Reason = lr.Message
	}
	if cx := lr.Counterexample; cx != nil {
		res.Counterexample = r.pyCase(cx, eq, vars, opts)
		if lr.Status == laws.Errored && res.Reason == "" {
			res.Reason = res.Counterexample.Message
		}
	}
	if lr.Status != laws.Passed && opts.Replay != nil {
		res.Replay = opts.Replay(od.Name, c.name, lr.Engine, lr.Seed)
	}
	return res
}

func (r *runner) pyCase(cx *laws.Counterexample, eq term.Equation, vars []string, opts Options) *PyCase {
	pc := &PyCase{Diff: cx.Diff, Message: strings.TrimPrefix(cx.Message, "panic: ")}
	env := map[string]*term.Term{}
	var in Inputs
	for _, b := range cx.Bindings {
		switch v := b.Value.(type) {
		case *term.Term:
			env[b.Name] = v
			pc.Bindings = append(pc.Bindings, PyBinding{b.Name, v.String()})
		case Inputs:
			in = v
		}
	}
	pc.Inputs = in.String()
	lt, rt := subst(eq.LHS, env), subst(eq.RHS, env)
	pc.LHS, pc.RHS = lt.String(), rt.String()
	show := func(t *term.Term) string {
		res, ok := r.cache[runKey(t, in)]
		if !ok || res.Error != nil {
			return ""
		}
		return Side{Outputs: res.Outputs, Raised: res.Raised}.String()
	}
	pc.LHSOutputs, pc.RHSOutputs = show(lt), show(rt)
	opExpr := "operad"
	if opts.OperadExpr != nil {
		opExpr = opts.OperadExpr(r.operad)
	}
	leaves := opts.LeavesExpr
	if leaves == "" {
		leaves = "leaves"
	}
	var b strings.Builder
	b.WriteString("import kgents_core\n")
	for _, l := range opts.Imports {
		b.WriteString(l + "\n")
	}
	for i, t := range []*term.Term{lt, rt} {
		fmt.Fprintf(&b, "kgents_core.replay(%s, %s, %s, %s", opExpr, leaves, strconv.Quote(t.String()), pc.Inputs)
		if opts.NameOperad {
			fmt.Fprintf(&b, ", operad_name=%s", strconv.Quote(r.operad))
		}
		if r.unchecked {
			b.WriteString(", unchecked=True")
		}
		b.WriteString(")")
		if out := []string{pc.LHSOutputs, pc.RHSOutputs}[i]; out != "" {
			b.WriteString("  # outputs " + out)
		}
		b.WriteString("\n")
	}
	pc.Python = b.String()
	return pc
}
