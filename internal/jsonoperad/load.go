package jsonoperad

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/laws/term"
)

// ErrInvalid is wrapped by every error of Parse that is not a schema
// violation or malformed JSON: an unknown sort, operation or variable, an
// arity or sort mismatch, a type error in an expression, a table that is
// not total, a derived operation that recurses.
var ErrInvalid = errors.New("jsonoperad: invalid operad")

// Load reads and parses the operad file at path.
func Load(path string) (*Operad, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse parses an operad file's contents; file names it in errors. Every
// problem with the contents is returned as an *Error with the file, line
// and column where it is and what was expected there.
func Parse(file string, data []byte) (*Operad, error) {
	src, v, err := scan(file, data)
	if err != nil {
		return nil, err
	}
	if err := src.validate(v); err != nil {
		return nil, err
	}
	root := v.(map[string]any)
	o := &Operad{File: file, src: src, sorts: map[string]*Sort{}, ops: map[string]*operation{}}
	o.Name = root["name"].(string)
	o.Description, _ = root["description"].(string)
	if err := o.loadAgents(obj(root["agents"])); err != nil {
		return nil, err
	}
	if err := o.loadSorts(obj(root["sorts"])); err != nil {
		return nil, err
	}
	if err := o.loadOperations(obj(root["operations"])); err != nil {
		return nil, err
	}
	for i, l := range root["laws"].([]any) {
		if err := o.loadLaw(fmt.Sprintf("/laws/%d", i), obj(l)); err != nil {
			return nil, err
		}
	}
	seen := map[string]string{}
	for _, l := range o.Laws {
		if prev, dup := seen[l.Name]; dup {
			return nil, src.errPtr(l.ptr, ErrInvalid, "two laws are named %s (the first is %s); give one a \"name\"", l.Name, prev)
		}
		seen[l.Name] = fmt.Sprintf("at %d:%d", l.Line, l.Col)
	}
	o.mineConstants(o.inOrder("/operations", obj(root["operations"])))
	return o, nil
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }

// inOrder returns the names of m's members in the order they are written.
func (o *Operad) inOrder(ptr string, m map[string]any) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		return o.src.keys[ptr+"/"+ptrEscape(names[i])] < o.src.keys[ptr+"/"+ptrEscape(names[j])]
	})
	return names
}

func (o *Operad) loadSorts(m map[string]any) error {
	o.sortDefs = m
	pending := map[string]bool{}
	var resolve func(name, from string) (*Sort, error)
	resolve = func(name, from string) (*Sort, error) {
		if s, ok := o.sorts[name]; ok {
			return s, nil
		}
		def, ok := m[name]
		if !ok {
			return nil, o.src.errPtr(from, ErrInvalid, "unknown sort %s %s", name, known(name, "sorts", o.inOrder("/sorts", m)))
		}
		ptr := "/sorts/" + ptrEscape(name)
		if pending[name] {
			return nil, o.src.errPtr(from, ErrInvalid, "sort %s contains itself; sorts must be finite trees", name)
		}
		pending[name] = true
		defer delete(pending, name)
		s, err := o.makeSort(name, ptr, obj(def), resolve)
		if err != nil {
			return nil, err
		}
		o.sorts[name] = s
		return s, nil
	}
	for _, name := range o.inOrder("/sorts", m) {
		if _, err := resolve(name, "/sorts/"+ptrEscape(name)); err != nil {
			return err
		}
	}
	if len(o.sorts) == 1 {
		for _, s := range o.sorts {
			o.soleSort = s
		}
	}
	return nil
}

