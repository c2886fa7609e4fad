package classic

import (
	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

func init() {
	fns := Fns(4)
	words := Words(5)
	trees := TreesUpTo(9)
	treeEq := laws.EqFunc("same tree", func(a, b *term.Term) bool { return a.Equal(b) })

	laws.Register("end_int", laws.SymmetricOperadLaws[Fn](End{}, fns, FnEq()))
	laws.Register("end_int_acting_on_int", laws.OperadAlgebraLaws[Fn, int](End{}, IntAlgebra{}, fns,
		generators.OneOf(generators.IntRange(-9, 9), generators.Int()), laws.Comparable[int]()))

	laws.Register("associative_operad", laws.SymmetricOperadLaws[Word](Associative{}, words, laws.DefaultEq[Word]()))
	laws.Register("associative_operad_acting_on_strings", laws.OperadAlgebraLaws[Word, string](Associative{}, StringAlgebra{}, words,
		generators.StringOfN("ab", 0, 3), laws.Comparable[string]()))
	laws.Register("associative_operad_to_end_int", laws.OperadMorphismLaws(WordAsProduct, laws.Operad[Word](Associative{}), laws.Operad[Fn](End{}), words, FnEq()))

	laws.Register("planar_trees", laws.OperadLaws[*term.Term](Trees{}, trees, treeEq))
	laws.Register("planar_trees_to_end_int", laws.OperadMorphismLaws(TreeAsFn, laws.Operad[*term.Term](Trees{}), laws.Operad[Fn](End{}), trees, FnEq()))
}
