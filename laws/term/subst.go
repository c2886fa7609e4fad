package term

// Substitute returns t with each variable v replaced by to(v) where to
// reports true; other variables and constants are kept. t itself is not
// changed: terms are values, and the result shares the subterms it leaves
// alone.
func Substitute(t *Term, to func(name string) (*Term, bool)) *Term {
	switch t.kind {
	case Var:
		if u, ok := to(t.name); ok {
			return u
		}
		return t
	case App:
		args := make([]*Term, len(t.args))
		for i, a := range t.args {
			args[i] = Substitute(a, to)
		}
		return Apply(t.name, args...)
	}
	return t
}
