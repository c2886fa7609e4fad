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
// it on a fair coin, through [Source.MaybeSpecialCase], so half of the
// cases stay plain random) and draws one fair coin of its own, "every int
// special".
//
// In a special case, [IntRange] (and so [Int], [Int64], [Uint64]; a range
// of fewer than 64 values excepted: random draws meet its values anyway)
// draws its plain value's choices with a fair coin folded into the
// distance: for a distance in [0, max] it draws one choice u in
// [0, 2max+1], the distance u/2 and the coin u's low bit ([side][u]; a
// range on one side of 0: [u]; a range wider than 2^63, whose doubled
// distance would not fit, draws the coin as a choice of its own before
// the offset). When the coin or the case's "every int special" coin is
// heads, the value is a special one spelled by the distance: its low
// three bits give the kind (0 and 1 a boundary value: the range's ends
// and their inner neighbours, the value closest to 0 and ±1, ±2 around
// it; 2 to 6 one of the near constants; 7 one of the far ones) and the
// bits above them, with those, the index in that kind's list, each list
// in order of priority: one time in four in the list's first half (the
// literals of a mined list come before their neighbours), else in the
// whole list, modulo its length. A kind whose list has no value in the
// range falls back: slots 2 to 4 to a far constant, 5 and 6 to a
// boundary value, 7 to a near constant, and with neither list to a
// boundary value. The every-int coin does not apply to the
// items of collections, which keep a coin each (a collection of distinct
// items could not be made of a range's few special values). No choice is
// drawn beyond the plain value's, so a special int costs what a plain one
// does. Lowering the distance's choice by one (heads to tails) keeps the
// tape's length and gives the plain value at the same distance, which
// shrinks on; a failing special value shrinks its distance to the
// smallest one that spells the same value. (A special case's plain values
// thus have distances drawn as halves of a choice over twice the range,
// and the negative end of a signed 64-bit range, MinInt64, is drawn only
// as a boundary value.)
//
// Measured on both engines (4000 tapes, 2000 rapid draws, one special
// case each) for [Int] with a near and a far constant, an int of a special
// case is plain about 24.5% of the time, a boundary value about 26%, a
// near constant about 40% and a far one about 10%: three quarters of the
// values of a special case are special, and all of them in half of the
// special cases. The distances of narrower ranges are shorter, so their
// small kinds and first indices come more often.
//
// [Float64], [Float64Range] and [StringOfN] draw a plain value and then a
// kind with the choice k in [0, 7] (drawn like any choice: k = 0 about
// 18%, 1 about 18%, 2 to 5 about 43%, 6 and 7 about 21%): 0 a plain value,
// 1 a boundary value (the float edges; the shortest string), 2 to 5 one of
// the near constants, 6 and 7 one of the far ones, and then the pick. The
// kind is a choice like any other, drawn after the plain value, so
// shrinking it to 0 turns a special value back into the plain one drawn
// with it, which shrinks on.
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
