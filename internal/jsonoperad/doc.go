// Package jsonoperad reads operads described in JSON files and checks
// their laws: the machinery behind lawcheck check and lawcheck replay.
//
// A file names its sorts (carriers with their generators: int ranges,
// floats, booleans, strings, enums, lists and pairs), its operations (with
// an arity and sorts, given by an expression of github.com/expr-lang/expr,
// by a finite table, or derived as a term over other operations), and its
// laws, by standard name (associativity, identity, distributivity, ...) or
// as equations in the term syntax of laws/term. [Parse] validates the file
// against the JSON Schema [Schema], then type-checks everything; any
// problem is one [*Error] with the file, line and column and what was
// expected there.
//
// Each law becomes a one-equation theory checked through
// laws.TheoryLaws on the generated values of its variables' sorts, with
// rapid or gopter and their shrinkers ([Law.Check]). The code under test
// is the file, so the constants that laws' special cases draw are the
// file's literals ([Law.Constants]): numbers and strings of its
// expressions, tables, identities and equations, near ones from the law
// and the operations it uses, far ones from the whole file. When every
// variable ranges over a finite sort and the cases are few enough, the law
// is instead decided by enumerating all of them: laws.Proved when it holds
// on every one, or the first failing case in an order that puts the
// smallest values first, which is then the smallest failing case (its
// ShrinkInfo.By says so).
//
// A failure can be saved as a [Case]: the law and its variables as JSON
// values read back by their sorts, so that [Operad.Replay] evaluates it
// again exactly once, whatever the generators have become.
package jsonoperad
