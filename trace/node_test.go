package trace

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"
)

var idPattern = regexp.MustCompile(`^trace-[0-9a-f]{12}$`)

func TestNewAppliesKgentsDefaults(t *testing.T) {
	before := time.Now()
	n := New(Fields{})
	after := time.Now()
	if !idPattern.MatchString(n.ID()) {
		t.Errorf("default id %q does not match trace-<12 hex>", n.ID())
	}
	if n.Origin() != "unknown" {
		t.Errorf("origin = %q, want unknown", n.Origin())
	}
	if s := n.Stimulus(); s.Kind() != "unknown" || s.Content() != "" || s.Source() != "" || len(s.Metadata()) != 0 {
		t.Errorf("stimulus = %+v, want kind unknown and empty content", s)
	}
	if r := n.Response(); r.Kind() != "unknown" || r.Content() != "" || !r.Success() {
		t.Errorf("response = %+v, want kind unknown, success", r)
	}
	u := n.Umwelt()
	if u.ObserverID() != "system" || u.Role() != "system" || u.TrustLevel() != TrustAutonomous ||
		!slices.Equal(u.Capabilities(), []string{"execute", "observe", "read", "write"}) ||
		!slices.Equal(u.Perceptions(), []string{"all"}) {
		t.Errorf("umwelt = %+v, want UmweltSnapshot.system()", u)
	}
	lo := time.UnixMicro(naiveMicros(before)).UTC()
	hi := time.UnixMicro(naiveMicros(after)).UTC()
	if ts := n.Timestamp(); ts.Before(lo) || ts.After(hi) || ts.Nanosecond()%1000 != 0 {
		t.Errorf("timestamp %v not the naive now in [%v, %v] at microsecond precision", ts, lo, hi)
	}
	if n.Phase() != "" || n.WalkID() != "" || n.Tags() != nil || n.NumLinks() != 0 || len(n.Metadata()) != 0 {
		t.Errorf("optional fields not empty: %+v", n)
	}
}

func TestNewIDsAreDistinct(t *testing.T) {
	seen := map[string]bool{}
	for range 20000 {
		id := NewID()
		if seen[id] || !idPattern.MatchString(id) {
			t.Fatalf("id %q repeated or malformed", id)
		}
		seen[id] = true
	}
}

func TestAnyStringIsAnID(t *testing.T) {
	for _, id := range []string{"custom", "", "trace-XYZ", "plans/x.md"} {
		n := New(Fields{ID: id})
		if id != "" && n.ID() != id {
			t.Errorf("id %q became %q", id, n.ID())
		}
	}
}

func TestTimestampsAreNaiveWallClock(t *testing.T) {
	zone := time.FixedZone("X", 5*3600)
	in := time.Date(2025, 12, 20, 14, 42, 20, 123456789, zone)
	n := New(Fields{Timestamp: in})
	want := time.Date(2025, 12, 20, 14, 42, 20, 123456000, time.UTC)
	if !n.Timestamp().Equal(want) || n.Timestamp().Location() != time.UTC {
		t.Fatalf("timestamp = %v, want the wall clock %v", n.Timestamp(), want)
	}
}

func TestNodesAreImmutable(t *testing.T) {
	meta := map[string]any{"k": []any{1, "a"}, "m": map[string]any{"x": 1}}
	tags := []string{"a", "b"}
	caps := []string{"write", "read"}
	links := []Link{NewLink("plans/p.md", "n", Fulfills, map[string]any{"chunk": "1.1"})}
	n := New(Fields{ID: "n", Tags: tags, Links: links, Metadata: meta,
		Umwelt: NewUmwelt("o", "developer", TrustBounded, caps, nil)})
	before, _ := n.MarshalJSON()

	meta["k"].([]any)[0] = 99
	meta["m"].(map[string]any)["x"] = 2
	meta["new"] = true
	tags[0] = "changed"
	caps[0] = "changed"
	links[0] = NewLink("x", "y", Causes, nil)

	m := n.Metadata()
	m["k"].([]any)[1] = "z"
	delete(m, "m")
	n.Tags()[0] = "changed"
	n.Links()[0] = Link{}
	n.Umwelt().Capabilities()[0] = "changed"
	n.Link(0).Metadata()["chunk"] = "2"

	after, _ := n.MarshalJSON()
	if string(before) != string(after) {
		t.Fatalf("node changed through a shared map or slice:\nbefore %s\nafter  %s", before, after)
	}
}

