package jsonoperad

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strings"

	"github.com/kgents/kgents-core/generators"
)

// Sort is a carrier: a set of values with a generator, and, when it is
// finite, the list of its values in enumeration order (smallest first).
type Sort struct {
	Name string
	Kind string // int, float, bool, string, enum, list, pair

	min, max       int64
	bounded        bool
	fmin, fmax     float64
	franged        bool
	nan, inf       bool
	alphabet       []rune
	minLen, maxLen int
	values         []any   // enum
	elem           []*Sort // list: 1, pair: 2

	gen generators.Gen[any]
}

// Gen returns the sort's generator.
func (s *Sort) Gen() generators.Gen[any] { return s.gen }

// Size returns the number of values of a finite sort, or nil when the
// sort is infinite or too large to count in an int64.
func (s *Sort) Size() *big.Int {
	switch s.Kind {
	case "int":
		if !s.bounded {
			return nil
		}
		return new(big.Int).Add(new(big.Int).Sub(big.NewInt(s.max), big.NewInt(s.min)), big.NewInt(1))
	case "bool":
		return big.NewInt(2)
	case "enum", "agent":
		return big.NewInt(int64(len(s.values)))
	case "string":
		return seqCount(big.NewInt(int64(len(s.alphabet))), s.minLen, s.maxLen)
	case "list":
		n := s.elem[0].Size()
		if n == nil {
			return nil
		}
		return seqCount(n, s.minLen, s.maxLen)
	case "pair":
		a, b := s.elem[0].Size(), s.elem[1].Size()
		if a == nil || b == nil {
			return nil
		}
		return new(big.Int).Mul(a, b)
	}
	return nil
}

func seqCount(k *big.Int, lo, hi int) *big.Int {
	total := new(big.Int)
	for l := lo; l <= hi; l++ {
		total.Add(total, new(big.Int).Exp(k, big.NewInt(int64(l)), nil))
	}
	return total
}

// Values returns every value of a finite sort in enumeration order:
// integers by distance from zero (0, 1, -1, 2, ...), false before true,
// enum values as written, strings and lists shortest first and then in
// the order of their elements, pairs by first then second component. The
// order puts the values a shrinker prefers first, so the first failure
// found by enumeration is a minimal one. It returns nil when the sort is
// infinite or has more than limit values.
func (s *Sort) Values(limit int64) []any {
	n := s.Size()
	if n == nil || !n.IsInt64() || n.Int64() > limit {
		return nil
	}
	switch s.Kind {
	case "int":
		out := make([]any, 0, n.Int64())
		lo, hi := s.min, s.max
		start := int64(0)
		switch {
		case lo > 0:
			start = lo
		case hi < 0:
			start = hi
		}
		out = append(out, int(start))
		for d := int64(1); len(out) < int(n.Int64()); d++ {
			if start+d <= hi && start+d >= lo {
				out = append(out, int(start+d))
			}
			if start-d >= lo && start-d <= hi {
				out = append(out, int(start-d))
			}
		}
		return out
	case "bool":
		return []any{false, true}
	case "enum", "agent":
		return append([]any(nil), s.values...)
	case "string":
		letters := make([]any, len(s.alphabet))
		for i, r := range s.alphabet {
			letters[i] = string(r)
		}
		var out []any
		for l := s.minLen; l <= s.maxLen; l++ {
			forEachSeq(letters, l, func(seq []any) {
				var b strings.Builder
				for _, x := range seq {
					b.WriteString(x.(string))
				}
				out = append(out, b.String())
			})
		}
		return out
	case "list":
		elems := s.elem[0].Values(limit)
		var out []any
		for l := s.minLen; l <= s.maxLen; l++ {
			forEachSeq(elems, l, func(seq []any) { out = append(out, append(make(List, 0, l), seq...)) })
		}
		return out
	case "pair":
		as, bs := s.elem[0].Values(limit), s.elem[1].Values(limit)
		out := make([]any, 0, len(as)*len(bs))
		for _, a := range as {
			for _, b := range bs {
				out = append(out, List{a, b})
			}
		}
		return out
	}
	return nil
}

func forEachSeq(elems []any, l int, f func([]any)) {
	seq := make([]any, l)
	var rec func(i int)
	rec = func(i int) {
		if i == l {
			f(seq)
			return
		}
		for _, e := range elems {
			seq[i] = e
			rec(i + 1)
		}
	}
	rec(0)
}

