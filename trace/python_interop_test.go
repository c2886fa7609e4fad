package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// These tests run testdata/kgents_trace.py, kgents' TraceNode and store as
// docs/data-model.md and docs/ledger.md describe them, in CPython with the real datetime and json
// modules: the store file must survive Go → Python → Go, and Python's nodes
// must read in Go as Go's constructors build them. Each test starts one
// python3 process.

// runPython runs kgents_trace.py with args and returns its standard output.
// python3 is on every machine that runs the tests (README), so its absence is
// a failure, not a skip.
func runPython(t *testing.T, args ...string) []byte {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatalf("python3 not found on PATH (%v): this test runs kgents' to_dict/from_dict in CPython 3.11, "+
			"which every machine that runs the tests has; install python3", err)
	}
	cmd := exec.Command(py, append([]string{filepath.Join("testdata", "kgents_trace.py")}, args...)...)
	// A fixed hash seed makes Python's set order, and so its output, repeatable.
	cmd.Env = append(os.Environ(), "PYTHONHASHSEED=0", "PYTHONDONTWRITEBYTECODE=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("python3 kgents_trace.py %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.Bytes()
}

// diffNodes returns a readable difference between two nodes ("" if equal).
func diffNodes(want, got *TraceNode) string {
	if want.Equal(got) {
		return ""
	}
	w, werr := json.Marshal(want)
	g, gerr := json.Marshal(got)
	if werr != nil || gerr != nil {
		return fmt.Sprintf("unencodable: %v %v", werr, gerr)
	}
	decode := func(b []byte) (v any) {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber() // show numbers as written
		d.Decode(&v)
		return v
	}
	if d := cmp.Diff(decode(w), decode(g)); d != "" {
		return d
	}
	return fmt.Sprintf("unequal but encoded alike:\n%s", w)
}

