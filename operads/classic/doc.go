// Package classic holds the classic operads that exercise the law engine,
// each registered with its law sets:
//
//   - [End]: the endomorphism operad of int. An operation of arity n is an
//     n-ary function on int, written as a term over the inputs x1 … xn
//     (Fn); composition substitutes (a composite keeps its parts, and a
//     drawn function its shape and leaves, and each builds its body only
//     when asked for it), permutations rename
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
// [Fns] draws a function's arity, then its body in one choice of shape
// and one choice per leaf. The shapes are the 168 terms of at most 7
// nodes and depth 4 over add, mul and neg with open leaves, ordered by
// number of nodes (then neg before add before mul); the choice is drawn
// like every choice, small values more often: about 10% of bodies have
// each of 1, 2, 3 and 4 nodes, 14% 5, 16% 6 and 27% 7 (2.3 leaves on
// average); of the operations, 44% are neg, 28% add and 28% mul. A leaf is
// one choice over 12 slots (n, if more) that go round the inputs x1 … xn,
// then the constants 0, 1, -1, 2, -2, 3, -3 (only the constants for
// arity 0). About three leaves in four are inputs (of arity 1, x1 is 73%
// of leaves; of arity 4, x1 and x2 21% each, x3 and x4 16% each), each
// constant 3-4% of leaves (-3, the largest choice, 6%); of arity 0, 0
// and 1 are 19% each, -1 and 2 13%, -2 and 3 11%, -3 14%. The choices
// shrink towards fewer nodes, x1, then the constants nearest 0, and a
// leaf read with a smaller arity stays one leaf: a function whose inputs
// do not matter shrinks to fn/0 0.
//
// `go test -run Laws ./operads/classic` checks the operads; the tests
// also break each law on purpose (an off-by-one in composition, an
// identity that is not neutral, a composition that is not associative, a
// permutation action that is not an action) and assert the law that
// catches it, and that shrinking reaches the smallest counterexample.
package classic
