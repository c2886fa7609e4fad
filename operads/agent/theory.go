package agent

import (
	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/poly"
)

// The sorts of the variables of the kgents theories: endo agents on small
// ints and predicates on them.
const (
	sortEndo = "int->int"
	sortPred = "int->bool"
)

// KgentsEquations are the agent operad's laws written as kgents writes
// them, in the term syntax ("name: lhs = rhs"): its two declared laws
// (seq_associativity and par_associativity, the second of which is false
// as written, see [KgentsParTheory]), the identity laws its spec describes,
// and the branch, fix, trace and variadic laws of this package. Variables
// a, b, c are agents from ints to ints, p a predicate on ints.
var KgentsEquations = []string{
	"seq_associativity: seq(seq(a, b), c) = seq(a, seq(b, c))",
	"seq_left_identity: seq(id(), a) = a",
	"seq_right_identity: seq(a, id()) = a",
	"branch_true: branch(true, a, b) = a",
	"branch_false: branch(false, a, b) = b",
	"branch_negation: branch(p, a, b) = branch(seq(p, not()), b, a)",
	"fix_true: fix(true, a) = a",
	"trace_transparent: trace(a) = a",
	"seq_variadic: seq(a, b, c) = seq(seq(a, b), c)",
	"par_variadic: par(a, b, c) = par(a, par(b, c))",
}

// KgentsParAssociativity is kgents' declared par_associativity, as it
// writes it.
const KgentsParAssociativity = "par_associativity: par(par(a, b), c) = par(a, par(b, c))"

func theorySig() *laws.Theory {
	sig := Signature().WithVarSort("a", sortEndo).WithVarSort("b", sortEndo).WithVarSort("c", sortEndo).WithVarSort("p", sortPred)
	th := laws.MustTheory("AgentOperadTheory", sig, KgentsEquations...)
	return &th
}

func theoryVars() map[string]generators.Gen[poly.Agent] {
	return map[string]generators.Gen[poly.Agent]{
		sortEndo: Agents(poly.TInt, poly.TInt),
		sortPred: Agents(poly.TInt, poly.TBool),
	}
}

// KgentsTheory returns [KgentsEquations] as a law set: each equation's
// two sides are evaluated as agents under ops (trace records into a
// [Counter]) and compared with [Eq].
func KgentsTheory(ops Ops) (laws.LawSet, error) {
	return laws.TheoryLaws(*theorySig(), Algebra(Config{Ops: ops, Sink: &Counter{}}), theoryVars(), Eq())
}

// KgentsParTheory returns kgents' par_associativity as written, checked
// with eq: [Eq](Normalised(UpToReassociation)) makes it hold; strict [Eq]
// makes it fail, which is what kgents' own test shows and its law check
// never does.
func KgentsParTheory(ops Ops, eq laws.Eq[poly.Agent]) (laws.LawSet, error) {
	sig := theorySig().Signature
	th := laws.MustTheory("AgentOperadParTheory", sig, KgentsParAssociativity)
	return laws.TheoryLaws(th, Algebra(Config{Ops: ops, Sink: &Counter{}}), theoryVars(), eq)
}
