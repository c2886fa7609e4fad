package generators

import "pgregory.net/rapid"

// Rapid returns g as a rapid generator. Drawing it in a rapid property
// draws g from rapid's bitstream, so rapid's shrinker shrinks the value
// through every Map, Bind and Filter of g.
//
//	rapid.Check(t, func(t *rapid.T) {
//	    x := generators.Rapid(gen).Draw(t, "x")
//	    ...
//	})
//
// The rapid generator is built once per Gen and reused.
func Rapid[T any](g Gen[T]) *rapid.Generator[T] { return g.rapid() }
