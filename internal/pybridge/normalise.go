package pybridge

import (
	"fmt"
	"strings"
)

// A Normalisation maps a value to a canonical form before comparison, so
// that a law can be checked "up to" it. Normalisations act on the encoded
// value and never on the Python objects.
type Normalisation struct {
	Name string
	f    func(Value) Value
}

// Apply returns the normal form of v.
func (n Normalisation) Apply(v Value) Value { return n.f(v) }

// ParseNormalisation reads the name of a normalisation:
//
//	assoc          flatten nested plain tuples: ((a, b), c) and (a, (b, c)) become (a, b, c)
//	exctype        compare exceptions by type only, not by their arguments
//	without:NAME   drop dataclass fields and dict entries with string key NAME, at any depth
//
// Several names may be given separated by commas.
func ParseNormalisation(s string) ([]Normalisation, error) {
	var out []Normalisation
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		switch {
		case name == "assoc":
			out = append(out, Normalisation{name, assoc})
		case name == "exctype":
			out = append(out, Normalisation{name, excType})
		case strings.HasPrefix(name, "without:") && len(name) > len("without:"):
			field := strings.TrimPrefix(name, "without:")
			out = append(out, Normalisation{name, func(v Value) Value { return without(v, field) }})
		default:
			return nil, fmt.Errorf("pybridge: unknown normalisation %q (want assoc, exctype or without:FIELD)", name)
		}
	}
	return out, nil
}

// mapChildren rebuilds v with f applied to each child value.
func mapChildren(v Value, f func(Value) Value) Value {
	if v.Items != nil {
		items := make([]Value, len(v.Items))
		for i, x := range v.Items {
			items[i] = f(x)
		}
		v.Items = items
	}
	if v.Fields != nil {
		fs := make([]Field, len(v.Fields))
		for i, x := range v.Fields {
			fs[i] = Field{x.Name, f(x.Value)}
		}
		v.Fields = fs
	}
	if v.Entries != nil {
		es := make([]Entry, len(v.Entries))
		for i, x := range v.Entries {
			es[i] = Entry{f(x.Key), f(x.Value)}
		}
		v.Entries = es
	}
	return v
}

func assoc(v Value) Value {
	v = mapChildren(v, assoc)
	if v.Kind != "tuple" || v.Type != "" {
		return v
	}
	var flat []Value
	for _, x := range v.Items {
		if x.Kind == "tuple" && x.Type == "" {
			flat = append(flat, x.Items...)
		} else {
			flat = append(flat, x)
		}
	}
	v.Items = flat
	return v
}

func excType(v Value) Value {
	v = mapChildren(v, excType)
	if v.Kind == "exception" {
		v.Items = nil
	}
	return v
}

func without(v Value, field string) Value {
	v = mapChildren(v, func(x Value) Value { return without(x, field) })
	if v.Fields != nil {
		var fs []Field
		for _, f := range v.Fields {
			if f.Name != field {
				fs = append(fs, f)
			}
		}
		v.Fields = fs
	}
	if v.Entries != nil {
		var es []Entry
		for _, e := range v.Entries {
			if e.Key.Kind != "str" || e.Key.V != field {
				es = append(es, e)
			}
		}
		v.Entries = es
	}
	return v
}
