package agent

import (
	"fmt"
	"strings"
	"sync"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws/term"
	"github.com/kgents/kgents-core/operads/poly"
)

// Types returns a generator of the value types generated agents use:
// int (the simplest), bool and pair(int, bool).
func Types() generators.Gen[poly.Type] {
	return generators.OneOf(generators.Just(poly.TInt), generators.Just(poly.TBool),
		generators.Just(poly.PairOf(poly.TInt, poly.TBool)))
}

// Tables returns a generator of finite-state agents of type in → out: a
// transition table over the states 0 … k-1 (k ≤ maxStates, initial state
// 0) with one row for every state and every small value of in
// ([SmallValues]), each going to a drawn state with a drawn small output of
// out. Rows are drawn for maxStates states and the table keeps the states
// reachable from 0, numbered in the order they are reached, so that
// shrinking a row's target toward 0 drops states without moving any other
// choice. It shrinks toward fewer states and simpler rows (to state 0,
// output the first small value), and prints only the rows that differ from
// that: table(2, row(0, 1, 1, true)) has 2 states and one such row.
func Tables(in, out poly.Type, maxStates int) generators.Gen[poly.Agent] {
	maxStates = max(maxStates, 1)
	ins, outs := SmallValues(in), SmallValues(out)
	if len(ins) == 0 || len(outs) == 0 {
		panic(fmt.Sprintf("agent: Tables(%s, %s): no small values of these types", in, out))
	}
	type cell struct{ to, out int }
	return generators.Custom(fmt.Sprintf("Tables(%s, %s, %d)", in, out, maxStates), func(s *generators.Source) poly.Agent {
		// one choice per row, target state and output together: lowering it
		// lowers the target first, then the output
		cells := make([]cell, maxStates*len(ins))
		for i := range cells {
			c := int(s.Choose(uint64(maxStates*len(outs) - 1)))
			cells[i] = cell{c / len(outs), c % len(outs)}
		}
		// number the states reachable from 0 in the order they are reached
		label := map[int]int{0: 0}
		order := []int{0}
		for q := 0; q < len(order); q++ {
			for j := range ins {
				if to := cells[order[q]*len(ins)+j].to; !hasKey(label, to) {
					label[to] = len(order)
					order = append(order, to)
				}
			}
		}
		t := poly.Table{Name: "table", Initial: poly.Int(0)} // renamed below, lazily
		for i, st := range order {
			t.States = append(t.States, poly.Int(i))
			for j, x := range ins {
				c := cells[st*len(ins)+j]
				t.Rows = append(t.Rows, poly.Row{From: poly.Int(i), In: x, To: poly.Int(label[c.to]), Out: outs[c.out]})
			}
		}
		a, err := poly.FromTable(t)
		if err != nil {
			panic(err) // the generator builds valid tables only
		}
		return a.RenamedFunc(func() string { return tableName(t, outs[0]) }).WithType(in, out)
	})
}

// tableName prints a generated table with only its rows that differ from
// the default (to state 0, output def).
func tableName(t poly.Table, def poly.Value) string {
	var b strings.Builder
	fmt.Fprintf(&b, "table(%d", len(t.States))
	for _, r := range t.Rows {
		if r.To != poly.Int(0) || r.Out != def {
			fmt.Fprintf(&b, ", row(%s, %s, %s, %s)", r.From, r.In, r.To, r.Out)
		}
	}
	b.WriteString(")")
	return b.String()
}

func hasKey(m map[int]int, k int) bool { _, ok := m[k]; return ok }

// Stateless returns a generator of stateless agents of type in → out:
// constants, and the pure functions that fit the types (add(k) and mul(k)
// modulo 4 on ints, lt(k) and eq(k) from ints to bools, ite(k1, k2) from
// bools to ints, not(), fst(), snd(), id). They shrink toward the constant
// of the first small value.
func Stateless(in, out poly.Type) generators.Gen[poly.Agent] {
	return cached(genKey{"stateless", in, out, 0}, func() generators.Gen[poly.Agent] { return stateless(in, out) })
}

type genKey struct {
	kind    string
	in, out poly.Type
	n       int
}

var genCache sync.Map // genKey -> generators.Gen[poly.Agent]

// cached returns the generator of key, built once: generators are
// immutable, and laws draw agents at drawn types case after case.
func cached(key genKey, build func() generators.Gen[poly.Agent]) generators.Gen[poly.Agent] {
	if g, ok := genCache.Load(key); ok {
		return g.(generators.Gen[poly.Agent])
	}
	g, _ := genCache.LoadOrStore(key, build())
	return g.(generators.Gen[poly.Agent])
}

