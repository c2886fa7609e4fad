package poly

import (
	"fmt"
	"slices"
	"strings"
)

// ready is the single position of kgents' stateless agents.
var ready Value = Str("ready")

var readyPositions = States(ready)

// Identity returns the identity agent "id": one position, accepts any
// input, outputs its input.
func Identity() Agent {
	return Agent{impl: identityImpl}
}

var identityImpl = &agentImpl{name: "id", initial: ready, positions: readyPositions, dirs: anyDirections,
	step: func(s, x Value) (Value, Value, error) { return s, x, nil }, stateless: true}

// FromFunc returns the stateless agent name that outputs f(x) on input x
// and accepts any input, as kgents' from_function does. f must be pure and
// must not return nil.
func FromFunc(name string, f func(Value) Value) Agent {
	return FromFuncOn(name, AnyInput(), f)
}

// FromFuncOn is FromFunc accepting only the inputs in dirs.
func FromFuncOn(name string, dirs Directions, f func(Value) Value) Agent {
	return Agent{impl: &agentImpl{name: name, initial: ready, positions: readyPositions,
		dirs: func(Value) Directions { return dirs },
		step: func(s, x Value) (Value, Value, error) {
			out := f(x)
			if out == nil {
				return s, nil, fmt.Errorf("poly: agent %s returned no value for input %s", name, Format(x))
			}
			return s, out, nil
		}, stateless: true}}
}

// Constant returns the stateless agent "const(v)" that ignores its input
// and outputs v.
func Constant(v Value) Agent {
	return Agent{impl: &agentImpl{name: "const(" + Format(v) + ")", initial: ready, positions: readyPositions,
		dirs: anyDirections,
		step: func(s, _ Value) (Value, Value, error) { return s, v, nil }, stateless: true}}
}

// Stateful returns the agent name over the given states, starting in
// initial (kgents' stateful ignores its initial argument; this one starts
// there), with directions dirs (nil accepts any) and transition step.
func Stateful(name string, states []Value, initial Value, dirs func(s Value) Directions, step func(s, x Value) (Value, Value)) (Agent, error) {
	if step == nil {
		return Agent{}, fmt.Errorf("poly: agent %s has no step function", name)
	}
	pos := States(states...)
	return New(Spec{Name: name, Positions: pos, Initial: initial, Directions: dirs,
		Step: func(s, x Value) (Value, Value, error) {
			next, out := step(s, x)
			if !pos.Contains(next) {
				return s, nil, fmt.Errorf("poly: agent %s stepped from %s on %s to %s, which is not a position", name, Format(s), Format(x), Format(next))
			}
			if out == nil {
				return s, nil, fmt.Errorf("poly: agent %s returned no value for input %s", name, Format(x))
			}
			return next, out, nil
		}})
}

// Row is one transition of a [Table]: in state From, on input In, go to
// state To and output Out.
type Row struct {
	From, In, To, Out Value
}

// Table describes a finite-state agent by its transitions: the building
// block that JSON-described operads use for their leaf agents. In state s
// the agent accepts exactly the inputs of the rows from s.
type Table struct {
	// Name names the agent; "" prints the table in the term syntax.
	Name string
	// States are the positions; Initial is one of them.
	States  []Value
	Initial Value
	Rows    []Row
}

// TableError reports a table that does not describe an agent: which row
// (0-based; -1 for the table as a whole) and what is wrong.
type TableError struct {
	Table string
	Row   int
	Msg   string
}

// Error names the table and the row.
func (e *TableError) Error() string {
	if e.Row < 0 {
		return fmt.Sprintf("poly: table %s: %s", e.Table, e.Msg)
	}
	return fmt.Sprintf("poly: table %s: row %d: %s", e.Table, e.Row, e.Msg)
}

type tableEntry struct{ in, to, out Value }

