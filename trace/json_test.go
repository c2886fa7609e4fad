package trace

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/internal/golden"

	"github.com/kgents/kgents-core/internal/benchcpu"
)

// pythonExample is the node of docs/data-model.md, which round-trips through
// kgents' to_dict/from_dict.
const pythonExample = `{
  "id": "trace-0a1b2c3d4e5f",
  "origin": "witness",
  "stimulus": {"kind": "git", "content": "Commit 9f2e", "source": "git", "metadata": {}},
  "response": {"kind": "thought", "content": "Noticed commit 9f2e", "success": true,
               "metadata": {"tags": ["git"]}},
  "umwelt": {"observer_id": "witness", "role": "witness", "capabilities": ["observe"],
             "perceptions": ["git"], "trust_level": 1},
  "links": [{"source": "plans/warp-servo-phase1.md", "target": "trace-0a1b2c3d4e5f",
             "relation": "FULFILLS", "metadata": {"chunk": "1.1"}}],
  "timestamp": "2025-12-20T14:42:20.123456",
  "phase": "CROSS-SYNERGIZE",
  "walk_id": "walk-5e6f7a8b9c0d",
  "tags": ["git"],
  "metadata": {"k": 1}
}`

func jsonValue(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	return v
}

func TestPythonShapeRoundTrips(t *testing.T) {
	n, err := ParseNode([]byte(pythonExample))
	if err != nil {
		t.Fatal(err)
	}
	if n.ID() != "trace-0a1b2c3d4e5f" || n.Phase() != PhaseCrossSynergize || n.WalkID() != "walk-5e6f7a8b9c0d" ||
		n.Umwelt().TrustLevel() != TrustBounded || n.Link(0).Relation() != Fulfills || !n.Link(0).IsPlan() ||
		!n.Timestamp().Equal(time.Date(2025, 12, 20, 14, 42, 20, 123456000, time.UTC)) {
		t.Fatalf("decoded fields wrong: %+v", n)
	}
	out, _ := n.MarshalJSON()
	if got, want := jsonValue(t, out), jsonValue(t, []byte(pythonExample)); !reflect.DeepEqual(got, want) {
		t.Fatalf("re-encoded node differs from Python's:\n got %s\nwant %s", out, pythonExample)
	}
	// Keys come in kgents' order.
	order := []string{`"id"`, `"origin"`, `"stimulus"`, `"response"`, `"umwelt"`, `"links"`, `"timestamp"`, `"phase"`, `"walk_id"`, `"tags"`, `"metadata":{"k"`}
	last := -1
	for _, k := range order {
		i := strings.Index(string(out[last+1:]), k)
		if i < 0 {
			t.Fatalf("key %s out of kgents' order in %s", k, out)
		}
		last += 1 + i
	}
}

func TestTimestampFormatLikeIsoformat(t *testing.T) {
	for _, tc := range []struct {
		in   time.Time
		want string
	}{
		{time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC), "2025-12-20T12:00:00"},
		{time.Date(2025, 12, 20, 12, 0, 0, 1000, time.UTC), "2025-12-20T12:00:00.000001"},
		{time.Date(2025, 12, 20, 12, 0, 0, 500, time.UTC), "2025-12-20T12:00:00"},
		{time.Date(2025, 1, 2, 3, 4, 5, 120000000, time.UTC), "2025-01-02T03:04:05.120000"},
	} {
		out, _ := New(Fields{ID: "x", Timestamp: tc.in}).MarshalJSON()
		if !strings.Contains(string(out), `"timestamp":"`+tc.want+`"`) {
			t.Errorf("%v encodes as %s, want %s", tc.in, out, tc.want)
		}
		back, err := ParseNode(out)
		if err != nil || !back.Timestamp().Equal(tc.in.Truncate(time.Microsecond)) {
			t.Errorf("%s decodes to %v, %v", tc.want, back, err)
		}
	}
}