func TestWithLinkReturnsACopy(t *testing.T) {
	n := New(Fields{ID: "b"})
	m := n.WithLink(NewLink("a", "b", Causes, nil))
	m2 := m.WithLink(NewLink("c", "b", Branches, nil))
	if n.NumLinks() != 0 || m.NumLinks() != 1 || m2.NumLinks() != 2 {
		t.Fatalf("links: original %d, copy %d, copy of copy %d; want 0, 1, 2", n.NumLinks(), m.NumLinks(), m2.NumLinks())
	}
	if m.ID() != n.ID() || !m.Timestamp().Equal(n.Timestamp()) {
		t.Fatal("WithLink changed id or timestamp")
	}
	if m2.Link(1).Relation() != Branches || m2.Link(0).Source() != "a" {
		t.Fatal("WithLink lost or reordered links")
	}
}

func TestPhasesAndFamilies(t *testing.T) {
	if PhaseCrossSynergize != "CROSS-SYNERGIZE" {
		t.Fatal("CROSS_SYNERGIZE's value must have a hyphen")
	}
	want := map[Phase][]Phase{
		PhaseSense:   {PhaseSense, PhasePlan, PhaseResearch, PhaseDevelop, PhaseStrategize, PhaseCrossSynergize},
		PhaseAct:     {PhaseAct, PhaseImplement, PhaseQA, PhaseTest, PhaseEducate},
		PhaseReflect: {PhaseReflect, PhaseMeasure},
	}
	count := 0
	for fam, members := range want {
		for _, p := range members {
			count++
			if p.Family() != fam {
				t.Errorf("%s.Family() = %s, want %s", p, p.Family(), fam)
			}
			if q, err := ParsePhase(string(p)); err != nil || q != p {
				t.Errorf("ParsePhase(%q) = %q, %v", p, q, err)
			}
		}
	}
	if count != 13 || len(Phases()) != 13 {
		t.Fatalf("want 13 phases, have %d families members and %d phases", count, len(Phases()))
	}
	if _, err := ParsePhase("CROSS_SYNERGIZE"); err == nil {
		t.Error("ParsePhase accepted the name instead of the value")
	}
	for r := Causes; r <= Fulfills; r++ {
		if q, err := ParseLinkRelation(r.String()); err != nil || q != r {
			t.Errorf("relation %v does not round-trip", r)
		}
	}
}

func TestWitnessTrustLadder(t *testing.T) {
	want := [][]string{
		{"observe"},
		{"observe", "write_kgents"},
		{"observe", "suggest", "write_kgents"},
		{"execute", "observe", "suggest", "write_kgents"},
	}
	for lvl := TrustReadOnly; lvl <= TrustAutonomous; lvl++ {
		u := WitnessUmwelt(lvl)
		if !slices.Equal(u.Capabilities(), want[lvl]) {
			t.Errorf("witness(%d) capabilities = %v, want %v", lvl, u.Capabilities(), want[lvl])
		}
		if u.ObserverID() != "witness" || u.Role() != "witness" || u.TrustLevel() != lvl ||
			!slices.Equal(u.Perceptions(), []string{"agentese", "ci", "filesystem", "git", "tests"}) {
			t.Errorf("witness(%d) = %+v", lvl, u)
		}
	}
	if !WitnessUmwelt(TrustSuggestion).HasCapability("suggest") || WitnessUmwelt(TrustBounded).HasCapability("suggest") {
		t.Error("HasCapability disagrees with the ladder")
	}
}

func TestFromThought(t *testing.T) {
	n := FromThought("Noticed commit 9f2e", "git", "", []string{"git"}, TrustBounded, PhaseSense)
	if n.Origin() != "witness" || n.Phase() != PhaseSense || !slices.Equal(n.Tags(), []string{"git"}) {
		t.Fatalf("node fields wrong: %+v", n)
	}
	s := n.Stimulus()
	if s.Kind() != "git" || s.Content() != "Event from git" || s.Source() != "git" {
		t.Errorf("stimulus = %+v", s)
	}
	r := n.Response()
	if r.Kind() != "thought" || r.Content() != "Noticed commit 9f2e" || !r.Success() ||
		!reflect.DeepEqual(r.Metadata(), map[string]any{"tags": []any{"git"}}) {
		t.Errorf("response = %+v %v", r, r.Metadata())
	}
	if !reflect.DeepEqual(n.Umwelt(), WitnessUmwelt(TrustBounded)) {
		t.Errorf("umwelt = %+v, want witness(1)", n.Umwelt())
	}
}

