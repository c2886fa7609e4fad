package generators

import (
	"fmt"
	"math"
	"reflect"
)

// A FieldGen gives [Make] the generator of one struct field; build it with
// [Field].
type FieldGen struct {
	name string
	typ  reflect.Type
	draw func(*Source) reflect.Value
}

// Field says that Make draws the struct field name from g.
func Field[F any](name string, g Gen[F]) FieldGen {
	g.get()
	return FieldGen{name: name, typ: reflect.TypeFor[F](), draw: func(s *Source) reflect.Value {
		return reflect.ValueOf(drawGroup(s, g))
	}}
}

// Make returns a generator of T built by reflection, for plain data types:
// integers, floats, booleans and strings from this package's generators,
// slices and maps of up to makeMaxLen elements, pointers (nil or not),
// arrays and structs field by field. Unexported fields are left at their
// zero value; fields may be given their own generator with [Field]. Every
// part shrinks towards its simplest value (0, "", nil, empty).
//
// Make panics, when called, for a type it cannot build (functions,
// channels, interfaces) unless Field gives those fields, and for a Field
// naming no exported field of T or of another type.
//
//	type Order struct{ ID int; Item string; Qty uint8 }
//	orders := generators.Make[Order](generators.Field("Item", generators.SampledFrom("tea", "cake")))
func Make[T any](fields ...FieldGen) Gen[T] {
	t := reflect.TypeFor[T]()
	byName := map[string]FieldGen{}
	for _, f := range fields {
		byName[f.name] = f
	}
	if len(fields) > 0 {
		if t.Kind() != reflect.Struct {
			panic(fmt.Sprintf("generators: Make[%s]: Field applies to structs only", t))
		}
		for _, f := range fields {
			sf, ok := t.FieldByName(f.name)
			switch {
			case !ok || !sf.IsExported() || len(sf.Index) != 1:
				panic(fmt.Sprintf("generators: Make[%s]: no exported field %q", t, f.name))
			case sf.Type != f.typ:
				panic(fmt.Sprintf("generators: Make[%s]: field %s is %s, the generator gives %s", t, f.name, sf.Type, f.typ))
			}
		}
	}
	draw, err := maker(t, byName, 0)
	if err != nil {
		panic(fmt.Sprintf("generators: Make[%s]: %v", t, err))
	}
	return Custom(fmt.Sprintf("Make[%s]", t), func(s *Source) T {
		return draw(s).Interface().(T)
	})
}

// makeMaxLen bounds the slices and maps Make builds; makeMaxDepth bounds
// the nesting of recursive types (deeper values are zero).
const (
	makeMaxLen   = 8
	makeMaxDepth = 6
)

func maker(t reflect.Type, fields map[string]FieldGen, depth int) (func(*Source) reflect.Value, error) {
	zero := func(*Source) reflect.Value { return reflect.New(t).Elem() }
	if depth > makeMaxDepth {
		return zero, nil
	}
	conv := func(g func(*Source) reflect.Value) func(*Source) reflect.Value {
		return func(s *Source) reflect.Value { return g(s).Convert(t) }
	}
	switch t.Kind() {
	case reflect.Bool:
		return conv(valueOf(Bool())), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := t.Bits()
		lo, hi := int64(math.MinInt64)>>(64-bits), int64(math.MaxInt64)>>(64-bits)
		return conv(valueOf(IntRange(lo, hi))), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		hi := uint64(math.MaxUint64) >> (64 - t.Bits())
		return conv(valueOf(IntRange(uint64(0), hi))), nil
	case reflect.Float32:
		return conv(valueOf(Map(Float64(), func(f float64) float32 { return float32(f) }))), nil
	case reflect.Float64:
		return conv(valueOf(Float64())), nil
	case reflect.String:
		return conv(valueOf(StringFrom(UnicodeRune(), 0, makeMaxLen*2))), nil
	case reflect.Pointer:
		elem, err := maker(t.Elem(), nil, depth+1)
		if err != nil {
			return nil, err
		}
		return func(s *Source) reflect.Value {
			if s.Choose(1) == 0 {
				return reflect.Zero(t)
			}
			p := reflect.New(t.Elem())
			p.Elem().Set(elem(s))
			return p
		}, nil
	case reflect.Slice:
		elem, err := maker(t.Elem(), nil, depth+1)
		if err != nil {
			return nil, err
		}
		return func(s *Source) reflect.Value {
			n := int(s.Choose(makeMaxLen))
			v := reflect.MakeSlice(t, n, n)
			for i := range n {
				v.Index(i).Set(elem(s))
			}
			return v
		}, nil
	case reflect.Array:
		elem, err := maker(t.Elem(), nil, depth+1)
		if err != nil {
			return nil, err
		}
		return func(s *Source) reflect.Value {
			v := reflect.New(t).Elem()
			for i := range t.Len() {
				v.Index(i).Set(elem(s))
			}
			return v
		}, nil
	case reflect.Map:
		key, err := maker(t.Key(), nil, depth+1)
		if err != nil {
			return nil, err
		}
		val, err := maker(t.Elem(), nil, depth+1)
		if err != nil {
			return nil, err
		}
		return func(s *Source) reflect.Value {
			n := int(s.Choose(makeMaxLen))
			v := reflect.MakeMapWithSize(t, n)
			for range n {
				v.SetMapIndex(key(s), val(s))
			}
			return v
		}, nil
	case reflect.Struct:
		type part struct {
			index int
			draw  func(*Source) reflect.Value
		}
		var parts []part
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			if f, ok := fields[sf.Name]; ok {
				parts = append(parts, part{i, f.draw})
				continue
			}
			d, err := maker(sf.Type, nil, depth+1)
			if err != nil {
				return nil, fmt.Errorf("field %s: %w", sf.Name, err)
			}
			parts = append(parts, part{i, d})
		}
		return func(s *Source) reflect.Value {
			v := reflect.New(t).Elem()
			for _, p := range parts {
				v.Field(p.index).Set(p.draw(s))
			}
			return v
		}, nil
	}
	return nil, fmt.Errorf("no default generator for %s (kind %s); give the field one with generators.Field", t, t.Kind())
}

func valueOf[T any](g Gen[T]) func(*Source) reflect.Value {
	return func(s *Source) reflect.Value { return reflect.ValueOf(g.Draw(s)) }
}
