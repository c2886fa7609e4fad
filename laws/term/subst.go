package term

// Substitute returns t with each variable v replaced by to(v) where to
// reports true; other variables and constants are kept. t itself is not
// changed: terms are values, and the result shares the subterms in which
// nothing was replaced (t itself when nothing was).
func Substitute(t *Term, to func(name string) (*Term, bool)) *Term {
	switch t.kind {
	case Var:
		if u, ok := to(t.name); ok {
			return u
		}
		return t
	case App:
		for i, a := range t.args {
			b := Substitute(a, to)
			if b == a {
				continue
			}
			// The first argument that changes: copy the node, keep the
			// arguments before it, substitute in the ones after it.
			u := newApp(t.name, len(t.args))
			copy(u.args, t.args[:i])
			u.args[i] = b
			for j := i + 1; j < len(t.args); j++ {
				u.args[j] = Substitute(t.args[j], to)
			}
			u.sized()
			return u
		}
	}
	return t
}
