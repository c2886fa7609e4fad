// Package builtin registers Go's own types as law-checked instances:
// integer addition (a commutative group), multiplication, max and min
// (bounded semilattices), the integer semiring, the boolean monoids, the
// boolean semiring and the max-min lattice semiring, string concatenation
// and the string length morphism, set union and intersection, and the
// equalities they use.
//
// Importing the package registers them; `go test -run Laws ./laws/builtin`
// checks them, and `lawcheck list` shows them. They are the reference
// lawful instances of every law set laws ships, and the examples to copy
// when registering an instance of your own.
package builtin
