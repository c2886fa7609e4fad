package laws

import "github.com/kgents/kgents-core/generators"

// Code under test that is not Go: a law whose behaviour is given by
// something else (an operad described in a JSON file, say) would have the
// literals of its builder's Go package mined, which say nothing about the
// code under test. Its builder mines the literals itself and gives them
// with [Law.WithConstants], built by [Literals.Constants] the way mined
// constants are.

// Literals are the literals of code under test, in order of priority.
type Literals struct {
	Ints    []int64
	Floats  []float64
	Strings []string
}

// Constants returns the constants that special cases draw for lits, as
// for the literals mined from Go code: each distinct integer, then the
// neighbours ±1 of each; the distinct floats; the distinct strings; each
// list bounded, and the trivial values (0, ±1, ±2, "") left out, since
// every special case draws them as boundaries. It returns nil when no
// value is left.
func (lits Literals) Constants() *generators.Constants {
	return literals{ints: lits.Ints, floats: lits.Floats, strings: lits.Strings}.constants()
}

// WithConstants returns l with the constants its special cases draw given
// as near (the literals closest to the law, drawn most often) and far
// (those of the whole code under test), in place of the constants mined
// from the Go package that built l. Either may be nil; both nil leaves
// special cases with boundary values only.
func (l Law) WithConstants(near, far *generators.Constants) Law {
	l.given = &generators.Special{Near: near, Far: far}
	return l
}
