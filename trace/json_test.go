package trace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
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
