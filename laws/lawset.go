package laws

// A LawSet is the set of laws of one structure: its own laws plus those of
// its parent structures (a Monoid's parent is a Semigroup). Laws are merged
// by name, so a law inherited along two paths (a BoundedSemilattice is both
// a Semilattice and a Monoid, each a Semigroup) runs once; a law declared
// again further down replaces the inherited one. This is the RuleSet model
// of Scala's discipline library.
type LawSet struct {
	// Name is the structure, for example "Monoid".
	Name string
	// Parents are the law sets this one extends.
	Parents []LawSet
	// Own are the laws this structure adds.
	Own []Law
}

// NewLawSet returns the law set of structure name, extending parents with
// own.
func NewLawSet(name string, parents []LawSet, own ...Law) LawSet {
	return LawSet{Name: name, Parents: parents, Own: own}
}

// Laws returns every law of the set, merged by name: parents first (in
// order, depth first), then the set's own laws. Each law's Structure is the
// name of the set that declared it.
func (s LawSet) Laws() []Law {
	var out []Law
	index := map[string]int{}
	s.collect(&out, index)
	return out
}

func (s LawSet) collect(out *[]Law, index map[string]int) {
	for _, p := range s.Parents {
		p.collect(out, index)
	}
	for _, l := range s.Own {
		if l.Structure == "" {
			l.Structure = s.Name
		}
		if i, ok := index[l.Name]; ok {
			(*out)[i] = l
			continue
		}
		index[l.Name] = len(*out)
		*out = append(*out, l)
	}
}

// mergeSets merges the laws of several sets by name, like the parents of
// one set.
func mergeSets(sets []LawSet) []Law {
	return LawSet{Parents: sets}.Laws()
}

// Without returns the set with the named laws left out, wherever in its
// parents they are declared: use it for a law that does not apply to an
// instance (parallel associativity for an operad without an operation of
// arity 2). It panics if a name is not a law of the set, so that a typo
// cannot silently keep a law that was meant to go, or drop nothing.
func (s LawSet) Without(names ...string) LawSet {
	drop := map[string]bool{}
	for _, n := range names {
		drop[n] = true
	}
	var kept []Law
	for _, l := range s.Laws() {
		if drop[l.Name] {
			delete(drop, l.Name)
			continue
		}
		kept = append(kept, l)
	}
	for n := range drop {
		panic("laws: LawSet(" + s.Name + ").Without: no law named " + n)
	}
	return NewLawSet(s.Name, nil, kept...)
}
