// Package generators writes a generator once and runs it on two
// property-based testing engines, rapid and gopter, with shrinking on both.
//
// A [Gen] is a pure function from a [Source] of choices to a value. Every
// choice is an integer in [0, max], and 0 is always the simplest choice:
// integers map it to the value of their range closest to 0, OneOf and
// Frequency to their first alternative, collections to "stop". The value
// is therefore determined by its choices, and shrinking the choices
// shrinks the value:
//
//   - under rapid ([Rapid], [RapidSource]) each choice is a draw on
//     rapid's bitstream, which rapid's shrinker minimises; collection
//     elements and subtrees are separate draw groups that it can delete;
//   - under gopter ([Gopter], [TapeShrinker]) a value is backed by the
//     [Tape] of choices that produced it; gopter's own slice shrinker
//     removes chunks of the tape and lowers single choices, and replaying
//     the shrunk tape ([Replay]) rebuilds a smaller value. Shrinking thus
//     survives [Map] and [Bind], which plain gopter generators lose
//     (gopter issue #47). A tape that ends early reads as zeros, so any
//     truncation is a valid candidate.
//
// The combinators: [IntRange], [Int], [Int64], [Uint64], [Bool],
// [Float64] (with the edge values 0, -0, ±Inf, NaN, ±MaxFloat64, the
// smallest subnormal and normal, each class excludable), [Float64Range],
// [RuneFrom], [StringOf], [StringOfN], [SliceOf], [SliceOfN],
// [SliceOfNDistinct], [MapOf], [MapOfN], [SetOfN], [Just], [OneOf],
// [Frequency], [Map], [Bind], [Gen.Filter] (bounded retries, then a
// [*FilterError] that says the filter rejects too much) and [Recursive] for
// bounded-size trees.
//
// Package laws uses these generators to check algebraic laws; they are
// equally usable on their own in rapid or gopter properties.
package generators
