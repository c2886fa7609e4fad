package generators

// Box returns g as a generator of any: the values g draws, boxed. Unlike
// Map(g, func(v T) any { return v }), the boxed generator keeps what g
// knows of its values: [Gen.Produces] answers for a value of type T as g
// does (false for any other type), and a structural shrinker of g is kept.
// Code that holds generators of different types in one collection (a
// signature's sorts, say) boxes them so, and the shrink passes of package
// laws can then still try simpler values of each one.
func Box[T any](g Gen[T]) Gen[any] {
	inner := g.get()
	impl := &genImpl[any]{
		lazyName: func() string { return "Box(" + g.String() + ")" },
		draw:     func(s *Source) any { return inner.draw(s) },
	}
	if inner.produces != nil {
		impl.produces = func(v any) bool {
			t, ok := v.(T)
			return ok && inner.produces(t)
		}
	}
	if inner.drawTree != nil {
		impl.drawTree = func(s *Source) Shrinkable[any] {
			return mapShrinkable(inner.drawTree(s), func(v T) any { return v })
		}
	}
	return Gen[any]{impl: impl}
}