// FromTable returns the agent of t. It returns a [*TableError] when the
// initial state or a row's states are not among the states, a value is nil,
// or two rows share a state and an input.
func FromTable(t Table) (Agent, error) {
	name := t.Name
	bad := func(row int, format string, args ...any) (Agent, error) {
		if name == "" {
			name = t.String()
		}
		return Agent{}, &TableError{Table: name, Row: row, Msg: fmt.Sprintf(format, args...)}
	}
	if len(t.States) == 0 {
		return bad(-1, "no states")
	}
	pos := States(t.States...)
	if pos.Len() != len(t.States) {
		return bad(-1, "a state is nil or listed twice")
	}
	if !pos.Contains(t.Initial) {
		return bad(-1, "initial state %s is not one of the states", Format(t.Initial))
	}
	index := func(s Value) int { return slices.Index(t.States, s) }
	// rows grouped by state, scanned linearly: tables are small, and
	// comparing a few interface values is cheaper than hashing them
	rows := make([][]tableEntry, len(t.States))
	for i, r := range t.Rows {
		switch {
		case r.From == nil || r.In == nil || r.To == nil || r.Out == nil:
			return bad(i, "a value is missing")
		case !pos.Contains(r.From):
			return bad(i, "state %s is not one of the states", r.From)
		case !pos.Contains(r.To):
			return bad(i, "next state %s is not one of the states", r.To)
		}
		k := index(r.From)
		if slices.ContainsFunc(rows[k], func(e tableEntry) bool { return e.in == r.In }) {
			return bad(i, "a second row for state %s and input %s", r.From, r.In)
		}
		rows[k] = append(rows[k], tableEntry{r.In, r.To, r.Out})
	}
	dirs := make([]Directions, len(t.States))
	for k, es := range rows {
		ins := make([]Value, len(es))
		for j, e := range es {
			ins[j] = e.in
		}
		dirs[k] = OneOf(ins...)
	}
	states := slices.Clone(t.States)
	// find a state's rows by its value when the states are 0 … n-1, and an
	// input's row by its value when a state's inputs are small ints
	dense := denseInts(states)
	stateIndex := func(s Value) int {
		if dense {
			if i, ok := s.(Int); ok && i >= 0 && int(i) < len(states) {
				return int(i)
			}
			return -1
		}
		return slices.Index(states, s)
	}
	const smallIn = 8
	byInt := make([]*[smallIn]int8, len(states))
	for k, es := range rows {
		var idx [smallIn]int8
		ok := true
		for i := range idx {
			idx[i] = -1
		}
		for j, e := range es {
			v, isInt := e.in.(Int)
			if !isInt || v < 0 || v >= smallIn {
				ok = false
				break
			}
			idx[v] = int8(j)
		}
		if ok {
			byInt[k] = &idx
		}
	}
	var self Agent
	var nameFn func() string
	if name == "" {
		t := Table{States: states, Initial: t.Initial, Rows: slices.Clone(t.Rows)}
		nameFn = t.String
	}
	self, err := New(Spec{Name: name, NameFunc: nameFn, Positions: pos, Initial: t.Initial,
		Directions: func(s Value) Directions {
			if k := stateIndex(s); k >= 0 {
				return dirs[k]
			}
			return OneOf()
		},
		Step: func(s, x Value) (Value, Value, error) {
			k := stateIndex(s)
			if idx := byInt[k]; idx != nil {
				if v, ok := x.(Int); ok && v >= 0 && v < smallIn && idx[v] >= 0 {
					e := rows[k][idx[v]]
					return e.to, e.out, nil
				}
			} else {
				for _, e := range rows[k] {
					if e.in == x {
						return e.to, e.out, nil
					}
				}
			}
			return s, nil, &RejectError{Agent: self.Name(), Reason: InvalidInput, State: s, Input: x, Accepted: dirs[k].String()}
		},
		PartsCheckInput: true})
	return self, err
}

// String prints the table in the term syntax:
// table(initial, states(...), row(from, in, to, out), ...).
func (t Table) String() string {
	var b strings.Builder
	b.WriteString("table(")
	b.WriteString(Format(t.Initial))
	b.WriteString(", states(")
	for i, s := range t.States {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Format(s))
	}
	b.WriteString(")")
	for _, r := range t.Rows {
		fmt.Fprintf(&b, ", row(%s, %s, %s, %s)", Format(r.From), Format(r.In), Format(r.To), Format(r.Out))
	}
	b.WriteString(")")
	return b.String()
}
