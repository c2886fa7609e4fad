package laws

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kgents/kgents-core/laws/observe"
	"github.com/kgents/kgents-core/laws/term"
)

type namedBool bool

// The encoder writes every kind of bound value as the schema wants it and
// as it reads back: arguments as JSON values, features by kind, names
// and strings escaped, a name bound twice keyed apart.
func TestEncodedCaseOfEveryKindOfValue(t *testing.T) {
	law := Property("p", "true", func(d *Draws) error { return nil })
	ob := newObserver(t.TempDir(), "kinds", law, config{engine: Rapid})
	bs := []Binding{
		{Name: "i", Value: -5}, {Name: "i64", Value: int64(math.MinInt64)}, {Name: "i32", Value: int32(3)},
		{Name: "u", Value: uint64(math.MaxUint64)}, {Name: "b", Value: true}, {Name: "s", Value: "a\"b\n\u2028"},
		{Name: "f", Value: 1.5}, {Name: "nan", Value: math.NaN()}, {Name: "t", Value: term.MustParse("seq(a, par(b, c))")},
		{Name: "nil", Value: nil}, {Name: "xs", Value: []int{1, 2}}, {Name: "u8", Value: uint8(200)},
		{Name: "f32", Value: float32(2.5)}, {Name: "flag", Value: namedBool(true)}, {Name: "st", Value: struct{ A int }{7}},
		{Name: `q"x`, Value: 1}, {Name: "i", Value: 4},
	}
	ob.clock.start = 10 * time.Nanosecond
	ob.clock.marks = []drawMark{{0, 110 * time.Nanosecond}, {1, 130 * time.Nanosecond}, {16, 160 * time.Nanosecond}}
	for range 2 { // the second case reuses the keys of the first
		ob.testCase(outcome{kind: violated, bindings: bs, message: "no"}, observe.Random, 200*time.Nanosecond)
	}
	path := ob.w.Path()
	ob.finish(&Result{Status: Failed})

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(observe.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
		if err == nil {
			err = schema.Validate(inst)
		}
		if err != nil {
			t.Fatalf("line %d: %v\n%s", i+1, err, line)
		}
	}
	obs, err := observe.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	o := obs[1]
	if o.Status != observe.Failed || o.StatusReason != "no" {
		t.Errorf("status %s %q", o.Status, o.StatusReason)
	}
	wantRep := "i = -5\ni64 = -9223372036854775808\ni32 = 3\nu = 18446744073709551615\nb = true\ns = \"a\\\"b\\n\\u2028\"\nf = 1.5\nnan = NaN\n" +
		"t = seq(a, par(b, c))\nnil = nil()\nxs = list(1, 2)\nu8 = 200\nf32 = 2.5\nflag = true\nst = struct(7)\nq\"x = 1\ni = 4"
	if o.Representation != wantRep {
		t.Errorf("representation:\n%s\nwant\n%s", o.Representation, wantRep)
	}
	// A name bound twice has a member per binding, the second keyed i#2.
	args := map[string]any{"i": -5.0, "i#2": 4.0, "i64": -9.223372036854776e18, "i32": 3.0, "u": 1.8446744073709552e19, "b": true, "s": "a\"b\n\u2028",
		"f": 1.5, "nan": "NaN", "t": "seq(a, par(b, c))", "xs": "list(1, 2)", `q"x`: 1.0}
	for k, want := range args {
		if got, ok := o.Arguments.Get(k); !ok || got != want {
			t.Errorf("argument %s = %#v, want %#v", k, got, want)
		}
	}
	feats := map[string]any{"value:i": -5.0, "bits:i": 3.0, "bits:i64": 64.0, "bits:u": 64.0, "length:s": 7.0, "value:f": 1.5,
		"special:nan": "NaN", "term nodes:t": 5.0, "term depth:t": 3.0, "max arity:t": 2.0, "root:t": "seq", "length:xs": 2.0,
		"value:u8": 200.0, "bits:u8": 8.0, "value:i#2": 4.0, "value:f32": 2.5, "value:flag": "true", `value:q"x`: 1.0}
	for k, want := range feats {
		if got, ok := o.Features.Get(k); !ok || got != want {
			t.Errorf("feature %s = %#v, want %#v", k, got, want)
		}
	}
	for what, obj := range map[string]observe.Object{"arguments": o.Arguments, "features": o.Features, "timing": o.Timing} {
		seen := map[string]bool{}
		for _, f := range obj {
			if seen[f.Key] {
				t.Errorf("%s: key %q twice", what, f.Key)
			}
			seen[f.Key] = true
		}
	}
	if _, ok := o.Features.Get("text size:st"); !ok {
		t.Errorf("no text size for a struct: %v", o.Features)
	}
	timing := map[string]float64{"generate:i": 100e-9, "generate:i64": 20e-9, "generate:i#2": 30e-9, "execute:test": 40e-9}
	if len(o.Timing) != len(timing) {
		t.Errorf("timing %v, want %v", o.Timing, timing)
	}
	for k, want := range timing {
		if got, ok := o.Timing.Number(k); !ok || math.Abs(got-want) > 1e-15 {
			t.Errorf("timing %s = %v, want %v", k, got, want)
		}
	}
}