func (s *Sort) buildGen() {
	switch s.Kind {
	case "int":
		var g generators.Gen[int]
		if s.bounded {
			g = generators.IntRange(int(s.min), int(s.max))
		} else {
			g = generators.Int()
		}
		s.gen = generators.Box(g) // Box, not Map: the shrink passes need g's range
	case "float":
		var g generators.Gen[float64]
		switch {
		case s.franged:
			g = generators.Float64Range(s.fmin, s.fmax)
		default:
			var opts []generators.FloatOption
			if !s.nan {
				opts = append(opts, generators.NoNaN())
			}
			if !s.inf {
				opts = append(opts, generators.NoInf())
			}
			g = generators.Float64(opts...)
		}
		s.gen = generators.Box(g)
	case "bool":
		s.gen = generators.Box(generators.Bool())
	case "enum", "agent":
		s.gen = generators.Map(generators.IntRange(0, len(s.values)-1), func(i int) any { return s.values[i] })
	case "string":
		// StringOfN, not StringFrom: in a special case it also draws the
		// shortest string and the string literals of the file.
		s.gen = generators.Box(generators.StringOfN(string(s.alphabet), s.minLen, s.maxLen))
	case "list":
		s.gen = generators.Map(generators.SliceOfN(s.elem[0].gen, s.minLen, s.maxLen), func(v []any) any {
			if v == nil {
				return List{}
			}
			return List(v)
		})
	case "pair":
		a, b := s.elem[0].gen, s.elem[1].gen
		s.gen = generators.Bind(a, func(x any) generators.Gen[any] {
			return generators.Map(b, func(y any) any { return List{x, y} })
		})
	}
}

// decode reads a value of the sort from its JSON form (as scanned, with
// json.Number), for tables, identities, enum values and case files.
func (s *Sort) decode(j any) (any, error) {
	switch s.Kind {
	case "int":
		n, ok := j.(json.Number)
		if !ok {
			return nil, fmt.Errorf("expected an integer of sort %s, found %s", s.Name, describeJSON(j))
		}
		v, err := n.Int64()
		if err != nil || v < math.MinInt || v > math.MaxInt {
			return nil, fmt.Errorf("expected an integer of sort %s, found %s", s.Name, n)
		}
		if s.bounded && (v < s.min || v > s.max) {
			return nil, fmt.Errorf("%d is not a value of sort %s (outside %d..%d)", v, s.Name, s.min, s.max)
		}
		return int(v), nil
	case "float":
		switch x := j.(type) {
		case json.Number:
			f, err := x.Float64()
			if err != nil {
				return nil, fmt.Errorf("expected a float of sort %s: %v", s.Name, err)
			}
			return s.check(f)
		case string:
			f, ok := map[string]float64{"NaN": math.NaN(), "+Inf": math.Inf(1), "-Inf": math.Inf(-1), "-0": math.Copysign(0, -1)}[x]
			if ok {
				return s.check(f)
			}
		}
		return nil, fmt.Errorf("expected a float of sort %s (a number, or \"NaN\", \"+Inf\", \"-Inf\", \"-0\"), found %s", s.Name, describeJSON(j))
	case "bool":
		if b, ok := j.(bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("expected true or false (sort %s), found %s", s.Name, describeJSON(j))
	case "string":
		if str, ok := j.(string); ok {
			return str, nil
		}
		return nil, fmt.Errorf("expected a string of sort %s, found %s", s.Name, describeJSON(j))
	case "enum":
		for _, v := range s.values {
			if enumEqual(v, j) {
				return v, nil
			}
		}
		return nil, fmt.Errorf("expected one of the values of sort %s %s, found %s", s.Name, formatValue(List(s.values)), describeJSON(j))
	case "agent":
		if name, ok := j.(string); ok {
			for _, v := range s.values {
				if v.(Leaf).Name == name {
					return v, nil
				}
			}
		}
		return nil, fmt.Errorf("expected the name of an agent of sort %s, found %s", s.Name, describeJSON(j))
	case "list", "pair":
		arr, ok := j.([]any)
		if !ok {
			return nil, fmt.Errorf("expected an array of sort %s, found %s", s.Name, describeJSON(j))
		}
		out := make(List, len(arr))
		for i, e := range arr {
			es := s.elem[0]
			if s.Kind == "pair" && i < 2 {
				es = s.elem[i]
			}
			v, err := es.decode(e)
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
			out[i] = v
		}
		return s.check(out)
	}
	return nil, fmt.Errorf("sort %s cannot be decoded", s.Name)
}

func enumEqual(v, j any) bool {
	switch x := v.(type) {
	case int:
		n, ok := j.(json.Number)
		i, err := n.Int64()
		return ok && err == nil && i == int64(x)
	case float64:
		n, ok := j.(json.Number)
		f, err := n.Float64()
		return ok && err == nil && f == x
	}
	return v == j
}

func describeJSON(j any) string {
	switch x := j.(type) {
	case nil:
		return "null"
	case json.Number:
		return "the number " + x.String()
	case string:
		return fmt.Sprintf("the string %q", x)
	case bool:
		return fmt.Sprintf("%t", x)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%v", j)
}

// encode returns the JSON form of a value of the sort.
func (s *Sort) encode(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) || (x == 0 && math.Signbit(x)) {
			return formatFloat(x)
		}
		return x
	case Leaf:
		return x.Name
	case List:
		out := make([]any, len(x))
		for i, e := range x {
			es := s.elem[0]
			if s.Kind == "pair" && i < 2 {
				es = s.elem[i]
			}
			out[i] = es.encode(e)
		}
		return out
	}
	return v
}

