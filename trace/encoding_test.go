package trace

import (
	"bytes"
	"testing"
	"unsafe"
)

// Records decoded one after another with one arena share a list (an
// observer's capabilities and perceptions, tags) equal to the last one of
// its kind decoded, and decode every other list, including one that matches
// that list only in part, as the bytes say.
func TestDecodeSharesEqualListsWithThePreviousNode(t *testing.T) {
	node := func(id string, tags ...string) *TraceNode {
		return New(Fields{ID: id, Timestamp: at(1), Umwelt: WitnessUmwelt(TrustBounded), Tags: tags})
	}
	nodes := []*TraceNode{
		node("a", "x", "y"),
		node("b", "x", "y"), // same tags: shared
		node("c", "x", "z"), // last tag differs
		node("d", "x"),      // shorter
		node("e"),           // none
		node("f", "x"),      // equal to the last tags decoded, d's: shared
		node("g", "x", "y"), // equal to a's, not the last: not shared
	}
	got := decodeThroughOneArena(t, nodes)
	same := func(a, b []string) bool { return len(a) > 0 && unsafe.SliceData(a) == unsafe.SliceData(b) }
	for i := 1; i < len(got); i++ {
		if !same(got[i].ctx.umwelt.caps, got[0].ctx.umwelt.caps) || !same(got[i].ctx.umwelt.percs, got[0].ctx.umwelt.percs) {
			t.Errorf("%s: the umwelt's sets are not shared", got[i].id)
		}
	}
	if !same(got[1].ext.tags, got[0].ext.tags) {
		t.Error("equal tags of consecutive nodes are not shared")
	}
	if !same(got[5].ext.tags, got[3].ext.tags) {
		t.Error("tags equal to the last ones decoded are not shared")
	}
	if same(got[2].ext.tags, got[1].ext.tags) || same(got[3].ext.tags, got[2].ext.tags) || same(got[6].ext.tags, got[0].ext.tags) {
		t.Error("tags shared with a node whose tags differ, or that are not the last ones decoded")
	}
}

// A list shared with the node before is known to be sorted only if it was
// checked and found sorted: a record whose unsorted capabilities equal the
// last (rejected) record's is rejected too.
func TestDecodeChecksSharedListsOnce(t *testing.T) {
	rec := func(id string, sorted bool, caps ...string) []byte {
		b := appendRecord(nil, New(Fields{ID: id, Timestamp: at(1),
			Umwelt: NewUmwelt("o", "r", TrustBounded, caps, []string{"p", "q"})}))
		if !sorted { // swap the two capabilities
			i := bytes.Index(b, []byte("\x02\x03cap\x03dog"))
			copy(b[i:], "\x02\x03dog\x03cap")
		}
		return b
	}
	records := []struct {
		b    []byte
		want bool
	}{
		{rec("a", true, "cap", "dog"), true},
		{rec("b", true, "cap", "dog"), true}, // shares a's list
		{rec("c", false, "cap", "dog"), false},
		{rec("d", false, "cap", "dog"), false}, // shares c's list
		{rec("e", true, "ant", "cap"), true},
		{rec("f", false, "cap", "dog"), false},
	}
	var ar arena
	for i, r := range records {
		n, err := decodeRecord(r.b, &ar)
		if (err == nil) != r.want {
			t.Fatalf("record %d: %v, %v; want accepted: %v", i, n, err, r.want)
		}
	}
}

// Records decoded one after another with one arena share the parts of the
// context that repeat the last node's: its stimulus, its umwelt, or the
// whole context; every decoded node still equals the one encoded.
func TestDecodeSharesTheContextOfThePreviousNode(t *testing.T) {
	stim := NewStimulus("event", "a push", "git", nil)
	resp := func(i int) Response { return NewResponse("thought", "x", true, map[string]any{"i": i}) }
	umw := WitnessUmwelt(TrustBounded)
	node := func(id string, s Stimulus, r Response, u Umwelt) *TraceNode {
		return New(Fields{ID: id, Timestamp: at(1), Stimulus: s, Response: r, Umwelt: u})
	}
	nodes := []*TraceNode{
		node("a", stim, resp(1), umw),
		node("b", stim, resp(2), umw),                                                  // another response: stimulus and umwelt shared
		node("c", stim, resp(2), umw),                                                  // the same context: shared whole
		node("d", NewStimulus("event", "a pull", "git", nil), resp(2), umw),            // another stimulus
		node("e", NewStimulus("event", "a pull", "git", nil), resp(2), SystemUmwelt()), // another umwelt
		node("f", NewStimulus("event", "a pull", "git", nil), NewResponse("thought", "x", false, map[string]any{"i": 2}), SystemUmwelt()),
	}
	got := decodeThroughOneArena(t, nodes)
	a, b, c, d, e, f := got[0].ctx, got[1].ctx, got[2].ctx, got[3].ctx, got[4].ctx, got[5].ctx
	if a == b || a.stimulus != b.stimulus || a.umwelt != b.umwelt {
		t.Error("b does not share a's stimulus and umwelt, or shares its response")
	}
	if c != b {
		t.Error("c does not share b's context")
	}
	if d == c || d.stimulus == c.stimulus || d.umwelt != c.umwelt {
		t.Error("d shares c's stimulus, or not its umwelt")
	}
	if e.stimulus != d.stimulus || e.umwelt == d.umwelt {
		t.Error("e shares d's umwelt, or not its stimulus")
	}
	if f == e || f.response.Success() || f.stimulus != e.stimulus || f.umwelt != e.umwelt {
		t.Error("f shares e's response (success differs), or not its stimulus and umwelt")
	}
}

// Records decoded one after another with one arena share their extras
// (phase, walk, tags, metadata) with the node before when they are the
// same, and nodes with none share noExtras, decoded or built.
func TestDecodeSharesTheExtrasOfThePreviousNode(t *testing.T) {
	node := func(id string, walk string, meta map[string]any, tags ...string) *TraceNode {
		return New(Fields{ID: id, Timestamp: at(1), WalkID: walk, Metadata: meta, Tags: tags})
	}
	nodes := []*TraceNode{
		node("a", "w", nil, "x"),
		node("b", "w", nil, "x"),                    // the same: shared
		node("c", "w", map[string]any{"k": 1}, "x"), // other metadata
		node("d", "v", map[string]any{"k": 1}, "x"), // another walk
		node("e", "", nil),                          // none
	}
	got := decodeThroughOneArena(t, nodes)
	if got[1].ext != got[0].ext {
		t.Error("b does not share a's extras")
	}
	if got[2].ext == got[1].ext || got[3].ext == got[2].ext {
		t.Error("extras shared between nodes whose metadata or walk differ")
	}
	if got[4].ext != &noExtras || nodes[4].ext != &noExtras {
		t.Error("a node with no extras, decoded or built, does not share noExtras")
	}
}

// decodeThroughOneArena encodes nodes and decodes them in order through
// one arena, as a ledger read from disk does, checking each against the
// node it came from.
func decodeThroughOneArena(t *testing.T, nodes []*TraceNode) []*TraceNode {
	t.Helper()
	var ar arena
	var got []*TraceNode
	for _, n := range nodes {
		d, err := decodeRecord(appendRecord(nil, n), &ar)
		if err != nil || !d.Equal(n) {
			t.Fatalf("%s: decoded %v, %v", n.id, d, err)
		}
		got = append(got, d)
	}
	return got
}
