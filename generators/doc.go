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
// [Frequency], [Map] (which keeps a structural shrinker, see
// [WithShrinker]), [Bind], [Gen.Filter] (bounded retries, then a
// [*FilterError] that says the filter rejects too much) and [Recursive] for
// bounded-size trees.
//
// # One distribution on both engines
//
// A recording tape draws each choice in [0, max] with rapid's own
// algorithm (a bit length from a geometric distribution, that many random
// bits, and the maximum on a long draw), so one generator gives the same
// distribution of values on both engines. For [Int], measured on 20 000
// tape draws and 2 000 rapid draws: 0 about 6%, magnitudes below 2^8
// about 44%, in [2^8, 2^16) about 22%, in [2^16, 2^57) about 33%, and at
// least 2^57 about 3% (MinInt or MaxInt about 2%). [Float64] draws a
// small integer, a fraction or a value of any magnitude, and an edge
// value about 20% of the time; the edges are picked with fair coins, 0,
// NaN and +Inf twice as often as the others (NaN and ±Inf each about
// 2.5-4%). [Source.Bits] is drawn like any other choice.
//
// # Special cases
//
// [Source.SpecialCase] makes the rest of a case special (package laws does
// it on a fair coin, so half of the cases stay plain random). In a special
// case, [IntRange] (and so [Int], [Int64], [Uint64]; a range of fewer
// than 64 values excepted: random draws meet its values anyway), [Float64],
// [Float64Range] and [StringOfN] draw a plain value and then a kind with
// the choice
// k in [0, 7] (drawn like any choice: k = 0 about 18%, 1 about 18%, 2 to 5
// about 43%, 6 and 7 about 21%): 0 a plain value, 1 a boundary value
// (the range's ends and their inner neighbours, the value closest to 0
// and ±1, ±2 around it; the float edges; the shortest string), 2 to 5 one
// of the near constants, 6 and 7 one of the far constants, each list in
// order of priority. A kind whose list is empty, or has no value the
// generator can produce, draws a boundary value instead. The kind is a
// choice like any other, drawn after the plain value, so shrinking it to
// 0 turns a special value back into the plain one drawn with it, which
// shrinks on.
//
// The items of collections and the parts of groups ([SliceOfN], [MapOfN],
// [Map2], [Field], [DrawGroup]) are special in a special case on both
// engines: rapid draws each group on a *rapid.T of its own, so a special
// case draws its groups with rapid generators bound to its Source.
//
// What a value actually received (a fallback included) is noted on the
// Source; [Source.TakeDrawn] reads and clears it, so that a caller can
// say of each value whether it was a boundary value or a constant.
//
// Package laws uses these generators to check algebraic laws; they are
// equally usable on their own in rapid or gopter properties.
package generators