// check returns v as a value of the sort, converting what an expression
// returns ([]any, int64, a float with an integer value) and rejecting
// anything outside the sort.
func (s *Sort) check(v any) (any, error) {
	bad := func(why string) (any, error) {
		return nil, fmt.Errorf("%s is not a value of sort %s (%s)", formatAny(v), s.Name, why)
	}
	switch s.Kind {
	case "int":
		switch x := v.(type) {
		case int:
			return v, nil // already boxed: no new allocation
		case int64:
			return int(x), nil
		}
		return bad("not an integer")
	case "float":
		switch x := v.(type) {
		case float64:
			return v, nil
		case int:
			return float64(x), nil
		}
		return bad("not a number")
	case "bool":
		if _, ok := v.(bool); ok {
			return v, nil
		}
		return bad("not a boolean")
	case "string":
		if _, ok := v.(string); !ok {
			return bad("not a string")
		}
		return v, nil
	case "enum":
		for _, e := range s.values {
			if reflect.DeepEqual(e, v) || (isIntLike(e) && isIntLike(v) && toInt(e) == toInt(v)) {
				return e, nil
			}
		}
		return bad("not one of its values")
	case "agent":
		if _, ok := asAgent(v); ok {
			return v, nil
		}
		return bad("not an agent")
	case "list", "pair":
		rv := reflect.ValueOf(v)
		if !rv.IsValid() || rv.Kind() != reflect.Slice {
			return bad("not an array")
		}
		if s.Kind == "pair" && rv.Len() != 2 {
			return bad("a pair has 2 elements")
		}
		out := make(List, rv.Len())
		for i := range out {
			es := s.elem[0]
			if s.Kind == "pair" {
				es = s.elem[i]
			}
			e, err := es.check(rv.Index(i).Interface())
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	}
	return bad("unknown sort")
}

func isIntLike(v any) bool {
	switch v.(type) {
	case int, int64:
		return true
	}
	return false
}

func toInt(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int64:
		return x
	}
	return 0
}

func formatAny(v any) string {
	switch x := v.(type) {
	case []any:
		return formatValue(List(x))
	case int64:
		return fmt.Sprint(x)
	case nil:
		return "nil"
	}
	s := formatValue(v)
	if s == "?" {
		return fmt.Sprintf("%v (%T)", v, v)
	}
	return s
}

// exprType is a value whose type tells the expression compiler what the
// sort's values are.
func (s *Sort) exprType() any {
	switch s.Kind {
	case "int":
		return 0
	case "float":
		return 0.0
	case "bool":
		return false
	case "string":
		return ""
	case "enum":
		return s.values[0]
	}
	return []any{}
}

// resultKind is the reflect.Kind an expression of this sort must have
// when the compiler knows its type.
func (s *Sort) resultKinds() []reflect.Kind {
	switch s.Kind {
	case "int":
		return []reflect.Kind{reflect.Int, reflect.Int64}
	case "float":
		return []reflect.Kind{reflect.Float64, reflect.Int}
	case "bool":
		return []reflect.Kind{reflect.Bool}
	case "string":
		return []reflect.Kind{reflect.String}
	case "enum":
		return []reflect.Kind{reflect.TypeOf(s.values[0]).Kind()}
	}
	return []reflect.Kind{reflect.Slice, reflect.Array}
}
