package term

import (
	"reflect"
)

// Shrinker returns the term shrinker of sig for terms of sort sort: for a
// term, its smaller candidates, simplest first. Package laws tries them one
// by one after the engine's shrinking and keeps the first that still fails
// the same way, then starts again from it, until none does or time is up.
// The candidates, all well-typed:
//
//   - hoist: a subterm replaces its parent (seq(a, seq(b, c)) → seq(b, c),
//     and at every depth), which also drops identity insertions such as
//     seq(id(), x) → x;
//   - a variadic argument is dropped when the arity allows it;
//   - a node is replaced by the signature's identity, when it has one;
//   - a leaf is lowered by lower (nil means no leaf lowering).
func Shrinker(sig *Signature, sort string, lower func(*Term) []*Term) func(*Term) []*Term {
	return func(t *Term) []*Term {
		var out []*Term
		seen := map[string]bool{t.String(): true}
		add := func(c *Term) {
			key := c.String()
			if seen[key] || sig.Check(c, sort) != nil {
				return
			}
			seen[key] = true
			out = append(out, c)
		}
		for _, c := range candidates(sig, t, lower) {
			add(c)
		}
		return out
	}
}

// candidates lists the one-step shrinks of t, smallest first within each
// kind, without type checks (the caller filters).
func candidates(sig *Signature, t *Term, lower func(*Term) []*Term) []*Term {
	var out []*Term
	if t.kind == App {
		// Hoist: any proper subterm in place of the whole term, small ones
		// first (they may be of another sort; the caller filters).
		var subs []*Term
		for _, a := range t.args {
			a.Walk(func(u *Term) bool { subs = append(subs, u); return true })
		}
		sortBySize(subs)
		out = append(out, subs...)
		// Drop an argument of a variadic or ranged operation.
		if o, ok := sig.Lookup(t.name); ok && o.Arity.Allows(len(t.args)-1) {
			for i := range t.args {
				out = append(out, Apply(t.name, without(t.args, i)...))
			}
		}
	}
	if id := sig.Identity(); id != nil && !t.Equal(id) && t.size >= id.size {
		out = append(out, id)
	}
	if t.kind != App && lower != nil {
		out = append(out, lower(t)...)
	}
	// The same moves inside each argument.
	for i, a := range t.args {
		for _, c := range candidates(sig, a, lower) {
			args := append([]*Term(nil), t.args...)
			args[i] = c
			out = append(out, Apply(t.name, args...))
		}
	}
	return out
}

func without(args []*Term, i int) []*Term {
	out := append([]*Term(nil), args[:i]...)
	return append(out, args[i+1:]...)
}

func sortBySize(ts []*Term) {
	// insertion sort: stable and fine for the sizes terms have
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].size < ts[j-1].size; j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// LowerLeaf lowers integer constants towards 0: 0 first, then values
// between 0 and v that binary-search for the smallest that still fails
// (v/2, 3v/4, 7v/8, …, v∓1), and -v for a negative v. Other leaves have no
// candidates.
func LowerLeaf(t *Term) []*Term {
	if t.kind != Const || t.value == nil {
		return nil
	}
	rv := reflect.ValueOf(t.value)
	mk := func(n int64) *Term {
		v := reflect.New(rv.Type()).Elem()
		v.SetInt(n)
		return Constant(v.Interface())
	}
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
	default:
		return nil
	}
	v := rv.Int()
	if v == 0 {
		return nil
	}
	var out []*Term
	out = append(out, mk(0))
	if v < 0 && v != -v {
		out = append(out, mk(-v))
	}
	// v - v/2, v - v/4, ... towards v, as gopter's integer shrinker does.
	for half := v / 2; half != 0; half /= 2 {
		out = append(out, mk(v-half))
	}
	return out
}
