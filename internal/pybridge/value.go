package pybridge

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Value is the canonical encoding of a Python value, as the evaluator
// sends it. Kind is one of none, bool, int, float, str, bytes, tuple, list,
// set, frozenset, dict, enum, dataclass, exception and object; the other
// fields are set as each kind needs (see docs/python-bridge.md). Two
// Python values are equal for lawcheck when their Values are equal.
type Value struct {
	Kind    string  `json:"t"`
	Type    string  `json:"type,omitempty"`
	Name    string  `json:"name,omitempty"`
	V       string  `json:"v,omitempty"`
	Repr    string  `json:"repr,omitempty"`
	Items   []Value `json:"items,omitempty"`
	Fields  []Field `json:"fields,omitempty"`
	Entries []Entry `json:"entries,omitempty"`
}

// Field is one field of a dataclass.
type Field struct {
	Name  string `json:"name"`
	Value Value  `json:"value"`
}

// Entry is one entry of a dict.
type Entry struct {
	Key   Value `json:"key"`
	Value Value `json:"value"`
}

// MaxDepth bounds the nesting of a decoded value.
const MaxDepth = 200

// Validate reports a value of an unknown kind, a scalar whose text does
// not read as its kind, or a value nested deeper than MaxDepth.
func (v Value) Validate() error { return v.validate(0) }

func (v Value) validate(depth int) error {
	if depth > MaxDepth {
		return fmt.Errorf("value nested deeper than %d", MaxDepth)
	}
	switch v.Kind {
	case "none":
	case "bool":
		if v.V != "True" && v.V != "False" {
			return fmt.Errorf("bool %q is neither True nor False", v.V)
		}
	case "int":
		if _, ok := new(big.Int).SetString(v.V, 10); !ok {
			return fmt.Errorf("int %q is not a decimal integer", v.V)
		}
	case "float":
		if _, err := strconv.ParseFloat(v.V, 64); err != nil {
			return fmt.Errorf("float %q does not read as a float", v.V)
		}
	case "str", "bytes", "object":
	case "tuple", "list", "set", "frozenset", "exception", "enum":
	case "dataclass":
	case "dict":
	default:
		return fmt.Errorf("unknown value kind %q", v.Kind)
	}
	for _, x := range v.Items {
		if err := x.validate(depth + 1); err != nil {
			return err
		}
	}
	for _, f := range v.Fields {
		if err := f.Value.validate(depth + 1); err != nil {
			return err
		}
	}
	for _, e := range v.Entries {
		if err := e.Key.validate(depth + 1); err != nil {
			return err
		}
		if err := e.Value.validate(depth + 1); err != nil {
			return err
		}
	}
	return nil
}

// Python renders the value as a Python expression that can be pasted into
// a REPL (with the value's classes in scope); an object without a known
// shape renders as its repr.
func (v Value) Python() string {
	var b strings.Builder
	v.python(&b)
	return b.String()
}

// shortType is the name a class is written with in Python code: the last
// part of module.qualname, which is how the class is named where it is
// imported.
func shortType(t string) string {
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		return t[i+1:]
	}
	return t
}

func (v Value) python(b *strings.Builder) {
	seq := func(open, close string, items []Value, oneComma bool) {
		b.WriteString(open)
		for i, x := range items {
			if i > 0 {
				b.WriteString(", ")
			}
			x.python(b)
		}
		if oneComma && len(items) == 1 {
			b.WriteString(",")
		}
		b.WriteString(close)
	}
	switch v.Kind {
	case "none":
		b.WriteString("None")
	case "bool", "int":
		b.WriteString(v.V)
	case "float":
		switch v.V {
		case "nan", "inf", "-inf":
			fmt.Fprintf(b, "float(%q)", v.V)
		default:
			b.WriteString(v.V)
		}
	case "str":
		b.WriteString(strconv.Quote(v.V))
	case "bytes":
		fmt.Fprintf(b, "bytes.fromhex(%q)", v.V)
	case "tuple":
		if v.Type != "" {
			b.WriteString(shortType(v.Type))
			seq("((", "))", v.Items, true)
			return
		}
		seq("(", ")", v.Items, true)
	case "list":
		seq("[", "]", v.Items, false)
	case "set":
		if len(v.Items) == 0 {
			b.WriteString("set()")
			return
		}
		seq("{", "}", v.Items, false)
	case "frozenset":
		if len(v.Items) == 0 {
			b.WriteString("frozenset()")
			return
		}
		seq("frozenset({", "})", v.Items, false)
	case "dict":
		b.WriteString("{")
		for i, e := range v.Entries {
			if i > 0 {
				b.WriteString(", ")
			}
			e.Key.python(b)
			b.WriteString(": ")
			e.Value.python(b)
		}
		b.WriteString("}")
	case "enum":
		b.WriteString(shortType(v.Type) + "." + v.Name)
	case "dataclass":
		b.WriteString(shortType(v.Type) + "(")
		for i, f := range v.Fields {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(f.Name + "=")
			f.Value.python(b)
		}
		b.WriteString(")")
	case "exception":
		b.WriteString(shortType(v.Type))
		seq("(", ")", v.Items, false)
	default:
		b.WriteString(v.Repr)
	}
}

// String is Python.
func (v Value) String() string { return v.Python() }
