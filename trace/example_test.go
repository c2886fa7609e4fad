package trace_test

import (
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kgents/kgents-core/trace"
)

func ExampleNew() {
	t0 := time.Date(2025, 12, 20, 14, 42, 20, 0, time.UTC)
	n := trace.New(trace.Fields{
		ID:        "trace-0a1b2c3d4e5f",
		Origin:    "witness",
		Stimulus:  trace.StimulusFromEvent("git", "Commit 9f2e", "git"),
		Response:  trace.ThoughtResponse("Noticed commit 9f2e", []string{"git"}),
		Umwelt:    trace.WitnessUmwelt(trace.TrustBounded),
		Timestamp: t0,
		Phase:     trace.PhaseCrossSynergize,
		Links:     []trace.Link{trace.NewLink("plans/warp-servo-phase1.md", "trace-0a1b2c3d4e5f", trace.Fulfills, nil)},
	})
	b, _ := n.MarshalJSON()
	fmt.Println(string(b))
	// Output:
	// {"id":"trace-0a1b2c3d4e5f","origin":"witness","stimulus":{"kind":"git","content":"Commit 9f2e","source":"git","metadata":{}},"response":{"kind":"thought","content":"Noticed commit 9f2e","success":true,"metadata":{"tags":["git"]}},"umwelt":{"observer_id":"witness","role":"witness","capabilities":["observe","write_kgents"],"perceptions":["agentese","ci","filesystem","git","tests"],"trust_level":1},"links":[{"source":"plans/warp-servo-phase1.md","target":"trace-0a1b2c3d4e5f","relation":"FULFILLS","metadata":{}}],"timestamp":"2025-12-20T14:42:20","phase":"CROSS-SYNERGIZE","walk_id":null,"tags":[],"metadata":{}}
}

func ExampleLedger() {
	t0 := time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC)
	l := trace.NewLedger()
	add := func(id string, minute int, origin string, from ...string) error {
		var links []trace.Link
		for _, src := range from {
			links = append(links, trace.NewLink(src, id, trace.Causes, nil))
		}
		return l.Append(trace.New(trace.Fields{ID: id, Origin: origin, Links: links,
			Timestamp: t0.Add(time.Duration(minute) * time.Minute)}))
	}
	for _, err := range []error{
		add("sense", 0, "witness"),
		add("plan", 1, "brain", "sense"),
		add("act", 2, "logos", "plan"),
		add("review", 3, "witness", "act", "sense"),
	} {
		if err != nil {
			log.Fatal(err)
		}
	}

	// Causality is checked on append: a node must be later than its causes.
	err := add("too-early", 0, "logos", "act")
	var cv *trace.CausalityViolationError
	fmt.Println(errors.As(err, &cv), cv.SourceID, cv.TargetID)

	for _, n := range l.Query(trace.Query{Origins: []string{"witness"}, After: t0}) {
		fmt.Println("witness after t0:", n.ID())
	}
	for _, n := range l.Ancestors("review", 0) {
		fmt.Println("ancestor of review:", n.ID())
	}
	for _, n := range l.Effects("sense") {
		fmt.Println("effect of sense:", n.ID())
	}
	// Output:
	// true act too-early
	// witness after t0: review
	// ancestor of review: act
	// ancestor of review: sense
	// ancestor of review: plan
	// effect of sense: plan
	// effect of sense: review
}

func ExampleOpen() {
	dir, err := os.MkdirTemp("", "ledger")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "witness")

	d, err := trace.Open(path, nil) // fsync before every acknowledgement
	if err != nil {
		log.Fatal(err)
	}
	t0 := time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC)
	a := trace.New(trace.Fields{ID: "a", Timestamp: t0})
	b := trace.New(trace.Fields{ID: "b", Timestamp: t0.Add(time.Second),
		Links: []trace.Link{trace.NewLink("a", "b", trace.Continues, nil)}})
	for _, n := range []*trace.TraceNode{a, b} {
		if err := d.Append(n); err != nil { // durable when it returns
			log.Fatal(err)
		}
	}
	head := d.Head()
	if err := d.Close(); err != nil {
		log.Fatal(err)
	}

	d, err = trace.Open(path, nil)
	if err != nil {
		log.Fatal(err) // a *trace.CorruptError names segment, offset and seq
	}
	defer d.Close()
	fmt.Println(d.Len(), d.Head() == head, d.Recovery().TornTail)
	fmt.Println(d.Continuations("a")[0].ID())
	fmt.Println(d.Verify())
	// Output:
	// 2 true false
	// b
	// <nil>
}

