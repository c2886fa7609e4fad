package observe

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/kgents/kgents-core/internal/jsontext"
)

// AppendJSON appends o as one line of JSON (without the newline) with
// exactly the members the schema allows for its type. It is hand-written
// because observing must stay cheap: encoding/json's reflection would
// cost more than many of the cases it describes.
func (o *Observation) AppendJSON(dst []byte) []byte {
	dst = o.appendBody(dst, nil)
	return appendTail(dst, o.Property, o.RunStart)
}

// appendTail ends a line with the members every observation has.
func appendTail(dst []byte, property string, runStart float64) []byte {
	dst = append(dst, `,"property":`...)
	dst = jsontext.AppendString(dst, property)
	dst = append(dst, `,"run_start":`...)
	dst = AppendFloat(dst, runStart)
	return append(dst, '}')
}

// appendBody writes the line up to its tail; meta, when not nil, is the
// encoded metadata to write for a test case whose Metadata is nil.
func (o *Observation) appendBody(dst, meta []byte) []byte {
	dst = append(dst, `{"type":`...)
	dst = jsontext.AppendString(dst, string(o.Type))
	if o.Type == TestCase {
		dst = append(dst, `,"status":`...)
		dst = jsontext.AppendString(dst, string(o.Status))
		dst = append(dst, `,"status_reason":`...)
		dst = jsontext.AppendString(dst, o.StatusReason)
		dst = append(dst, `,"representation":`...)
		dst = jsontext.AppendString(dst, o.Representation)
		dst = append(dst, `,"arguments":`...)
		dst = o.Arguments.appendJSON(dst)
		dst = append(dst, `,"how_generated":`...)
		if o.HowGenerated == "" {
			dst = append(dst, "null"...)
		} else {
			dst = jsontext.AppendString(dst, o.HowGenerated)
		}
		dst = append(dst, `,"features":`...)
		dst = o.Features.appendJSON(dst)
		dst = append(dst, `,"coverage":null,"timing":`...)
		dst = o.Timing.appendJSON(dst)
		dst = append(dst, `,"metadata":`...)
		if o.Metadata == nil && meta != nil {
			dst = append(dst, meta...)
		} else {
			dst = o.Metadata.appendJSON(dst)
		}
	} else {
		dst = append(dst, `,"title":`...)
		dst = jsontext.AppendString(dst, o.Title)
		dst = append(dst, `,"content":`...)
		if o.Details != nil {
			dst = o.Details.appendJSON(dst)
		} else {
			dst = jsontext.AppendString(dst, o.Content)
		}
	}
	return dst
}

// MarshalJSON encodes o as AppendJSON does.
func (o Observation) MarshalJSON() ([]byte, error) { return o.AppendJSON(nil), nil }

// MarshalJSON encodes the members in order.
func (obj Object) MarshalJSON() ([]byte, error) { return obj.appendJSON(nil), nil }

func (obj Object) appendJSON(dst []byte) []byte {
	dst = append(dst, '{')
	for i, f := range obj {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsontext.AppendString(dst, f.Key)
		dst = append(dst, ':')
		switch f.Kind {
		case IntNumber:
			dst = strconv.AppendInt(dst, f.Int, 10)
		case FloatNumber:
			dst = AppendFloat(dst, f.Float)
		case Seconds:
			dst = AppendNanoseconds(dst, f.Int)
		default:
			dst = AppendValue(dst, f.Value)
		}
	}
	return append(dst, '}')
}

// AppendValue appends v as JSON, as the members of an [Object] are
// written: see [Field.Value] for the values it knows; a float that JSON
// cannot hold is written as AppendFloat writes it.
func AppendValue(dst []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		return strconv.AppendBool(dst, x)
	case int:
		return strconv.AppendInt(dst, int64(x), 10)
	case int64:
		return strconv.AppendInt(dst, x, 10)
	case int32:
		return strconv.AppendInt(dst, int64(x), 10)
	case uint64:
		return strconv.AppendUint(dst, x, 10)
	case uint32:
		return strconv.AppendUint(dst, uint64(x), 10)
	case uint:
		return strconv.AppendUint(dst, uint64(x), 10)
	case float64:
		return AppendFloat(dst, x)
	case float32:
		return AppendFloat(dst, float64(x))
	case string:
		return jsontext.AppendString(dst, x)
	case json.RawMessage:
		if !json.Valid(x) {
			return jsontext.AppendString(dst, string(x))
		}
		return append(dst, x...)
	case Object:
		return x.appendJSON(dst)
	case []any:
		dst = append(dst, '[')
		for i, e := range x {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendValue(dst, e)
		}
		return append(dst, ']')
	}
	b, err := json.Marshal(v)
	if err != nil {
		return jsontext.AppendString(dst, fmt.Sprintf("%v", v))
	}
	return append(dst, b...)
}

