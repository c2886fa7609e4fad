package pybridge

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// UnmarshalJSON reads a value of the canonical encoding. Outputs are most
// of what the evaluator sends, so they get a parser of their own instead
// of encoding/json's reflection: it accepts exactly the fields of Value
// (an unknown field is an error, as for the rest of the protocol) and
// nests at most MaxDepth deep.
func (v *Value) UnmarshalJSON(data []byte) error {
	p := valueParser{data: data}
	p.space()
	if err := p.value(v, 0); err != nil {
		return err
	}
	p.space()
	if p.i != len(p.data) {
		return p.errorf("data after the value")
	}
	return nil
}

type valueParser struct {
	data []byte
	i    int
}

func (p *valueParser) errorf(format string, args ...any) error {
	return fmt.Errorf("value at byte %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *valueParser) space() {
	for p.i < len(p.data) {
		switch p.data[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *valueParser) expect(c byte) error {
	p.space()
	if p.i >= len(p.data) || p.data[p.i] != c {
		return p.errorf("expected %q", c)
	}
	p.i++
	return nil
}

// peek returns the next non-space byte, or 0 at the end.
func (p *valueParser) peek() byte {
	p.space()
	if p.i >= len(p.data) {
		return 0
	}
	return p.data[p.i]
}

func (p *valueParser) null() bool {
	if p.peek() == 'n' && len(p.data)-p.i >= 4 && string(p.data[p.i:p.i+4]) == "null" {
		p.i += 4
		return true
	}
	return false
}

func (p *valueParser) str() (string, error) {
	if err := p.expect('"'); err != nil {
		return "", err
	}
	start := p.i
	plain := true
	for p.i < len(p.data) {
		c := p.data[p.i]
		switch {
		case c == '"':
			s := p.data[start:p.i]
			p.i++
			if plain && utf8.Valid(s) {
				return string(s), nil
			}
			var out string
			if err := json.Unmarshal(p.data[start-1:p.i], &out); err != nil {
				return "", p.errorf("bad string: %v", err)
			}
			return out, nil
		case c == '\\':
			plain = false
			p.i += 2
			continue
		case c < 0x20:
			return "", p.errorf("control character in a string")
		}
		p.i++
	}
	return "", p.errorf("unterminated string")
}

func (p *valueParser) value(v *Value, depth int) error {
	if depth > MaxDepth {
		return p.errorf("value nested deeper than %d", MaxDepth)
	}
	return p.object(func(key string) (err error) {
		switch key {
		case "t":
			v.Kind, err = p.str()
		case "type":
			v.Type, err = p.str()
		case "name":
			v.Name, err = p.str()
		case "v":
			v.V, err = p.str()
		case "repr":
			v.Repr, err = p.str()
		case "items":
			v.Items, err = p.list(depth, func(items *[]Value) error {
				*items = append(*items, Value{})
				return p.value(&(*items)[len(*items)-1], depth+1)
			})
		case "fields":
			err = p.fields(v, depth)
		case "entries":
			err = p.entries(v, depth)
		default:
			return p.errorf("unknown field %q", key)
		}
		return err
	})
}

// object reads a JSON object, calling field for each key once its colon is
// read; field reads the value.
func (p *valueParser) object(field func(key string) error) error {
	if err := p.expect('{'); err != nil {
		return err
	}
	if p.peek() == '}' {
		p.i++
		return nil
	}
	for {
		key, err := p.str()
		if err != nil {
			return err
		}
		if err := p.expect(':'); err != nil {
			return err
		}
		if err := field(key); err != nil {
			return err
		}
		switch p.peek() {
		case ',':
			p.i++
		case '}':
			p.i++
			return nil
		default:
			return p.errorf("expected ',' or '}'")
		}
	}
}

// array reads a JSON array, calling elem to read each element.
func (p *valueParser) array(elem func() error) error {
	if err := p.expect('['); err != nil {
		return err
	}
	if p.peek() == ']' {
		p.i++
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return nil
		default:
			return p.errorf("expected ',' or ']'")
		}
	}
}

// list reads a JSON array (or null), calling elem for each element.
func (p *valueParser) list(depth int, elem func(*[]Value) error) ([]Value, error) {
	if p.null() {
		return nil, nil
	}
	items := []Value{}
	if err := p.array(func() error { return elem(&items) }); err != nil {
		return nil, err
	}
	return items, nil
}

// objects reads a JSON array of objects (or null), calling each before
// each object and field for each key of it.
func (p *valueParser) objects(each func() error, field func(key string) error) error {
	if p.null() {
		return nil
	}
	return p.array(func() error {
		if err := each(); err != nil {
			return err
		}
		return p.object(field)
	})
}

func (p *valueParser) fields(v *Value, depth int) error {
	v.Fields = []Field{}
	return p.objects(func() error { v.Fields = append(v.Fields, Field{}); return nil }, func(key string) error {
		f := &v.Fields[len(v.Fields)-1]
		var err error
		switch key {
		case "name":
			f.Name, err = p.str()
		case "value":
			err = p.value(&f.Value, depth+1)
		default:
			err = p.errorf("unknown field %q", key)
		}
		return err
	})
}

func (p *valueParser) entries(v *Value, depth int) error {
	v.Entries = []Entry{}
	return p.objects(func() error { v.Entries = append(v.Entries, Entry{}); return nil }, func(key string) error {
		e := &v.Entries[len(v.Entries)-1]
		switch key {
		case "key":
			return p.value(&e.Key, depth+1)
		case "value":
			return p.value(&e.Value, depth+1)
		}
		return p.errorf("unknown field %q", key)
	})
}