func ExampleReadStore() {
	file := `{"version": 1, "nodes": [
	  {"id": "trace-1", "timestamp": "2025-12-20T12:00:00"},
	  {"id": "trace-2", "timestamp": "2025-12-20T12:00:01.5",
	   "links": [{"source": "trace-1", "target": "trace-2", "relation": "CAUSE"}]}]}`
	_, err := trace.ReadStore(strings.NewReader(file))
	fmt.Println(err)
	// Output:
	// trace: node "trace-2" (nodes[1]): field links[0].relation: unknown value "CAUSE"
}

func ExampleUnion() {
	t0 := time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC)
	shared := trace.New(trace.Fields{ID: "plan-review", Origin: "witness", Timestamp: t0})
	alice, bob := trace.NewLedger(), trace.NewLedger()
	for _, step := range []struct {
		l *trace.Ledger
		n *trace.TraceNode
	}{
		{alice, shared},
		{bob, shared},
		{alice, trace.New(trace.Fields{ID: "alice-fix", Origin: "alice", Timestamp: t0.Add(2 * time.Second),
			Links: []trace.Link{trace.NewLink("plan-review", "alice-fix", trace.Causes, nil)}})},
		{bob, trace.New(trace.Fields{ID: "bob-test", Origin: "bob", Timestamp: t0.Add(time.Second),
			Links: []trace.Link{trace.NewLink("plan-review", "bob-test", trace.Causes, nil)}})},
	} {
		if err := step.l.Append(step.n); err != nil {
			log.Fatal(err)
		}
	}
	merged, err := trace.Union(alice, bob)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(merged.IDs()) // every node once, by time then id
	other, _ := trace.Union(bob, alice)
	fmt.Println(other.Head() == merged.Head())

	_, err = trace.Concat(alice, bob) // both hold plan-review
	fmt.Println(errors.Is(err, trace.ErrDuplicateTrace))
	// Output:
	// [plan-review bob-test alice-fix]
	// true
	// true
}

// A checkpoint kept apart from the ledger finds what recovery alone cannot:
// a ledger cut back at a batch boundary, rolled back, or rewritten.
func ExampleLedger_Checkpoint() {
	t0 := time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC)
	l := trace.NewLedger()
	for i := range 3 {
		id := fmt.Sprint("trace-", i)
		if err := l.Append(trace.New(trace.Fields{ID: id, Timestamp: t0.Add(time.Duration(i) * time.Minute)})); err != nil {
			log.Fatal(err)
		}
	}
	text, _ := l.Checkpoint().MarshalText() // keep this elsewhere
	fmt.Println(strings.Fields(string(text))[:2])

	var c trace.Checkpoint
	if err := c.UnmarshalText(text); err != nil {
		log.Fatal(err)
	}
	fmt.Println(l.VerifyCheckpoint(c)) // the ledger extends the checkpoint

	short := trace.NewLedger() // the same history, cut after two nodes
	for n := range l.All() {
		if short.Len() < 2 {
			_ = short.Append(n)
		}
	}
	err := short.VerifyCheckpoint(c)
	var ce *trace.CheckpointError
	fmt.Println(errors.As(err, &ce), ce.Truncated, ce.Seq)
	// Output:
	// [kgents-trace-checkpoint/1 3]
	// <nil>
	// true true 3
}

// AppendAll appends nodes that link to each other in one call, all or
// none: a refused node refuses the call, and the error names it.
func ExampleLedger_AppendAll() {
	t0 := time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC)
	node := func(id string, minute int, from string) *trace.TraceNode {
		f := trace.Fields{ID: id, Timestamp: t0.Add(time.Duration(minute) * time.Minute)}
		if from != "" {
			f.Links = []trace.Link{trace.NewLink(from, id, trace.Causes, nil)}
		}
		return trace.New(f)
	}
	l := trace.NewLedger()
	err := l.AppendAll([]*trace.TraceNode{node("a", 0, ""), node("b", 1, "a"), node("c", 2, "b")})
	fmt.Println(err, l.IDs())

	err = l.AppendAll([]*trace.TraceNode{node("d", 3, "c"), node("e", 4, "nowhere")})
	fmt.Println(errors.Is(err, trace.ErrTraceNotFound), l.Len())
	fmt.Println(err)
	// Output:
	// <nil> [a b c]
	// true 3
	// trace: append all: node 1 of 2: trace: node "e" links[0]: source trace "nowhere" not found
}
