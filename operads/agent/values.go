package agent

import (
	"slices"
	"sync"

	"github.com/kgents/kgents-core/operads/poly"
)

// SmallValues returns the small domain of type t that generated agents,
// input sequences and [Eq] draw from: ints 0 … 3, both bools, unit(), the
// strings "" and "a", and pairs of these. The slice is shared: do not
// modify it.
func SmallValues(t poly.Type) []poly.Value {
	if vs, ok := smallValues.Load(t); ok {
		return vs.([]poly.Value)
	}
	vs, _ := smallValues.LoadOrStore(t, smallValuesOf(t))
	return vs.([]poly.Value)
}

var smallValues sync.Map // poly.Type -> []poly.Value

func smallValuesOf(t poly.Type) []poly.Value {
	switch t {
	case poly.TInt:
		return []poly.Value{poly.Int(0), poly.Int(1), poly.Int(2), poly.Int(3)}
	case poly.TBool:
		return []poly.Value{poly.Bool(false), poly.Bool(true)}
	case poly.TUnit:
		return []poly.Value{poly.Unit{}}
	case poly.TString:
		return []poly.Value{poly.Str(""), poly.Str("a")}
	}
	a, b, ok := t.Split()
	if !ok {
		return nil
	}
	var out []poly.Value
	for _, x := range SmallValues(a) {
		for _, y := range SmallValues(b) {
			out = append(out, poly.P(x, y))
		}
	}
	return out
}

// candidates returns the values of domain that every directions accepts.
func candidates(domain []poly.Value, ds ...poly.Directions) []poly.Value {
	out := make([]poly.Value, 0, len(domain))
next:
	for _, v := range domain {
		for _, d := range ds {
			if !d.Accepts(v) {
				continue next
			}
		}
		out = append(out, v)
	}
	return out
}

// inputDomain returns where inputs to a are drawn from: its declared input
// type's small values, else those of its directions' type, a finite set
// of directions, or small ints and bools.
func inputDomain(as ...poly.Agent) []poly.Value {
	for _, a := range as {
		if in, _, ok := a.Type(); ok {
			return SmallValues(in)
		}
	}
	for _, a := range as {
		d := a.Directions(a.Initial())
		if t := d.Type(); t != "" {
			return SmallValues(t)
		}
		if vs, ok := d.Finite(); ok {
			return vs
		}
	}
	return slices.Concat(SmallValues(poly.TInt), SmallValues(poly.TBool))
}