// AppendFloat appends f as a JSON number; JSON has no NaN or infinities,
// so those are written as the strings "NaN", "+Inf" and "-Inf".
func AppendFloat(dst []byte, f float64) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(dst, `"+Inf"`...)
	case math.IsInf(f, -1):
		return append(dst, `"-Inf"`...)
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.AppendInt(dst, int64(f), 10)
	}
	// As encoding/json does: plain decimals, exponents only for the very
	// small and the very large.
	if a := math.Abs(f); a < 1e-6 || a >= 1e21 {
		return strconv.AppendFloat(dst, f, 'e', -1, 64)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}

// AppendNanoseconds appends ns nanoseconds as a JSON number of seconds,
// exactly and in the fewest steps: 1500 as 1500e-9, 0 as 0. Every JSON
// reader takes it for the number 0.0000015; a decimal point would cost a
// division and a loop of digits per part of every case.
func AppendNanoseconds(dst []byte, ns int64) []byte {
	dst = strconv.AppendInt(dst, ns, 10)
	if ns == 0 {
		return dst
	}
	return append(dst, "e-9"...)
}

// UnmarshalJSON decodes a JSON object, keeping the order of its members.
// Numbers decode as float64, nested objects as map[string]any.
func (obj *Object) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*obj = nil
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		return errors.New("want a JSON object")
	}
	out := Object{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := t.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			return err
		}
		out = append(out, Field{Key: key, Value: v})
	}
	*obj = out
	return nil
}

// wire is an observation as it is read: pointers tell absent from empty.
type wire struct {
	Type           *Type           `json:"type"`
	Property       *string         `json:"property"`
	RunStart       *float64        `json:"run_start"`
	Status         *Status         `json:"status"`
	StatusReason   *string         `json:"status_reason"`
	Representation *string         `json:"representation"`
	Arguments      *Object         `json:"arguments"`
	HowGenerated   *string         `json:"how_generated"`
	Features       *Object         `json:"features"`
	Timing         *Object         `json:"timing"`
	Metadata       *Object         `json:"metadata"`
	Title          *string         `json:"title"`
	Content        json.RawMessage `json:"content"`
}

// UnmarshalJSON decodes one observation and checks that it has the
// members its type requires.
func (o *Observation) UnmarshalJSON(b []byte) error {
	var w wire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if w.Type == nil {
		return errors.New(`missing "type"`)
	}
	if w.Property == nil {
		return errors.New(`missing "property"`)
	}
	if w.RunStart == nil {
		return errors.New(`missing "run_start"`)
	}
	*o = Observation{Type: *w.Type, Property: *w.Property, RunStart: *w.RunStart}
	switch o.Type {
	case TestCase:
		if w.Status == nil {
			return errors.New(`test_case: missing "status"`)
		}
		switch *w.Status {
		case Passed, Failed, GaveUp:
		default:
			return fmt.Errorf("test_case: unknown status %q (want passed, failed or gave_up)", *w.Status)
		}
		o.Status = *w.Status
		if w.Representation == nil {
			return errors.New(`test_case: missing "representation"`)
		}
		o.Representation = *w.Representation
		if w.StatusReason != nil {
			o.StatusReason = *w.StatusReason
		}
		if w.HowGenerated != nil {
			o.HowGenerated = *w.HowGenerated
		}
		o.Arguments = deref(w.Arguments)
		o.Features = deref(w.Features)
		o.Timing = deref(w.Timing)
		o.Metadata = deref(w.Metadata)
	case Info, Alert, Error:
		if w.Title == nil {
			return fmt.Errorf(`%s: missing "title"`, o.Type)
		}
		o.Title = *w.Title
		if len(w.Content) == 0 {
			return fmt.Errorf(`%s: missing "content"`, o.Type)
		}
		if w.Content[0] == '{' {
			if err := json.Unmarshal(w.Content, &o.Details); err != nil {
				return fmt.Errorf("%s: content: %w", o.Type, err)
			}
		} else if err := json.Unmarshal(w.Content, &o.Content); err != nil {
			return fmt.Errorf("%s: content must be a string or an object", o.Type)
		}
	default:
		return fmt.Errorf("unknown type %q (want test_case, info, alert or error)", o.Type)
	}
	return nil
}

func deref(o *Object) Object {
	if o == nil {
		return nil
	}
	return *o
}
