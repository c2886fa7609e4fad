package poly

import (
	"slices"
	"strings"
)

// Directions is the set of inputs an agent accepts in one state: every
// value ([AnyInput], kgents' typing.Any), the values of a type ([OfType]:
// the type-based acceptance kgents meant to have), a finite set ([OneOf]),
// a predicate ([Accepting]), or an intersection of these. Directions are
// immutable values.
type Directions struct {
	d *dirs // nil accepts nothing
}

type dirs struct {
	all    bool
	typ    Type               // when not "": only values of this type
	finite []Value            // when not nil: only these values (after the type)
	pred   func(v Value) bool // when not nil: only values it accepts
	desc   string             // "" for a set or an intersection: built when printed
	of     [2]*dirs           // the operands of an intersection
}

var anyDirs = Directions{&dirs{all: true, desc: "any"}}

// AnyInput returns the directions that accept every value.
func AnyInput() Directions { return anyDirs }

// OfType returns the directions that accept the values of type t.
func OfType(t Type) Directions { return Directions{&dirs{typ: t, desc: string(t)}} }

// OneOf returns the directions that accept exactly vs. No values accept
// nothing.
func OneOf(vs ...Value) Directions {
	set := make([]Value, 0, len(vs))
	for _, v := range vs {
		if v != nil && !slices.Contains(set, v) {
			set = append(set, v)
		}
	}
	return Directions{&dirs{finite: set}}
}

// Accepting returns the directions that accept the values keep returns
// true for; name describes them in errors.
func Accepting(name string, keep func(Value) bool) Directions {
	return Directions{&dirs{pred: keep, desc: name}}
}

func setDesc(set []Value) string {
	parts := make([]string, len(set))
	for i, v := range set {
		parts[i] = v.String()
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// Accepts reports whether v is accepted. No direction accepts nil.
func (dd Directions) Accepts(v Value) bool {
	d := dd.d
	if v == nil || d == nil {
		return false
	}
	if d.all {
		return true
	}
	if d.typ != "" && !d.typ.Has(v) {
		return false
	}
	if d.finite != nil && !slices.Contains(d.finite, v) {
		return false
	}
	if d.pred != nil && !d.pred(v) {
		return false
	}
	return d.typ != "" || d.finite != nil || d.pred != nil
}

func acceptsAll(d Directions, vs []Value) bool {
	for _, v := range vs {
		if !d.Accepts(v) {
			return false
		}
	}
	return true
}

// IsAny reports whether d accepts every value.
func (d Directions) IsAny() bool { return d.d != nil && d.d.all }

// Type returns the type d is restricted to, or "".
func (d Directions) Type() Type {
	if d.d == nil {
		return ""
	}
	return d.d.typ
}

// Finite returns the accepted values when d is a finite set.
func (d Directions) Finite() ([]Value, bool) {
	if d.d == nil {
		return []Value{}, true
	}
	if d.d.finite == nil {
		return nil, false
	}
	out := make([]Value, 0, len(d.d.finite))
	for _, v := range d.d.finite {
		if d.Accepts(v) {
			out = append(out, v)
		}
	}
	return out, true
}

// Intersect returns the directions that accept what both d and e accept.
// AnyInput is neutral, which is kgents' rule for the directions of par: if
// one side accepts Any, the other side's directions are used.
func (dd Directions) Intersect(ee Directions) Directions {
	d, e := dd.d, ee.d
	switch {
	case d == nil || e == nil:
		return OneOf()
	case d.all || d == e:
		return ee
	case e.all:
		return dd
	case d.typ != "" && d.typ == e.typ && d.finite == nil && d.pred == nil && e.finite == nil && e.pred == nil:
		return dd // the same type twice: no new value
	case d.finite != nil && d.pred == nil && d.typ == "" && acceptsAll(ee, d.finite):
		return dd // a finite set within the other side: itself
	case e.finite != nil && e.pred == nil && e.typ == "" && acceptsAll(dd, e.finite):
		return ee
	}
	out := &dirs{typ: d.typ, of: [2]*dirs{d, e}}
	if e.typ != "" {
		if out.typ != "" && out.typ != e.typ {
			return OneOf()
		}
		out.typ = e.typ
	}
	switch {
	case d.finite != nil && e.finite != nil:
		out.finite = []Value{}
		for _, v := range d.finite {
			if slices.Contains(e.finite, v) {
				out.finite = append(out.finite, v)
			}
		}
	case d.finite != nil:
		out.finite = d.finite
	case e.finite != nil:
		out.finite = e.finite
	}
	switch {
	case d.pred != nil && e.pred != nil:
		dp, ep := d.pred, e.pred
		out.pred = func(v Value) bool { return dp(v) && ep(v) }
	case d.pred != nil:
		out.pred = d.pred
	case e.pred != nil:
		out.pred = e.pred
	}
	return Directions{out}
}

// String describes the directions: "any", a type, a set or a predicate's
// name.
func (d Directions) String() string {
	if d.d == nil {
		return "{}"
	}
	return d.d.String()
}

func (d *dirs) String() string {
	switch {
	case d.desc != "":
		return d.desc
	case d.of[0] != nil:
		return d.of[0].String() + " ∩ " + d.of[1].String()
	case d.finite != nil:
		return setDesc(d.finite)
	}
	return "{}"
}