func stateless(in, out poly.Type) generators.Gen[poly.Agent] {
	outs := SmallValues(out)
	// every generated agent accepts exactly the values of its input type,
	// so that compositions refuse ill-typed inputs at their first part
	consts := generators.Map(generators.IntRange(0, len(outs)-1), func(i int) poly.Agent {
		v := outs[i]
		return poly.FromFuncOn("const("+v.String()+")", poly.OfType(in), func(poly.Value) poly.Value { return v }).WithType(in, out)
	})
	gens := []generators.Gen[poly.Agent]{consts}
	k := generators.IntRange(0, 3)
	fn := func(name string, f func(poly.Value) poly.Value) poly.Agent {
		return poly.FromFuncOn(name, poly.OfType(in), f).WithType(in, out)
	}
	switch {
	case in == poly.TInt && out == poly.TInt:
		gens = append(gens,
			generators.Map(k, func(k int) poly.Agent {
				return fn(fmt.Sprintf("add(%d)", k), func(v poly.Value) poly.Value { return (v.(poly.Int) + poly.Int(k)) % 4 })
			}),
			generators.Map(k, func(k int) poly.Agent {
				return fn(fmt.Sprintf("mul(%d)", k), func(v poly.Value) poly.Value { return (v.(poly.Int) * poly.Int(k)) % 4 })
			}))
	case in == poly.TInt && out == poly.TBool:
		gens = append(gens,
			generators.Map(k, func(k int) poly.Agent {
				return fn(fmt.Sprintf("lt(%d)", k), func(v poly.Value) poly.Value { return poly.Bool(v.(poly.Int) < poly.Int(k)) })
			}),
			generators.Map(k, func(k int) poly.Agent {
				return fn(fmt.Sprintf("eq(%d)", k), func(v poly.Value) poly.Value { return poly.Bool(v.(poly.Int) == poly.Int(k)) })
			}))
	case in == poly.TBool && out == poly.TInt:
		gens = append(gens, generators.Map(generators.SliceOfN(k, 2, 2), func(ks []int) poly.Agent {
			return fn(fmt.Sprintf("ite(%d, %d)", ks[0], ks[1]), func(v poly.Value) poly.Value {
				if v.(poly.Bool) {
					return poly.Int(ks[0])
				}
				return poly.Int(ks[1])
			})
		}))
	case in == poly.TBool && out == poly.TBool:
		gens = append(gens, generators.Just(Not()))
	}
	if a, b, ok := in.Split(); ok {
		if a == out {
			gens = append(gens, generators.Just(poly.FromFuncOn("fst()", poly.OfType(in), func(v poly.Value) poly.Value { return v.(poly.Pair).L }).WithType(in, out)))
		}
		if b == out {
			gens = append(gens, generators.Just(poly.FromFuncOn("snd()", poly.OfType(in), func(v poly.Value) poly.Value { return v.(poly.Pair).R }).WithType(in, out)))
		}
	}
	if in == out {
		gens = append(gens, generators.Just(poly.FromFuncOn("id", poly.OfType(in), func(v poly.Value) poly.Value { return v }).WithType(in, out)))
	}
	return generators.OneOf(gens...)
}

// Fst returns the stateless agent "fst()" that outputs the first
// component of a pair.
func Fst() poly.Agent {
	return poly.FromFuncOn("fst()", poly.Accepting("pairs", isPair), func(v poly.Value) poly.Value { return v.(poly.Pair).L })
}

// Snd returns the stateless agent "snd()" that outputs the second
// component of a pair.
func Snd() poly.Agent {
	return poly.FromFuncOn("snd()", poly.Accepting("pairs", isPair), func(v poly.Value) poly.Value { return v.(poly.Pair).R })
}

func isPair(v poly.Value) bool { _, ok := v.(poly.Pair); return ok }

// Agents returns a generator of leaf agents of type in → out: tables of up
// to 3 states, or stateless agents. It shrinks toward a one-state table.
func Agents(in, out poly.Type) generators.Gen[poly.Agent] {
	return cached(genKey{"agents", in, out, 0}, func() generators.Gen[poly.Agent] {
		return generators.OneOf(Tables(in, out, 3), Stateless(in, out))
	})
}

