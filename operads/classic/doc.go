// Package classic holds the classic operads that exercise the law engine,
// each registered with its law sets:
//
//   - [End]: the endomorphism operad of int. An operation of arity n is an
//     n-ary function on int, written as a term over the inputs x1 … xn
//     (Fn); composition substitutes (a composite keeps its parts and
//     builds its body only when asked for it), permutations rename
//     inputs, and two functions are equal when they agree on generated
//     arguments (extensional equality, [FnEq], which evaluates a
//     composite from its parts). It is symmetric, and int is an algebra
//     over it. End gives the laws [Fns] restricted to an arity directly
//     ([laws.ArityGenerators]).
//   - [Associative]: the associative operad. An operation of arity n is a
//     word, an order in which to multiply n inputs; composition splices words.
//     It is symmetric, strings are an algebra over it, and reading a word
//     as a product of ints is a morphism into End.
//   - [Trees]: planar rooted trees over the generators b/2, u/1, t/3 and
//     c/0, with inputs at the leaves: the free non-symmetric operad.
//     Composition grafts a tree onto a leaf; interpreting the generators
//     as functions is a morphism into End.
//
// `go test -run Laws ./operads/classic` checks them; the package's tests
// also break each law on purpose (an off-by-one in composition, an
// identity that is not neutral, a composition that is not associative, a
// permutation action that is not an action) and assert the law that
// catches it.
package classic
