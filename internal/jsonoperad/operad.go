package jsonoperad

import (
	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

// Operad is a loaded operad file: its sorts, its operations interpreted
// as an algebra over dynamic values, and its laws, ready to check.
type Operad struct {
	Name        string
	Description string
	// File is the path the operad was loaded from.
	File string

	sorts    map[string]*Sort
	sig      *term.Signature
	alg      laws.Algebra[any]
	ops      map[string]*operation
	soleSort *Sort
	src      *source
	Laws     []*Law

	agents     map[string]Leaf // the file's finite-state agents, by name
	agentOrder []string
	sortDefs   map[string]any // the "sorts" member, for declaration order
	far        *generators.Constants
}

// Sort returns the sort named name, or nil.
func (o *Operad) Sort(name string) *Sort { return o.sorts[name] }

// Signature returns the operations as a term signature.
func (o *Operad) Signature() *term.Signature { return o.sig }

// Eval evaluates a term of the operad with variables bound by env.
func (o *Operad) Eval(t *term.Term, env map[string]any) (any, error) { return o.alg.Eval(t, env) }

// Law is one law of an operad file.
type Law struct {
	// Name is the law's name within the operad: the one given, or
	// "op.law" for a standard law ("add.associativity").
	Name string
	// Equation is the law as an equation between terms.
	Equation term.Equation
	// Vars are the equation's variables with their sorts, in order of
	// first occurrence.
	Vars []Var
	// Checks is the number of cases asked for in the file, 0 if none.
	Checks int
	// Tolerance is the relative float tolerance asked for, 0 if none.
	Tolerance float64
	// UpTo is how the outputs of agents are compared, for a law between
	// agents: "strict" (the default) or "reassociation".
	UpTo string
	// Margin is the absolute float tolerance asked for, 0 if none: floats
	// are equal when within Tolerance of each other relatively or within
	// Margin absolutely.
	Margin float64
	// Line and Col are where the law is written.
	Line, Col int

	op       *Operad
	side     *Sort // the sort of the two sides
	ptr      string
	lhs, rhs node // the compiled sides
	names    []string
	near     *generators.Constants
}

// Var is a variable of a law and the sort it ranges over.
type Var struct {
	Name string
	Sort *Sort
}