// Inputs returns a generator of input sequences of 1 … maxLen inputs that
// a accepts, run from its initial state: each input is one of the small
// values of type t that a accepts in the state it has reached, and the
// sequence ends where a would fail (so it is empty only when a accepts
// nothing at the start: an empty sequence tests nothing). The choices are
// a slice of indices into those values, so that the engines shrink it as a
// slice: toward fewer inputs (deleting any of them) and the first accepted
// value.
func Inputs(a poly.Agent, t poly.Type, maxLen int) generators.Gen[[]poly.Value] {
	domain := SmallValues(t)
	picks := generators.SliceOfN(generators.IntRange(0, 63), 1, max(maxLen, 1))
	return generators.Map(picks, func(ks []int) []poly.Value {
		xs := make([]poly.Value, 0, len(ks))
		st := a.Initial()
		for _, k := range ks {
			cs := candidates(domain, a.Directions(st))
			if len(cs) == 0 {
				break
			}
			x := cs[k%len(cs)]
			next, _, err := a.Invoke(st, x)
			if err != nil {
				break
			}
			xs = append(xs, x)
			st = next
		}
		return xs
	})
}

// Terms returns a generator of well-typed agent terms of type in → out
// with at most nodes nodes: applications of seq, par, branch, fix and
// trace (see [Check] for the typing rules) over constant leaves holding
// generated agents ([Agents]), and hole variables when holes is not "":
// then a leaf of type in → out may be the variable holes. Terms shrink with
// the term shrinker of package laws/term (hoist a subterm, drop to the
// identity, …), keeping only candidates of the same type.
func Terms(in, out poly.Type, nodes int, holes string) generators.Gen[*term.Term] {
	g := &termGen{holes: holes, holeIn: in, holeOut: out}
	gen := generators.Custom(fmt.Sprintf("Terms(%s → %s, %d nodes)", in, out, nodes), func(s *generators.Source) *term.Term {
		return g.draw(s, in, out, max(nodes, 1))
	})
	shrink := term.Shrinker(Signature(), "", nil)
	var vars map[string][2]poly.Type
	if holes != "" {
		vars = map[string][2]poly.Type{holes: {in, out}}
	}
	return generators.WithShrinker(gen, func(t *term.Term) []*term.Term {
		var keep []*term.Term
		for _, c := range shrink(t) {
			if o, err := Check(c, in, vars); err == nil && o == out {
				keep = append(keep, c)
			}
		}
		return keep
	})
}

type termGen struct {
	holes           string
	holeIn, holeOut poly.Type
}

func (g *termGen) draw(s *generators.Source, in, out poly.Type, nodes int) *term.Term {
	return generators.DrawGroup(s, generators.Custom("node", func(s *generators.Source) *term.Term {
		return g.node(s, in, out, nodes)
	}))
}

func (g *termGen) node(s *generators.Source, in, out poly.Type, nodes int) *term.Term {
	type choice int
	const (
		leaf choice = iota
		seq
		branch
		par
		fix
		trace
	)
	opts := []choice{leaf}
	if nodes >= 3 {
		opts = append(opts, seq)
		if _, _, ok := out.Split(); ok {
			opts = append(opts, par)
		}
		if in == out {
			opts = append(opts, fix)
		}
	}
	if nodes >= 4 {
		opts = append(opts, branch)
	}
	if nodes >= 2 {
		opts = append(opts, trace)
	}
	split := func(parts int) []int {
		// nodes-1 nodes below, each part at least one
		left := nodes - 1
		out := make([]int, parts)
		for i := range parts {
			rest := parts - i - 1
			if i == parts-1 {
				out[i] = left
				break
			}
			out[i] = 1 + int(s.Choose(uint64(left-rest-1)))
			left -= out[i]
		}
		return out
	}
	switch opts[s.Choose(uint64(len(opts)-1))] {
	case seq:
		mid := Types().Draw(s)
		b := split(2)
		return term.Apply("seq", g.draw(s, in, mid, b[0]), g.draw(s, mid, out, b[1]))
	case par:
		l, r, _ := out.Split()
		b := split(2)
		return term.Apply("par", g.draw(s, in, l, b[0]), g.draw(s, in, r, b[1]))
	case fix:
		b := split(2)
		return term.Apply("fix", g.draw(s, in, poly.TBool, b[0]), g.draw(s, in, in, b[1]))
	case branch:
		b := split(3)
		return term.Apply("branch", g.draw(s, in, poly.TBool, b[0]), g.draw(s, in, out, b[1]), g.draw(s, in, out, b[2]))
	case trace:
		return term.Apply("trace", g.draw(s, in, out, nodes-1))
	}
	if g.holes != "" && in == g.holeIn && out == g.holeOut && s.Bool() {
		return term.Variable(g.holes)
	}
	return term.Constant(Agents(in, out).Draw(s))
}
