package jsonoperad

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/agent"
	"github.com/kgents/kgents-core/operads/poly"
)

// Leaf is a value of an agent sort that a variable takes: one of the
// file's finite-state agents, with its name, which is how reports and
// case files show it.
type Leaf struct {
	Name  string
	Agent poly.Agent
}

// String returns the agent as a term: its name applied to nothing,
// flip(), which is how equations name it.
func (l Leaf) String() string { return l.Name + "()" }

// asAgent returns the agent a value of an agent sort stands for.
func asAgent(v any) (poly.Agent, bool) {
	switch x := v.(type) {
	case Leaf:
		return x.Agent, true
	case poly.Agent:
		return x, true
	}
	return poly.Agent{}, false
}

// loadAgents builds the leaf agents of the file's "agents" member from
// their transition tables, in the order written.
func (o *Operad) loadAgents(m map[string]any) error {
	o.agents = map[string]Leaf{}
	for _, name := range o.inOrder("/agents", m) {
		ptr := "/agents/" + ptrEscape(name)
		d := obj(m[name])
		var states []poly.Value
		for i, j := range d["states"].([]any) {
			v, err := agentValue(j)
			if err != nil {
				return o.src.errPtr(fmt.Sprintf("%s/states/%d", ptr, i), fmt.Errorf("%w: %w", ErrInvalid, err), "agent %s: state: %v", name, err)
			}
			states = append(states, v)
		}
		initial, err := agentValue(d["initial"])
		if err != nil {
			return o.src.errPtr(ptr+"/initial", fmt.Errorf("%w: %w", ErrInvalid, err), "agent %s: initial: %v", name, err)
		}
		t := poly.Table{Name: name, States: states, Initial: initial}
		for i, r := range d["transitions"].([]any) {
			row := r.([]any)
			var vs [4]poly.Value
			for k := range vs {
				if vs[k], err = agentValue(row[k]); err != nil {
					return o.src.errPtr(fmt.Sprintf("%s/transitions/%d/%d", ptr, i, k), fmt.Errorf("%w: %w", ErrInvalid, err), "agent %s: transition: %v", name, err)
				}
			}
			t.Rows = append(t.Rows, poly.Row{From: vs[0], In: vs[1], To: vs[2], Out: vs[3]})
		}
		a, err := poly.FromTable(t)
		if err != nil {
			return o.src.errPtr(ptr, fmt.Errorf("%w: %w", ErrInvalid, err), "agent %s: %v", name, err)
		}
		o.agents[name] = Leaf{Name: name, Agent: a}
		o.agentOrder = append(o.agentOrder, name)
	}
	return nil
}

// agentValue reads a state, input or output of an agent: an integer, a
// string, a boolean, null for unit(), or an array of two for a pair.
func agentValue(j any) (poly.Value, error) {
	switch x := j.(type) {
	case nil:
		return poly.Unit{}, nil
	case json.Number:
		n, err := x.Int64()
		if err != nil {
			return nil, fmt.Errorf("expected an integer, found %s", x)
		}
		return poly.Int(n), nil
	case string:
		return poly.Str(x), nil
	case bool:
		return poly.Bool(x), nil
	case []any:
		if len(x) != 2 {
			return nil, fmt.Errorf("expected a pair [a, b], found an array of %d", len(x))
		}
		l, err := agentValue(x[0])
		if err != nil {
			return nil, err
		}
		r, err := agentValue(x[1])
		if err != nil {
			return nil, err
		}
		return poly.P(l, r), nil
	}
	return nil, fmt.Errorf("expected an integer, a string, a boolean, null or a pair, found %s", describeJSON(j))
}

// agentConstant returns the nullary operation of the agent named name,
// whose sort is the first agent sort that has it, or nil if none has.
func (o *Operad) agentConstant(name string) *operation {
	for _, sn := range o.inOrder("/sorts", o.sortDefs) {
		s := o.sorts[sn]
		if s.Kind != "agent" {
			continue
		}
		for _, v := range s.values {
			if l := v.(Leaf); l.Name == name {
				return &operation{name: name, ptr: "/agents/" + ptrEscape(name), o: o, leaf: &l, result: s,
					decl: term.Operation{Name: name, Arity: term.Fixed(0), Result: s.Name}}
			}
		}
	}
	return nil
}

// loadAgentOp gives op the meaning of the agent operation named name.
func (op *operation) loadAgentOp(name string) error {
	a, ok := agent.Op(name)
	if !ok {
		return op.o.src.errPtr(op.ptr+"/agent", ErrInvalid, "operation %s: unknown agent operation %s %s", op.name, name, known(name, "agent operations", agent.OpNames()))
	}
	for i := range max(op.decl.Arity.Min, 1) {
		if s := op.argSort(i); s != nil && s.Kind != "agent" && op.decl.Arity.Max != 0 {
			return op.o.src.errPtr(op.ptr, ErrInvalid, "operation %s: the arguments of an agent operation are agents, not sort %s", op.name, s.Name)
		}
	}
	if op.result.Kind != "agent" {
		return op.o.src.errPtr(op.ptr, ErrInvalid, "operation %s: an agent operation returns an agent, not sort %s", op.name, op.result.Name)
	}
	ar := op.decl.Arity
	for _, n := range []int{ar.Min, ar.Max} {
		if n >= 0 && !a.Arity.Allows(n) {
			return op.o.src.errPtr(op.ptr, ErrInvalid, "operation %s: arity %s, but agent operation %s takes %s", op.name, ar, name, a.Arity)
		}
	}
	op.agentOp = &a
	return nil
}

func (op *operation) applyAgent(args []any) (any, error) {
	as := make([]poly.Agent, len(args))
	for i, v := range args {
		a, ok := asAgent(v)
		if !ok {
			return nil, fmt.Errorf("%w: %s: argument %d is %s, not an agent", ErrUndefinedOp, op.name, i+1, formatAny(v))
		}
		as[i] = a
	}
	out, err := op.agentOp.Apply(as...)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrUndefinedOp, op.name, err)
	}
	return out, nil
}

// agentEq is behavioural equality of agents, with outputs compared as
// they are or up to reassociation of nested pairs.
func agentEq(upTo string) laws.Eq[any] {
	norm := agent.Normalisations()["strict"]
	if n, ok := agent.Normalisations()[upTo]; ok {
		norm = n
	}
	eq := agent.Eq(agent.Normalised(norm))
	unwrap := func(v any) poly.Agent { a, _ := asAgent(v); return a }
	return laws.EqFunc("agent behaviour ("+norm.Name+")", func(a, b any) bool {
		return eq.Equal(unwrap(a), unwrap(b))
	}).WithDiff(func(a, b any) string { return eq.Diff(unwrap(a), unwrap(b)) })
}

// agentSortValues returns the leaves an agent sort ranges over.
func (o *Operad) agentSortValues(s *Sort, names []any, ptr string) error {
	if names == nil {
		for _, n := range o.agentOrder {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return o.src.errPtr(ptr, ErrInvalid, "sort %s: there are no agents to range over; declare some under \"agents\"", s.Name)
	}
	for i, n := range names {
		l, ok := o.agents[n.(string)]
		if !ok {
			return o.src.errPtr(ptr+"/of/"+strconv.Itoa(i), ErrInvalid, "sort %s: unknown agent %s %s", s.Name, n, known(n.(string), "agents", o.agentOrder))
		}
		s.values = append(s.values, l)
	}
	return nil
}