func TestEncodingDefaultsAndNulls(t *testing.T) {
	n, err := ParseNode([]byte(`{"id": "x", "timestamp": "2025-12-20T12:00:00", "phase": "", "walk_id": null}`))
	if err != nil {
		t.Fatal(err)
	}
	if n.Origin() != "unknown" || n.Stimulus().Kind() != "unknown" || !n.Response().Success() ||
		n.Umwelt().ObserverID() != "system" || n.Phase() != "" || n.WalkID() != "" {
		t.Fatalf("defaults not applied: %+v", n)
	}
	out, _ := n.MarshalJSON()
	for _, want := range []string{`"phase":null`, `"walk_id":null`, `"links":[]`, `"tags":[]`, `"metadata":{}}`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("%s lacks %s", out, want)
		}
	}
	u, err := ParseNode([]byte(`{"id": "x", "timestamp": "2025-12-20T12:00:00", "umwelt": {"observer_id": "o", "capabilities": ["b", "a", "b"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if u.Umwelt().Role() != "developer" || u.Umwelt().TrustLevel() != TrustReadOnly || !reflect.DeepEqual(u.Umwelt().Capabilities(), []string{"a", "b"}) {
		t.Fatalf("umwelt defaults: %+v", u.Umwelt())
	}
	// Strings are escaped as JSON requires, and survive.
	odd := New(Fields{ID: "q\"\\\n\t\x01\u2028é\xff", Timestamp: epoch})
	b, _ := odd.MarshalJSON()
	back, err := ParseNode(b)
	if err != nil || back.ID() != "q\"\\\n\t\x01\u2028é\ufffd" {
		t.Fatalf("escaping: %s -> %v %v", b, back, err)
	}
}

func TestDecodeErrorsNameFieldValueAndNode(t *testing.T) {
	base := func(extra string) string {
		return `{"id": "trace-1", "timestamp": "2025-12-20T12:00:00"` + extra + `}`
	}
	for _, tc := range []struct {
		in, node, field, value string
		why                    error
	}{
		{`{"timestamp": "2025-12-20T12:00:00"}`, "", "id", "", ErrMissingField},
		{`{"id": "trace-1"}`, `"trace-1"`, "timestamp", "", ErrMissingField},
		{base(`, "links": [{"source": "a", "target": "b", "relation": "CAUSE"}]`), `"trace-1"`, "links[0].relation", `"CAUSE"`, ErrUnknownValue},
		{base(`, "links": [{"source": "a", "relation": "CAUSES"}]`), `"trace-1"`, "links[0].target", "", ErrMissingField},
		{base(`, "phase": "CROSS_SYNERGIZE"`), `"trace-1"`, "phase", `"CROSS_SYNERGIZE"`, ErrUnknownValue},
		{base(`, "umwelt": {"trust_level": 7}`), `"trace-1"`, "umwelt.trust_level", "7", ErrUnknownValue},
		{base(`, "origin": 3`), `"trace-1"`, "origin", "3", ErrWrongType},
		{base(`, "response": {"success": "yes"}`), `"trace-1"`, "response.success", `"yes"`, ErrWrongType},
		{base(`, "tags": "git"`), `"trace-1"`, "tags", `"git"`, ErrWrongType},
		{base(`, "metadata": [1]`), `"trace-1"`, "metadata", "[1]", ErrWrongType},
		{`{"id": "trace-1", "timestamp": "2025-12-20T12:00"}`, `"trace-1"`, "timestamp", `"2025-12-20T12:00"`, ErrWrongType},
	} {
		_, err := ParseNode([]byte(tc.in))
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("%s: got %v, want a FieldError", tc.in, err)
			continue
		}
		if fe.Field != tc.field || fe.Value != tc.value || !errors.Is(err, tc.why) || !errors.Is(err, ErrInvalidNode) ||
			(tc.node != "" && fe.Node != tc.node) {
			t.Errorf("%s: got %+v (%v)", tc.in, fe, err)
		}
		if !strings.Contains(err.Error(), tc.field) || !strings.Contains(err.Error(), tc.value) {
			t.Errorf("message %q does not name field and value", err)
		}
	}
}

func TestStoreFileRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	l := buildLedger(t, randomNodes(rng, 200))
	var buf bytes.Buffer
	if err := WriteStore(&buf, l); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "{\n  \"version\": 1,\n  \"nodes\": [\n    {\n      \"id\": ") {
		t.Fatalf("store file is not kgents' indented shape:\n%.200s", buf.String())
	}
	back, err := ReadStore(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if back.Head() != l.Head() || fingerprint(back) != fingerprint(l) {
		t.Fatal("store file round trip changed the ledger")
	}
}

func TestReadStoreValidates(t *testing.T) {
	node := func(id, ts string, links string) string {
		return `{"id": "` + id + `", "timestamp": "` + ts + `", "links": [` + links + `]}`
	}
	link := func(src string) string { return `{"source": "` + src + `", "target": "x", "relation": "CAUSES"}` }
	for _, tc := range []struct {
		name, file string
		want       error
		mention    string
	}{
		{"duplicate", `{"version": 1, "nodes": [` + node("a", "2025-01-01T00:00:00", "") + `,` + node("a", "2025-01-01T00:00:01", "") + `]}`, ErrDuplicateTrace, `nodes[1]`},
		{"dangling", `{"version": 1, "nodes": [` + node("a", "2025-01-01T00:00:00", link("zz")) + `]}`, ErrTraceNotFound, `"zz"`},
		{"causality", `{"version": 1, "nodes": [` + node("a", "2025-01-01T00:00:01", "") + `,` + node("b", "2025-01-01T00:00:00", link("plans/p.md")+`,`+link("a")) + `]}`, ErrCausalityViolation, `nodes[1]`},
		{"causality names the link", `{"version": 1, "nodes": [` + node("a", "2025-01-01T00:00:01", "") + `,` + node("b", "2025-01-01T00:00:00", link("plans/p.md")+`,`+link("a")) + `]}`, ErrCausalityViolation, `node "b" links[1]: causality violation`},
		{"dangling names the link", `{"version": 1, "nodes": [` + node("a", "2025-01-01T00:00:00", link("plans/p.md")+`,`+link("zz")) + `]}`, ErrTraceNotFound, `node "a" links[1]: source trace "zz" not found`},
		{"bad node", `{"version": 1, "nodes": [` + node("a", "2025-01-01", "") + `]}`, ErrWrongType, `nodes[0]`},
		{"version", `{"version": 2, "nodes": []}`, ErrUnknownValue, "version"},
		{"no version", `{"nodes": []}`, ErrMissingField, "version"},
	} {
		_, err := ReadStore(strings.NewReader(tc.file))
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("%s: got %v, want %v mentioning %s", tc.name, err, tc.want, tc.mention)
		}
	}
}

func FuzzParseNode(f *testing.F) {
	f.Add([]byte(pythonExample))
	f.Add([]byte(`{"id": "x", "timestamp": "2025-12-20T12:00:00"}`))
	f.Add([]byte(`{"id": "x", "timestamp": "2025-12-20T12:00:00", "links": [{"source": "a", "target": "b", "relation": "BRANCHES", "metadata": {"z": [1, {"y": null}]}}]}`))
	f.Add([]byte(`{"id": "x", "timestamp": "9999-12-31 23:59:59.999999-00:01"}`))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ParseNode(data)
		if err != nil {
			return
		}
		out, _ := n.MarshalJSON()
		back, err := ParseNode(out)
		if err != nil {
			t.Fatalf("re-encoded node does not decode: %v\n%s", err, out)
		}
		if !back.Equal(n) {
			t.Fatalf("round trip changed the node:\n%s", out)
		}
	})
}

// kgents' to_dict never writes an unknown enum value or a datetime outside
// Python's years 1 to 9999, so its from_dict (and ParseNode) would refuse the
// result: the encoder refuses to write it, naming the node, field and value.
func TestEncodeRefusesWhatKgentsCannotRead(t *testing.T) {
	for _, tc := range []struct {
		name         string
		node         *TraceNode
		field, value string
		why          error
	}{
		{"relation", New(Fields{ID: "n", Timestamp: epoch, Links: []Link{NewLink("plans/p.md", "n", Fulfills, nil), {}}}),
			"links[1].relation", "LinkRelation(0)", ErrUnknownValue},
		{"phase", New(Fields{ID: "n", Timestamp: epoch, Phase: "CROSS_SYNERGIZE"}), "phase", "CROSS_SYNERGIZE", ErrUnknownValue},
		{"trust", New(Fields{ID: "n", Timestamp: epoch, Umwelt: WitnessUmwelt(4)}), "umwelt.trust_level", "4", ErrUnknownValue},
		{"year 10000", New(Fields{ID: "n", Timestamp: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}), "timestamp", "10000-01-01T00:00:00", ErrOutOfRange},
		{"year 0", New(Fields{ID: "n", Timestamp: time.Date(0, 12, 31, 23, 59, 59, 999999000, time.UTC)}), "timestamp", "0000-12-31T23:59:59.999999", ErrOutOfRange},
	} {
		b, err := json.Marshal(tc.node)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || fe.Value != tc.value || !errors.Is(err, tc.why) ||
			!strings.Contains(err.Error(), `node "n"`) {
			t.Errorf("%s: encoded as %s, error %v; want a FieldError naming node n, field %s, value %s", tc.name, b, err, tc.field, tc.value)
		}
	}
	// The edges of Python's range (datetime.min and max) are read and written.
	for _, ts := range []string{"0001-01-01T00:00:00", "9999-12-31T23:59:59.999999"} {
		n, err := ParseNode([]byte(`{"id": "n", "timestamp": "` + ts + `"}`))
		if err != nil {
			t.Fatalf("%s: %v", ts, err)
		}
		if b, err := json.Marshal(n); err != nil || !strings.Contains(string(b), `"timestamp":"`+ts+`"`) {
			t.Fatalf("%s does not round-trip: %s %v", ts, b, err)
		}
	}
	for _, ts := range []string{"0000-01-01T00:00:00", "9999-12-31T23:30:00-01:00", "0001-01-01T00:30:00+01:00"} {
		if _, err := ParseNode([]byte(`{"id": "n", "timestamp": "` + ts + `"}`)); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("%s decoded: %v", ts, err)
		}
	}

	// A ledger accepts a node Python cannot hold; exporting it fails and
	// names it, instead of writing a file that ReadStore refuses.
	l := buildLedger(t, []*TraceNode{New(Fields{ID: "a", Timestamp: epoch}),
		New(Fields{ID: "far", Timestamp: time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC)})})
	var buf bytes.Buffer
	err := WriteStore(&buf, l)
	if !errors.Is(err, ErrOutOfRange) || !strings.Contains(err.Error(), `nodes[1]`) || !strings.Contains(err.Error(), `node "far"`) || buf.Len() != 0 {
		t.Fatalf("WriteStore: %v, wrote %d bytes", err, buf.Len())
	}

	// The zero TraceNode is refused, not a panic.
	var zero TraceNode
	if _, err := zero.MarshalJSON(); !errors.Is(err, ErrInvalidNode) {
		t.Errorf("MarshalJSON of the zero node: %v", err)
	}
	if err := NewLedger().Append(&zero); !errors.Is(err, ErrInvalidNode) {
		t.Errorf("Append of the zero node: %v", err)
	}
}

// A store file that is not a well-formed store object is refused with the
// place: line and column for bad JSON (Python's json.load refuses trailing
// data too), the field for a version or nodes of the wrong type.
func TestReadStoreSaysWhereTheFileIsBroken(t *testing.T) {
	for _, tc := range []struct {
		name, file string
		mention    []string
		why        error
	}{
		{"trailing data", "{\"version\": 1, \"nodes\": []}\n{\"version\": 1, \"nodes\": []}\n",
			[]string{"line 2 column 1", "after top-level value"}, nil},
		{"python NaN", "{\n  \"version\": 1,\n  \"nodes\": [\n    {\"id\": \"a\", \"timestamp\": \"2025-01-01T00:00:00\",\n     \"metadata\": {\"score\": NaN}}]}",
			[]string{"line 5 column 28", "NaN and Infinity"}, nil},
		{"python -Infinity", `{"version": 1, "nodes": [{"id": "a", "timestamp": "2025-01-01T00:00:00", "metadata": {"score": -Infinity}}]}`,
			[]string{"line 1 column 97", "NaN and Infinity"}, nil},
		{"truncated", `{"version": 1, "nodes": [{"id": "a"`, []string{"unexpected end of JSON input"}, nil},
		{"nodes not a list", `{"version": 1, "nodes": {"id": "a"}}`, []string{"(store)", "field nodes", "want a list of nodes"}, ErrWrongType},
		{"version not an integer", `{"version": "1", "nodes": []}`, []string{"(store)", "field version"}, ErrWrongType},
		{"not an object", `[{"id": "a"}]`, []string{`want an object {"version": 1, "nodes": [...]}, not array`}, nil},
	} {
		_, err := ReadStore(strings.NewReader(tc.file))
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		for _, m := range tc.mention {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%s: %q does not mention %q", tc.name, err, m)
			}
		}
		if tc.why != nil && !errors.Is(err, tc.why) {
			t.Errorf("%s: %v does not match %v", tc.name, err, tc.why)
		}
	}
	// White space after the object is fine.
	if _, err := ReadStore(strings.NewReader("{\"version\": 1, \"nodes\": []}\n\n  \t\n")); err != nil {
		t.Errorf("trailing white space: %v", err)
	}
}

// ParseNode places JSON that does not parse at a line and column, as
// ReadStore does, for any input however short.
func TestParseNodeSaysWhereTheJSONIsBroken(t *testing.T) {
	deep := strings.Repeat("[", 10001) + strings.Repeat("]", 10001)
	for _, tc := range []struct {
		name, in  string
		line, col int
		mention   string
	}{
		{"empty", "", 1, 1, "unexpected end of JSON input"},
		{"one space", " ", 1, 1, "unexpected end of JSON input"},
		{"truncated", "{\"id\": \"a\",\n \"timestamp\"", 2, 12, "unexpected end of JSON input"},
		{"trailing garbage", `{"id": "a", "timestamp": "2025-01-01T00:00:00"} x`, 1, 49, "after top-level value"},
		{"NaN", `{"id": "a", "timestamp": "2025-01-01T00:00:00", "metadata": {"s": NaN}}`, 1, 67, "NaN and Infinity"},
		{"nesting deeper than 10,000", `{"id": "a", "timestamp": "2025-01-01T00:00:00", "metadata": {"s": ` + deep + `}}`, 1, 10065, "exceeded max depth"},
	} {
		_, err := ParseNode([]byte(tc.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: got %v, want a *SyntaxError", tc.name, err)
			continue
		}
		if se.In != "node" || se.Line != tc.line || se.Column != tc.col || !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("%s: got %v (line %d column %d), want line %d column %d mentioning %q", tc.name, err, se.Line, se.Column, tc.line, tc.col, tc.mention)
		}
		if want := fmt.Sprintf("trace: node: line %d column %d: ", tc.line, tc.col); !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %q does not start with %q", tc.name, err, want)
		}
	}
}

// ReadStore gives every input, however short, an error with a place.
func TestReadStoreOfShortInputHasAPlace(t *testing.T) {
	for _, in := range []string{"", " ", "\n", "{", "[", "n", "{\"version\""} {
		_, err := ReadStore(strings.NewReader(in))
		var se *SyntaxError
		if !errors.As(err, &se) || se.In != "store" || se.Line < 1 || se.Column < 1 {
			t.Errorf("%q: got %v, want a *SyntaxError with a line and column", in, err)
		}
	}
}

// The trace and covenant parsers read the same timestamp forms (the shared
// package's test lists them); here, ParseNode reads each form to the same
// instant.
func TestParseNodeTimestampForms(t *testing.T) {
	want := time.Date(2025, 12, 20, 10, 0, 0, 1000, time.UTC)
	for _, in := range []string{"2025-12-20T10:00:00.000001", "2025-12-20 10:00:00.000001", "2025-12-20T10:00:00.000001Z",
		"2025-12-20T10:00:00.000001+00:00", "2025-12-20T12:00:00.0000019+02:00"} {
		n, err := ParseNode([]byte(`{"id": "a", "timestamp": "` + in + `"}`))
		if err != nil || !n.Timestamp().Equal(want) {
			t.Errorf("%s: got %v, %v; want %v", in, n, err, want)
		}
	}
}

// ReadStore never panics: any input is a ledger or an error, and an error
// for JSON that does not parse has a line and column.
func FuzzReadStore(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte(`{"version": 1, "nodes": []}`))
	f.Add([]byte(`{"version": 1, "nodes": [` + pythonExample + `]}`))
	f.Add([]byte("{\n  \"version\": 1,\n  \"nodes\": [NaN]}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadStore(bytes.NewReader(data))
		var se *SyntaxError
		switch {
		case err == nil && l == nil:
			t.Fatal("no ledger and no error")
		case errors.As(err, &se) && (se.Line < 1 || se.Column < 1):
			t.Fatalf("syntax error without a place: %v", err)
		}
	})
}

var updateJSONGolden = flag.Bool("update-json-golden", false, "rewrite testdata/json_golden.txt from the current decoders")

// goldenNodeInputs lists ParseNode inputs: a valid node, then that node with
// one field (or two, to show which error comes first) replaced by each of
// many wrong values, then broken JSON.
func goldenNodeInputs() []string {
	long := `"` + strings.Repeat("x", 100) + `"`
	values := []string{`null`, `1`, `-1`, `4`, `1.5`, `1e2`, `true`, `false`, `"x"`, `""`, `[]`, `{}`, `["a", 1]`, `["b", null, "a"]`,
		`[{"a": 1}]`, `{"a": [1, 2.50, 1e16, 1E-7, -0.0, 1e400, 12345678901234567890]}`, long, `"2025-12-20"`, `"0001-01-01T00:00:00+00:01"`,
		`"9999-12-31T23:59:59-00:01"`, `"2025-12-20 10:00:00.1234567Z"`, `"CROSS-SYNERGIZE"`, `"BRANCHES"`, `{"kind": 1}`, `[{"source": "a"}]`,
		`[{"source": "a", "target": "b", "relation": "NOPE"}]`, `{"<&>": "\u2028\u00e9\b\f\ud800", "b": {"z": 1, "a": [true, null]}}`}
	base := map[string]string{
		"id": `"n1"`, "origin": `"o"`, "timestamp": `"2025-12-20T10:00:00.000001"`,
		"stimulus": `{"kind": "k", "content": "c", "source": "s", "metadata": {"m": 1.0}}`,
		"response": `{"kind": "k", "content": "c", "success": false, "metadata": {}}`,
		"umwelt":   `{"observer_id": "w", "role": "r", "capabilities": ["b", "a"], "perceptions": [], "trust_level": 2}`,
		"links":    `[{"source": "plans/x.md", "target": "n0", "relation": "FULFILLS", "metadata": {"chunk": "1.1"}}]`,
		"phase":    `"SENSE"`, "walk_id": `"w1"`, "tags": `["t"]`, "metadata": `{"k": 1500.0}`,
	}
	keys := []string{"id", "origin", "stimulus", "response", "umwelt", "links", "timestamp", "phase", "walk_id", "tags", "metadata"}
	obj := func(m map[string]string, keys []string) string {
		var b strings.Builder
		b.WriteString("{")
		for _, k := range keys {
			if v, ok := m[k]; ok {
				if b.Len() > 1 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "%q: %s", k, v)
			}
		}
		return b.String() + "}"
	}
	nested := map[string][]string{
		"stimulus": {"kind", "content", "source", "metadata"},
		"response": {"kind", "content", "success", "metadata"},
		"umwelt":   {"observer_id", "role", "capabilities", "perceptions", "trust_level"},
		"links":    {"source", "target", "relation", "metadata"},
	}
	with := func(key, sub, v string) string {
		m := maps.Clone(base)
		switch {
		case sub == "":
			m[key] = v
		case key == "links":
			lk := map[string]string{"source": `"plans/x.md"`, "target": `"n0"`, "relation": `"FULFILLS"`, "metadata": `{}`}
			if v == "" {
				delete(lk, sub)
			} else {
				lk[sub] = v
			}
			m[key] = "[" + obj(lk, nested[key]) + "]"
		default:
			var inner map[string]any
			json.Unmarshal([]byte(base[key]), &inner)
			im := map[string]string{}
			for k, x := range inner {
				b, _ := json.Marshal(x)
				im[k] = string(b)
			}
			if v == "" {
				delete(im, sub)
			} else {
				im[sub] = v
			}
			m[key] = obj(im, nested[key])
		}
		if v == "" && sub == "" {
			delete(m, key)
		}
		return obj(m, keys)
	}
	ins := []string{obj(base, keys), pythonExample}
	for _, k := range keys {
		ins = append(ins, with(k, "", ""))
		for _, v := range values {
			ins = append(ins, with(k, "", v))
		}
		for _, sub := range nested[k] {
			ins = append(ins, with(k, sub, ""))
			for _, v := range values {
				ins = append(ins, with(k, sub, v))
			}
		}
	}
	ins = append(ins,
		`{"id": 1, "timestamp": 2}`, `{"timestamp": "x"}`, `{"id": "a", "origin": 1, "phase": "NOPE"}`,
		`{"id": "a", "id": "b", "timestamp": "2025-01-01T00:00:00"}`, `{"ID": "a", "timestamp": "2025-01-01T00:00:00"}`,
		`{"id": "a", "timestamp": "2025-01-01T00:00:00", "links": [{"source": "a", "target": "b", "relation": "BRANCHES"}, 5, {"x": 1}]}`,
		`{"id": "a", "timestamp": "2025-01-01T00:00:00", "links": [{"relation": "NOPE"}]}`,
		`{"id": "a", "timestamp": "2025-01-01T00:00:00", "stimulus": {"kind": 1, "content": 2}, "response": {"success": 1}}`,
		`{"id": "a", "timestamp": "2025-01-01T00:00:00", "umwelt": {"trust_level": 99999999999999999999}}`,
		`{"id": "a", "timestamp": "2025-01-01T00:00:00", "umwelt": {"trust_level": -0}}`,
		`{"id": "a\u0000\"\\", "timestamp": "2025-01-01T00:00:00", "tags": ["\u00e9", "<&>"]}`,
		"", " ", "{", "[", "n", "null", "[1]", `"x"`, "1", "true", "{} x", `{"id": NaN}`, `{"id": "a", "metadata": {"s": -Infinity}}`,
		"{\n  \"id\": \"a\",\n  x}", `{"id" "a"}`, `{"id": "a",}`, "{\"id\": \"a\xff\", \"timestamp\": \"2025-01-01T00:00:00\"}",
		strings.Repeat("[", 10001)+strings.Repeat("]", 10001),
	)
	return ins
}

// goldenStoreInputs lists ReadStore inputs.
func goldenStoreInputs() []string {
	node := `{"id": "a", "timestamp": "2025-01-01T00:00:00", "metadata": {"f": 0.1}}`
	node2 := `{"id": "b", "timestamp": "2025-01-01T00:00:01", "links": [{"source": "b", "target": "a", "relation": "BRANCHES"}]}`
	return []string{
		`{"version": 1, "nodes": []}`, `{"version": 1, "nodes": [` + node + `, ` + node2 + `]}`, `{"version": 1, "nodes": [` + node2 + `]}`,
		`{"version": 1, "nodes": [` + node + `, ` + node + `]}`, `{"version": 1}`, `{"nodes": []}`, `{"version": null, "nodes": []}`,
		`{"version": 2, "nodes": []}`, `{"version": "1", "nodes": []}`, `{"version": 1.5, "nodes": []}`, `{"version": 1e0, "nodes": []}`,
		`{"version": 99999999999999999999, "nodes": []}`, `{"version": 1, "nodes": {}}`, `{"version": 1, "nodes": "x"}`,
		`{"version": 1, "nodes": null}`, `{"version": 1, "nodes": [1]}`, `{"version": 1, "nodes": [null]}`, `{"version": 1, "nodes": [{}]}`,
		`{"nodes": 5, "version": "x"}`, `{"VERSION": 1, "Nodes": []}`, `{"version": 1, "version": 2, "nodes": []}`,
		`{"version": 1, "nodes": [], "extra": {"a": 1}}`, `[]`, `"x"`, `1`, `true`, `null`, "", " ", "\n", "{", "[", "n", "{\"version\"",
		"{\"version\": 1, \"nodes\": []}\n{}", "{\n  \"version\": 1,\n  \"nodes\": [NaN]}", `{"version": 1, "nodes": [` + node + `]} `,
		`{"version": 1, "nodes": [{"id": "a", "timestamp": "2025-01-01T00:00:00", "phase": "NOPE"}]}`,
	}
}

// goldenMetadata lists metadata values given to New, for the encoder.
func goldenMetadata() []map[string]any {
	return []map[string]any{nil, {}, {"f": 1500.0, "g": 1e16, "h": 1e-7, "i": 0.1, "j": 0.0, "k": 123456789.125, "l": 1e15, "m": 1e-4},
		{"nan": math.NaN(), "inf": math.Inf(1), "ninf": math.Inf(-1), "f32": float32(0.1)},
		{"s": "<&>\u2028é\x00\xff", "n": nil, "b": true, "l": []any{1, "2", []int{3}}, "m": map[string]any{"z": 1, "a": map[string]int{"y": 2}}},
		{"big": uint64(1 << 63), "neg": int8(-3), "num": json.Number("1.50"), "t": time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC), "c": complex(1, 2), "st": struct{ A, b int }{1, 2}},
	}
}

func goldenTraceJSON() string {
	var b strings.Builder
	for _, in := range goldenNodeInputs() {
		fmt.Fprintf(&b, "ParseNode %q\n", in)
		n, err := ParseNode([]byte(in))
		if err != nil {
			fmt.Fprintf(&b, "  error %s\n", err)
			continue
		}
		out, err := n.MarshalJSON()
		fmt.Fprintf(&b, "  node %s %v\n", out, err)
	}
	for _, in := range goldenStoreInputs() {
		fmt.Fprintf(&b, "ReadStore %q\n", in)
		l, err := ReadStore(strings.NewReader(in))
		if err != nil {
			fmt.Fprintf(&b, "  error %s\n", err)
			continue
		}
		var out bytes.Buffer
		err = WriteStore(&out, l)
		fmt.Fprintf(&b, "  store %q %v\n", out.String(), err)
	}
	ts := time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC)
	for i, m := range goldenMetadata() {
		n := New(Fields{ID: fmt.Sprintf("m%d", i), Timestamp: ts, Metadata: m,
			Stimulus: NewStimulus("k", "<c>\b\f", "s", m), Links: []Link{NewLink("plans/p.md", "m", Fulfills, m)}})
		out, err := n.MarshalJSON()
		fmt.Fprintf(&b, "New metadata %d\n  node %s %v\n", i, out, err)
	}
	for _, ts := range []time.Time{ts, ts.Add(time.Microsecond), ts.Add(999), time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(0, 12, 31, 23, 59, 59, 999999000, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.FixedZone("x", 3600))} {
		out, err := New(Fields{ID: "t", Timestamp: ts}).MarshalJSON()
		fmt.Fprintf(&b, "New timestamp %s\n  node %s %v\n", ts, out, err)
	}
	return b.String()
}

// TestJSONGolden pins the messages of ParseNode's and ReadStore's errors for
// many malformed inputs, and the encodings of many nodes, byte for byte: the
// decoders and encoders were rewritten over internal/pyjson against this
// file. Rewrite it (-update-json-golden) only for a change meant to be seen.
func TestJSONGolden(t *testing.T) {
	golden.Check(t, "testdata/json_golden.txt", goldenTraceJSON(), *updateJSONGolden)
}

// benchStore is a store file of 100 nodes shaped like kgents' example, each
// linked to the one before.
func benchStore(b *testing.B) []byte {
	b.Helper()
	var sb strings.Builder
	sb.WriteString(`{"version": 1, "nodes": [`)
	for i := range 100 {
		if i > 0 {
			sb.WriteString(", ")
		}
		link := ""
		if i > 0 {
			link = fmt.Sprintf(`{"source": "n%d", "target": "n%d", "relation": "CONTINUES", "metadata": {"w": 0.5}}`, i-1, i)
		}
		fmt.Fprintf(&sb, `{"id": "n%d", "origin": "witness", "stimulus": {"kind": "git", "content": "Commit %d", "source": "git", "metadata": {}},
 "response": {"kind": "thought", "content": "Noticed", "success": true, "metadata": {"tags": ["git"], "score": 1e-07}},
 "umwelt": {"observer_id": "witness", "role": "witness", "capabilities": ["observe"], "perceptions": ["git"], "trust_level": 1},
 "links": [%s], "timestamp": "2025-12-20T14:%02d:%02d.123456", "phase": "SENSE", "walk_id": null, "tags": ["git", "x"], "metadata": {"k": %d, "f": 1500.0}}`,
			i, i, link, i/60, i%60, i)
	}
	sb.WriteString("]}")
	return []byte(sb.String())
}

func BenchmarkJSONParseNode(b *testing.B) {
	data := []byte(pythonExample)
	b.ReportAllocs()
	defer benchcpu.PerOp(b)()
	for b.Loop() {
		if _, err := ParseNode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONMarshalNode(b *testing.B) {
	n, err := ParseNode([]byte(pythonExample))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	defer benchcpu.PerOp(b)()
	for b.Loop() {
		if _, err := n.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONReadStore100(b *testing.B) {
	data := benchStore(b)
	b.ReportAllocs()
	defer benchcpu.PerOp(b)()
	for b.Loop() {
		if _, err := ReadStore(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONWriteStore100(b *testing.B) {
	l, err := ReadStore(bytes.NewReader(benchStore(b)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	defer benchcpu.PerOp(b)()
	for b.Loop() {
		if err := WriteStore(io.Discard, l); err != nil {
			b.Fatal(err)
		}
	}
}

// WriteStore writes node by node; its bytes are those of indenting the whole
// compact file at once, kgents' shape, for any number of nodes.
func TestWriteStoreStreamsTheIndentedFile(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for _, n := range []int{0, 1, 2, 300} {
		l := buildLedger(t, randomNodes(rng, n))
		var got bytes.Buffer
		if err := WriteStore(&got, l); err != nil {
			t.Fatal(err)
		}
		compact := []byte(`{"version":1,"nodes":[`)
		i := 0
		for node := range l.All() {
			if i > 0 {
				compact = append(compact, ',')
			}
			i++
			b, err := node.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			compact = append(compact, b...)
		}
		compact = append(compact, "]}"...)
		var want bytes.Buffer
		if err := json.Indent(&want, compact, "", "  "); err != nil {
			t.Fatal(err)
		}
		want.WriteByte('\n')
		if got.String() != want.String() {
			t.Fatalf("%d nodes: WriteStore wrote\n%.300s\nwant\n%.300s", n, got.String(), want.String())
		}
	}
}