func TestFromAgentese(t *testing.T) {
	n := FromAgentese("self.memory", "manifest", "", Umwelt{}, "", map[string]any{"k": "v"})
	if n.Origin() != "logos" || n.Umwelt().ObserverID() != "system" {
		t.Fatalf("defaults wrong: origin %q umwelt %q", n.Origin(), n.Umwelt().ObserverID())
	}
	s := n.Stimulus()
	if s.Kind() != "agentese" || s.Content() != "self.memory.manifest" || s.Source() != "agentese" ||
		!reflect.DeepEqual(s.Metadata(), map[string]any{"path": "self.memory", "aspect": "manifest", "k": "v"}) {
		t.Errorf("stimulus = %+v %v", s, s.Metadata())
	}
	r := n.Response()
	if r.Kind() != "projection" || r.Content() != "Projected self.memory.manifest to cli" ||
		!reflect.DeepEqual(r.Metadata(), map[string]any{"path": "self.memory.manifest", "target": "cli"}) {
		t.Errorf("response = %+v %v", r, r.Metadata())
	}
	if !reflect.DeepEqual(n.Metadata(), map[string]any{"agentese_path": "self.memory", "aspect": "manifest", "k": "v"}) {
		t.Errorf("metadata = %v", n.Metadata())
	}
	if e := ErrorResponse("boom"); e.Success() || e.Kind() != "error" || e.Content() != "boom" {
		t.Errorf("ErrorResponse = %+v", e)
	}
	if p := StimulusFromPrompt("hi", "user"); p.Kind() != "prompt" || p.Source() != "user" {
		t.Errorf("StimulusFromPrompt = %+v", p)
	}
}

func TestMetadataValueModel(t *testing.T) {
	type point struct{ X, Y int }
	n := New(Fields{Metadata: map[string]any{
		"int": 1, "big": int64(1) << 60, "float": 2.5, "nan": nilNaN(), "struct": point{1, 2},
		"strs": []string{"a"}, "ch": make(chan int),
	}})
	m := n.Metadata()
	if m["int"] != json.Number("1") || m["big"] != json.Number("1152921504606846976") || m["float"] != json.Number("2.5") {
		t.Errorf("numbers not kept exactly: %#v", m)
	}
	if m["nan"] != "NaN" {
		t.Errorf("NaN = %#v, want the string NaN", m["nan"])
	}
	if !reflect.DeepEqual(m["struct"], map[string]any{"X": json.Number("1"), "Y": json.Number("2")}) {
		t.Errorf("struct = %#v", m["struct"])
	}
	if !reflect.DeepEqual(m["strs"], []any{"a"}) {
		t.Errorf("[]string = %#v", m["strs"])
	}
	if s, ok := m["ch"].(string); !ok || s == "" {
		t.Errorf("a channel should be stringified, got %#v", m["ch"])
	}
}

func nilNaN() float64 { z := 0.0; return z / z }

