// Package term is the syntax of laws: terms (trees of named operations over
// variables and constants), equations between them, signatures that say
// which operations exist with which arities and sorts, a generator of
// well-typed terms with an explicit size budget, and a term-aware shrinker.
//
// The syntax is the one kgents writes its laws in and lawcheck reads:
//
//	seq(seq(a, b), c) = seq(a, seq(b, c))
//	par(id(), x) = x
//	add(x, 1) = succ(x)
//
// A name followed by an argument list is an operation applied to terms; a
// bare name is a variable; numbers, strings, true and false are constants.
// [Parse] and [ParseEquation] read it and report errors with line and
// column and what was expected; [Term.String] prints it back, and printing
// then parsing gives the same term.
//
// A [Signature] declares operations with an [Arity] (fixed, a range, or
// variadic) and optional sorts; [Signature.Check] type-checks a term, and
// [Generator] draws only well-typed terms within a [Budget] of nodes and
// depth. [Shrink] lists the smaller
// candidates of a term that laws tries after the engine's own shrinking:
// hoisting a subterm into its parent's place, dropping identity insertions,
// replacing a node by the identity, and lowering leaves.
package term
