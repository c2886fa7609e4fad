package pybridge

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"time"

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
	sig, sigErr := signatureOf(od)
	isLeaf := map[string]bool{}
	for _, l := range od.Leaves {
		isLeaf[l.Name] = true
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
		var varSorts map[string]string
		switch {
		case sigErr != nil:
			reason = "the operad's operations do not form a signature: " + sigErr.Error()
		case len(od.Leaves) == 0:
			reason = "no leaves to build terms from (give leaves)"
		case len(od.Inputs) == 0:
			reason = "no inputs to run agents on"
		default:
			eq, reason = parseLaw(sig, c.equation)
			if reason == "" {
				varSorts, reason = lawSorts(sig, od, eq, isLeaf)
			}
		}
		if reason != "" {
			res.Status, res.Reason = NotCheckable, reason
		} else {
			res = r.checkLaw(c, eq, sig, varSorts, od, opts, res)
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
			return eq, typeReason(err)
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

func (r *runner) checkLaw(c candidate, eq term.Equation, sig *term.Signature, varSorts map[string]string, od OperadDescribe, opts Options, res LawResult) LawResult {
	var vars []string
	for _, v := range eq.Vars() {
		if _, ok := varSorts[v]; ok {
			vars = append(vars, v)
		}
	}
	gsig, leaves := generating(sig, od)
	terms := map[string]generators.Gen[*term.Term]{}
	for _, v := range vars {
		if _, ok := terms[varSorts[v]]; !ok {
			s := varSorts[v]
			terms[s] = term.Generator(gsig, leaves, opts.Budget, s)
		}
	}
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
			env[v] = laws.Draw(d, v, terms[varSorts[v]])
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
	if opts.OperadExpr == nil && opts.LeavesExpr == "" {
		// In-process (verify_operad_laws) the checker knows no import
		// path: say what the two names stand for.
		b.WriteString("# operad, leaves: the objects given to kgents_core.verify_operad_laws\n")
	}
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
