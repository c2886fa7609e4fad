package pybridge

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

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

// subst replaces the variables of t bound in env.
func subst(t *term.Term, env map[string]*term.Term) *term.Term {
	return term.Substitute(t, func(v string) (*term.Term, bool) {
		u, ok := env[v]
		return u, ok
	})
}