// Numbers in metadata are kept as Python's json writes them, so that a node
// read back from a store file that kgents re-saved is equal to the node (and
// has the same digest). The table is CPython 3.11's json.dumps(json.loads(s)).
func TestMetadataNumbersAreWrittenAsPythonWritesThem(t *testing.T) {
	for _, tc := range []struct{ in, python string }{
		{"1e-7", "1e-07"}, {"1E5", "100000.0"}, {"0.1", "0.1"}, {"1.5e3", "1500.0"}, {"1e16", "1e+16"},
		{"1e15", "1000000000000000.0"}, {"0.0001", "0.0001"}, {"0.00001", "1e-05"}, {"-0.0", "-0.0"},
		{"2.50", "2.5"}, {"123", "123"}, {"12345678901234567890", "12345678901234567890"},
		{"1.7976931348623157e308", "1.7976931348623157e+308"}, {"5e-324", "5e-324"}, {"-1.5e-10", "-1.5e-10"},
		{"123456789.123456789", "123456789.12345679"}, {"1e22", "1e+22"}, {"0.5", "0.5"},
	} {
		n, err := ParseNode([]byte(`{"id": "n", "timestamp": "2025-12-20T12:00:00", "metadata": {"x": [` + tc.in + `]}}`))
		if err != nil {
			t.Fatal(err)
		}
		if got := n.Metadata()["x"].([]any)[0]; got != json.Number(tc.python) {
			t.Errorf("%s is kept as %v, Python writes %s", tc.in, got, tc.python)
		}
	}
	// Go's own float values too: encoding/json writes 1e-7, Python 1e-07.
	m := New(Fields{Metadata: map[string]any{"tiny": 1e-7, "half": 0.5}}).Metadata()
	if m["tiny"] != json.Number("1e-07") || m["half"] != json.Number("0.5") {
		t.Errorf("Go floats kept as %v", m)
	}
}

var nodeSink *TraceNode // makes New's result escape, as a real caller's does

// TestNewIsOneAllocation: a node is allocated with its single link and its
// own context, so that reading it touches one object (allocNode). Tags,
// metadata and several links add their own.
func TestNewIsOneAllocation(t *testing.T) {
	ts := time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC)
	link := []Link{NewLink("trace-000000000001", "trace-000000000002", Causes, nil)}
	resp := NewResponse("thought", "x", true, nil)
	for _, tc := range []struct {
		name string
		f    Fields
	}{
		{"defaults", Fields{ID: "a", Timestamp: ts}},
		{"one link", Fields{ID: "a", Timestamp: ts, Links: link}},
		{"own context", Fields{ID: "a", Timestamp: ts, Response: resp}},
		{"one link and own context", Fields{ID: "a", Timestamp: ts, Links: link, Response: resp}},
	} {
		if got := testing.AllocsPerRun(100, func() { nodeSink = New(tc.f) }); got != 1 {
			t.Errorf("%s: New allocates %v times, want 1", tc.name, got)
		}
		n := New(tc.f)
		if n.NumLinks() != len(tc.f.Links) || (len(tc.f.Links) == 1 && n.Link(0) != tc.f.Links[0]) {
			t.Errorf("%s: links %v, want %v", tc.name, n.Links(), tc.f.Links)
		}
		if got, want := n.Response(), tc.f.Response; tc.f.Response.set && got != want {
			t.Errorf("%s: response %v, want %v", tc.name, got, want)
		}
	}
}

// Nodes built without a timestamp, however fast, and from many goroutines,
// get strictly increasing timestamps, so a chain of them is causal.
func TestDefaultTimestampsIncrease(t *testing.T) {
	l := NewLedger()
	prev := ""
	for i := range 10_000 {
		f := Fields{ID: fmt.Sprintf("fast%d", i)}
		if prev != "" {
			f.Links = []Link{NewLink(prev, f.ID, Causes, nil)}
		}
		if err := l.Append(New(f)); err != nil {
			t.Fatalf("node %d: %v", i, err)
		}
		prev = f.ID
	}
	const g, per = 8, 2000
	stamps := make(chan []int64, g)
	for range g {
		go func() {
			s := make([]int64, per)
			for i := range s {
				s[i] = New(Fields{}).ts
			}
			stamps <- s
		}()
	}
	seen := map[int64]bool{}
	for range g {
		s := <-stamps
		for i, ts := range s {
			if i > 0 && ts <= s[i-1] {
				t.Fatalf("timestamps of one goroutine not increasing: %d after %d", ts, s[i-1])
			}
			if seen[ts] {
				t.Fatalf("timestamp %d given twice", ts)
			}
			seen[ts] = true
		}
	}
}

// The zero TraceNode is not a node (Append refuses it), but the getters of
// the fields most nodes leave empty read it as empty rather than panic.
func TestZeroNodeReadsAsHavingNoExtras(t *testing.T) {
	var n TraceNode
	if n.Phase() != "" || n.WalkID() != "" || n.Tags() != nil || n.HasTag("x") || len(n.Metadata()) != 0 {
		t.Fatalf("the zero node reads %q %q %v %v", n.Phase(), n.WalkID(), n.Tags(), n.Metadata())
	}
}