func (o *Operad) makeSort(name, ptr string, d map[string]any, resolve func(name, from string) (*Sort, error)) (*Sort, error) {
	s := &Sort{Name: name, Kind: d["kind"].(string)}
	num := func(key string) (json.Number, bool) { n, ok := d[key].(json.Number); return n, ok }
	intField := func(key string, def int) (int, error) {
		n, ok := num(key)
		if !ok {
			return def, nil
		}
		v, err := n.Int64()
		if err != nil {
			return 0, o.src.errPtr(ptr+"/"+key, ErrInvalid, "%s: expected an integer, found %s", key, n)
		}
		return int(v), nil
	}
	// lengths reads the length bounds that string and list sorts share.
	lengths := func() (err error) {
		if s.minLen, err = intField("min_len", 0); err != nil {
			return err
		}
		if s.maxLen, err = intField("max_len", 8); err != nil {
			return err
		}
		if s.minLen > s.maxLen {
			return o.src.errPtr(ptr+"/max_len", ErrInvalid, "sort %s: max_len %d is below min_len %d", name, s.maxLen, s.minLen)
		}
		return nil
	}
	switch s.Kind {
	case "int":
		lo, hasLo := num("min")
		hi, hasHi := num("max")
		if hasLo != hasHi {
			return nil, o.src.errPtr(ptr, ErrInvalid, "sort %s: give both min and max, or neither for all integers", name)
		}
		if hasLo {
			var err1, err2 error
			s.min, err1 = lo.Int64()
			s.max, err2 = hi.Int64()
			if err1 != nil || err2 != nil {
				return nil, o.src.errPtr(ptr, ErrInvalid, "sort %s: min and max must be integers that fit in 64 bits", name)
			}
			if s.min > s.max {
				return nil, o.src.errPtr(ptr+"/max", ErrInvalid, "sort %s: max %d is below min %d", name, s.max, s.min)
			}
			s.bounded = true
		}
	case "float":
		lo, hasLo := num("min")
		hi, hasHi := num("max")
		s.nan, _ = d["nan"].(bool)
		s.inf, _ = d["inf"].(bool)
		if hasLo != hasHi {
			return nil, o.src.errPtr(ptr, ErrInvalid, "sort %s: give both min and max, or neither", name)
		}
		if hasLo {
			if s.nan || s.inf {
				return nil, o.src.errPtr(ptr, ErrInvalid, "sort %s: a float range has no NaN or infinities; drop min and max to generate them", name)
			}
			s.fmin, _ = lo.Float64()
			s.fmax, _ = hi.Float64()
			if !(s.fmin <= s.fmax) || math.IsInf(s.fmin, 0) || math.IsInf(s.fmax, 0) {
				return nil, o.src.errPtr(ptr+"/max", ErrInvalid, "sort %s: expected finite min <= max", name)
			}
			s.franged = true
		}
	case "bool":
	case "string":
		alpha, ok := d["alphabet"].(string)
		if !ok {
			alpha = "abc"
		}
		seen := map[rune]bool{}
		for _, r := range alpha {
			if !seen[r] {
				seen[r] = true
				s.alphabet = append(s.alphabet, r)
			}
		}
		if err := lengths(); err != nil {
			return nil, err
		}
	case "enum":
		kind := ""
		for i, j := range d["values"].([]any) {
			var v any
			switch x := j.(type) {
			case json.Number:
				if n, err := x.Int64(); err == nil && n >= math.MinInt && n <= math.MaxInt {
					v = int(n)
				} else if f, err := x.Float64(); err == nil {
					v = f
				}
			default:
				v = x
			}
			k := fmt.Sprintf("%T", v)
			if kind == "" {
				kind = k
			} else if k != kind {
				return nil, o.src.errPtr(fmt.Sprintf("%s/values/%d", ptr, i), ErrInvalid, "sort %s: enum values must all be of one type (%s), found %s", name, kind, describeJSON(j))
			}
			for _, prev := range s.values {
				if prev == v {
					return nil, o.src.errPtr(fmt.Sprintf("%s/values/%d", ptr, i), ErrInvalid, "sort %s: value %s is listed twice", name, formatValue(v))
				}
			}
			s.values = append(s.values, v)
		}
	case "list":
		e, err := resolve(d["of"].(string), ptr+"/of")
		if err != nil {
			return nil, err
		}
		s.elem = []*Sort{e}
		if err := lengths(); err != nil {
			return nil, err
		}
	case "agent":
		names, _ := d["of"].([]any)
		if err := o.agentSortValues(s, names, ptr); err != nil {
			return nil, err
		}
	case "pair":
		for i, n := range d["of"].([]any) {
			e, err := resolve(n.(string), ptr+"/of/"+strconv.Itoa(i))
			if err != nil {
				return nil, err
			}
			s.elem = append(s.elem, e)
		}
	}
	s.buildGen()
	return s, nil
}

// sortOf returns the sort named name for the value at ptr.
func (o *Operad) sortOf(name, ptr string) (*Sort, error) {
	if s, ok := o.sorts[name]; ok {
		return s, nil
	}
	return nil, o.src.errPtr(ptr, ErrInvalid, "unknown sort %s %s", name, known(name, "sorts", o.inOrder("/sorts", o.sortDefs)))
}

// typeConstants returns t with every constant read as a value of the sort
// of its position (the literal 0 in a float position becomes 0.0), and an
// error for a constant that is not a value of that sort.
func (o *Operad) typeConstants(t *term.Term, want string) (*term.Term, error) {
	switch t.Kind() {
	case term.Const:
		s := o.sorts[want]
		if s == nil {
			s = o.soleSort
		}
		if s == nil {
			return t, nil
		}
		v, err := s.check(t.Value())
		if err != nil {
			return nil, fmt.Errorf("constant %s: %w", term.FormatConstant(t.Value()), err)
		}
		return term.Constant(v), nil
	case term.App:
		op, _ := o.sig.Lookup(t.Name())
		args := t.Args()
		for i, a := range args {
			na, err := o.typeConstants(a, op.ArgSort(i))
			if err != nil {
				return nil, err
			}
			args[i] = na
		}
		return term.Apply(t.Name(), args...), nil
	}
	return t, nil
}

// algebra builds the interpretation of every operation.
func (o *Operad) algebra() laws.Algebra[any] {
	ops := make(map[string]func([]any) (any, error), len(o.ops))
	for name, op := range o.ops {
		ops[name] = op.apply
	}
	return laws.Algebra[any]{Ops: ops, Constant: func(c any) (any, error) {
		if n, ok := c.(int64); ok {
			return int(n), nil
		}
		return c, nil
	}}
}