// interopNodes covers what the store file can hold: every phase and no phase,
// every relation, plan and trace links (one with a target other than its
// node), timestamps with and without microseconds, unicode and escapes,
// nested metadata, sets of several members, every rung of the trust ladder,
// a failed response, repeated tags, custom ids and a node older than the one
// before it.
func interopNodes() []*TraceNode {
	base := time.Date(2025, 12, 20, 14, 42, 20, 0, time.UTC)
	tick := func(i int, us int) time.Time {
		return base.Add(time.Duration(i)*time.Second + time.Duration(us)*time.Microsecond)
	}
	var nodes []*TraceNode
	add := func(f Fields) *TraceNode {
		n := New(f)
		nodes = append(nodes, n)
		return n
	}
	root := add(Fields{ID: "trace-0a1b2c3d4e5f", Origin: "witness", Timestamp: tick(0, 0),
		Stimulus: StimulusFromEvent("git", "Commit 9f2e", "git"), Response: ThoughtResponse("Noticed commit 9f2e", []string{"git"}),
		Umwelt: WitnessUmwelt(TrustBounded), Phase: PhaseCrossSynergize, WalkID: "walk-5e6f7a8b9c0d", Tags: []string{"git"},
		Links:    []Link{NewLink("plans/warp-servo-phase1.md", "trace-0a1b2c3d4e5f", Fulfills, map[string]any{"chunk": "1.1"})},
		Metadata: map[string]any{"k": 1}})
	prev := root
	for i, p := range Phases() {
		us := []int{0, 1, 123456, 100000, 999999}[i%5]
		rel := LinkRelation(1 + i%4)
		n := add(Fields{ID: fmt.Sprintf("trace-%012x", 0xabc000+i), Origin: []string{"logos", "brain", "town"}[i%3],
			Timestamp: tick(i+1, us), Phase: p, WalkID: []string{"", "walk-a"}[i%2],
			Umwelt: WitnessUmwelt(TrustLevel(i % 4)), Tags: []string{"t", "git", "t"}[:i%4],
			Links: []Link{NewLink(prev.ID(), []string{"", "elsewhere"}[i%2]+prev.ID(), rel, map[string]any{"i": i}),
				NewLink(root.ID(), "x", Causes, nil), NewLink("notes.md", "y", rel, nil)}})
		prev = n
	}
	add(Fields{ID: "custom id: é 日本 😀", Origin: "ünïcode\u2028\"q\"\\", Timestamp: tick(30, 42),
		Stimulus: NewStimulus("prompt", "héllo\n\t\x01 😀", "user", map[string]any{"emoji": "😀", "quote": `"\`}),
		Response: ErrorResponse("boom: ✗"),
		Umwelt: NewUmwelt("dev", "developer", TrustSuggestion, []string{"write", "read", "execute", "deploy"},
			[]string{"git", "ci", "tests"}),
		Links: []Link{NewLink(prev.ID(), "custom id: é 日本 😀", Continues, nil)},
		Metadata: map[string]any{
			"nested": map[string]any{"list": []any{1, 2.5, nil, true, "x", map[string]any{"deep": []any{}}}, "empty": map[string]any{}},
			"big":    int64(1) << 60, "neg": -3, "float": 0.1, "tiny": 1e-7, "huge": 1e21, "zero": 0.0,
		}})
	add(Fields{ID: "older", Timestamp: tick(-3600, 7), Response: ProjectionResponse("world.house", "web"),
		Umwelt: NewUmwelt("", "", TrustReadOnly, nil, nil)})
	add(Fields{ID: "defaults", Timestamp: tick(31, 0)})
	return append(nodes, FromAgentese("self.memory", "manifest", "", WitnessUmwelt(TrustAutonomous), PhaseAct, map[string]any{"depth": 3}),
		FromThought("a thought", "git", "", []string{"b", "a"}, TrustReadOnly, ""))
}

// Go writes a store file, Python loads it with from_dict (checking that
// to_dict gives back exactly what Go wrote), saves it again with its own
// to_dict and json.dump, and Go reads back the very same nodes.
func TestPythonLoadsAndResavesGoStore(t *testing.T) {
	nodes := interopNodes()
	l := buildLedger(t, nodes)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "go.json"), filepath.Join(dir, "python.json")
	var buf bytes.Buffer
	if err := WriteStore(&buf, l); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	runPython(t, "roundtrip", in, out)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// Python's json.dump escapes non-ASCII; the file is not Go's bytes.
	if bytes.Equal(data, buf.Bytes()) || !bytes.Contains(data, []byte(`\ud83d\ude00`)) {
		t.Fatalf("python.json is not Python's own encoding:\n%.300s", data)
	}
	back, err := ReadStore(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Go cannot read the store Python saved: %v", err)
	}
	got := back.Nodes()
	if len(got) != len(nodes) {
		t.Fatalf("read %d nodes, want %d", len(got), len(nodes))
	}
	for i, want := range nodes {
		if d := diffNodes(want, got[i]); d != "" {
			t.Errorf("nodes[%d] %q changed through Python (-go +python):\n%s", i, want.ID(), d)
		}
	}
	if back.Head() != l.Head() {
		t.Errorf("chain head changed through Python: %v, want %v", back.Head(), l.Head())
	}
}

// restamp returns g with the id, timestamp and links Python gave its node:
// Go's constructors, like kgents', draw a fresh id and read the clock.
func restamp(g, py *TraceNode, links ...Link) *TraceNode {
	return New(Fields{ID: py.ID(), Origin: g.Origin(), Stimulus: g.Stimulus(), Response: g.Response(),
		Umwelt: g.Umwelt(), Links: links, Timestamp: py.Timestamp(), Phase: g.Phase(), WalkID: g.WalkID(),
		Tags: g.Tags(), Metadata: g.Metadata()})
}

// Python builds nodes with kgents' constructors and factories and saves them;
// Go reads each as its own constructors build it.
func TestGoReadsNodesPythonBuilt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "python.json")
	runPython(t, "build", path)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := ReadStore(f)
	if err != nil {
		t.Fatalf("Go cannot read the store Python built: %v", err)
	}
	py := l.Nodes()
	if len(py) != 9 {
		t.Fatalf("read %d nodes, want 9", len(py))
	}
	thought, agentese, prompt, event, def := py[0], py[1], py[2], py[3], py[4]
	for _, n := range []*TraceNode{thought, agentese, prompt, def} {
		if !idPattern.MatchString(n.ID()) {
			t.Errorf("Python's default id %q is not trace-<12 hex>", n.ID())
		}
	}

	ts := func(s, us int) time.Time { return time.Date(2025, 12, 20, 14, 42, s, us*1000, time.UTC) }
	want := []*TraceNode{
		restamp(FromThought("Noticed commit 9f2e", "git", "", []string{"git", "ci"}, TrustBounded, PhaseCrossSynergize), thought),
		restamp(FromAgentese("self.memory", "manifest", "", WitnessUmwelt(TrustSuggestion), PhaseAct,
			map[string]any{"depth": 3, "note": "naïve"}), agentese,
			NewLink(thought.ID(), agentese.ID(), Causes, map[string]any{"why": "commit"})),
		New(Fields{ID: prompt.ID(), Origin: "brain", Stimulus: StimulusFromPrompt("héllo 😀 \u2028 \"quoted\"", "user"),
			Response: ErrorResponse("boom"), Umwelt: SystemUmwelt(), Timestamp: ts(21, 1), Phase: PhasePlan,
			WalkID: "walk-5e6f7a8b9c0d", Tags: []string{"z", "a", "z"},
			Metadata: map[string]any{"nested": map[string]any{"list": []any{1, 2.5, nil, true, "x", map[string]any{"deep": []any{}}}},
				"big": int64(1) << 60},
			Links: []Link{NewLink("plans/warp-servo-phase1.md", prompt.ID(), Fulfills, map[string]any{"chunk": "1.1"}),
				NewLink(agentese.ID(), prompt.ID(), Continues, nil)}}),
		New(Fields{ID: "custom-id", Origin: "ci", Stimulus: StimulusFromEvent("ci", "build green", "github"),
			Response: ProjectionResponse("world.house", "web"), Umwelt: NewUmwelt("dev", "developer", TrustReadOnly, []string{"c", "a", "b"}, nil),
			Timestamp: ts(22, 500000), Links: []Link{NewLink(thought.ID(), "elsewhere", Branches, nil)}}),
		restamp(New(Fields{}), def),
	}
	for i := range 4 {
		want = append(want, restamp(New(Fields{Umwelt: WitnessUmwelt(TrustLevel(i))}), py[5+i]))
	}
	for i, w := range want {
		if d := diffNodes(w, py[i]); d != "" {
			t.Errorf("nodes[%d] %q: Python's node is not Go's (-go +python):\n%s", i, py[i].ID(), d)
		}
	}

	// The points where kgents' behaviour is easy to get wrong, spelled out.
	if !thought.Timestamp().Equal(ts(20, 123456)) || !agentese.Timestamp().Equal(ts(21, 0)) || !def.Timestamp().Equal(time.Date(2025, 12, 19, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("timestamps: %v %v %v", thought.Timestamp(), agentese.Timestamp(), def.Timestamp())
	}
	if thought.Phase() != PhaseCrossSynergize || thought.Stimulus().Content() != "Event from git" || thought.Umwelt().TrustLevel() != TrustBounded {
		t.Errorf("from_thought: phase %q, stimulus %q, trust %v", thought.Phase(), thought.Stimulus().Content(), thought.Umwelt().TrustLevel())
	}
	if r := agentese.Response(); r.Content() != "Projected self.memory.manifest to cli" || r.Kind() != "projection" {
		t.Errorf("from_agentese must ignore response_content: response %q %q", r.Kind(), r.Content())
	}
	if prompt.Response().Success() || prompt.WalkID() != "walk-5e6f7a8b9c0d" || !prompt.Link(0).IsPlan() || prompt.Link(1).Relation() != Continues {
		t.Errorf("prompt node: %+v", prompt)
	}
	if event.Umwelt().Role() != "developer" || !slices.Equal(event.Umwelt().Capabilities(), []string{"a", "b", "c"}) || event.Link(0).Target() != "elsewhere" {
		t.Errorf("custom node umwelt %+v, link target %q", event.Umwelt(), event.Link(0).Target())
	}
	if def.Origin() != "unknown" || def.Stimulus().Kind() != "unknown" || !def.Response().Success() || def.Umwelt().ObserverID() != "system" || def.Phase() != "" || def.WalkID() != "" {
		t.Errorf("defaults: %+v", def)
	}
	if got := ids(l.Causes(agentese.ID())); !slices.Equal(got, []string{thought.ID()}) {
		t.Errorf("Causes(agentese) = %v", got)
	}
}

// kgents' load validates nothing, so it reads store files that break the
// ledger's rules; ReadStore refuses each, naming the node and the field. A
// relation kgents does not know is refused by both.
func TestGoRefusesStoresPythonLoads(t *testing.T) {
	dir := t.TempDir()
	out := runPython(t, "bad", dir)
	loaded := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r struct {
			File   string
			Loaded int
			Error  string
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("python printed %q: %v", sc.Text(), err)
		}
		loaded[r.File] = fmt.Sprint(r.Loaded, r.Error)
	}
	for _, tc := range []struct {
		file, python string
		want         error
		mention      []string
	}{
		{"causality", "2", ErrCausalityViolation, []string{`nodes[1]`, `node "trace-bbbbbbbbbbbb" links[1]`, `2025-12-20T12:00:00`}},
		{"dangling", "2", ErrTraceNotFound, []string{`nodes[1]`, `node "trace-cccccccccccc" links[0]`, `"trace-000000000000" not found`}},
		{"duplicate", "2", ErrDuplicateTrace, []string{`nodes[1]`, `"trace-aaaaaaaaaaaa"`}},
		{"nan", "2", nil, []string{"line ", "NaN and Infinity"}},
		{"relation", "0KeyError 'CAUSE'", ErrUnknownValue, []string{`"trace-eeeeeeeeeeee" (nodes[1])`, `links[0].relation`, `"CAUSE"`}},
	} {
		if loaded[tc.file] != tc.python {
			t.Errorf("%s: python's load gave %q, want %q", tc.file, loaded[tc.file], tc.python)
		}
		data, err := os.ReadFile(filepath.Join(dir, tc.file+".json"))
		if err != nil {
			t.Fatal(err)
		}
		l, err := ReadStore(bytes.NewReader(data))
		if err == nil {
			t.Errorf("%s: ReadStore accepted %d nodes", tc.file, l.Len())
			continue
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v does not match %v", tc.file, err, tc.want)
		}
		for _, m := range tc.mention {
			if !strings.Contains(err.Error(), m) {
				t.Errorf("%s: %q does not mention %s", tc.file, err, m)
			}
		}
	}
}
