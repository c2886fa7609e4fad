package trace

import (
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"time"
)

// TraceNode is one immutable record of an action. Get one from [New],
// [FromThought], [FromAgentese] or [ParseNode]; the zero TraceNode is not a
// node. Every getter returns a copy, so a node can be shared between
// goroutines and ledgers.
//
// Timestamps are naive, as in kgents: a node keeps the wall-clock reading of
// the time it was given (in that time's zone), with microsecond precision, and
// [TraceNode.Timestamp] returns that reading in time.UTC. A node given no time
// gets the current one, made strictly later than the last node so stamped in
// the process: causality refuses a link between equal timestamps, and Go
// builds many nodes within one microsecond.
//
// Metadata values live in the JSON data model: nil, bool, json.Number,
// string, []any and map[string]any. A number with a fraction or an exponent
// is kept as Python's json writes it (1e-07, 1500.0), so that a node survives
// a round trip through kgents' store file with its digest unchanged. Values
// JSON cannot hold are stored as their fmt.Sprint text, as kgents stringifies
// them when it saves.
type TraceNode struct {
	id, origin string
	ctx        *nodeContext // shared by nodes built with the default context
	links      []Link
	ts         int64       // naive wall clock, microseconds since 1970-01-01T00:00:00
	ext        *nodeExtras // shared by nodes with none of its fields set (noExtras)
}

// nodeExtras holds a node's fields that most nodes leave empty or repeat
// from the node before: 72 bytes that such a node does not carry itself. A
// ledger read from disk gives consecutive nodes with the same extras one
// copy (arena.extras). Nothing changes extras once a node points to them.
type nodeExtras struct {
	phase  Phase
	walkID string
	tags   []string
	meta   string
}

// noExtras is the extras of every node built with none of them.
var noExtras nodeExtras

// extrasOf returns extras holding e: noExtras if e is empty, otherwise a
// copy.
func extrasOf(e *nodeExtras) *nodeExtras {
	if e.empty() {
		return &noExtras
	}
	c := new(nodeExtras)
	*c = *e
	return c
}

// extras returns n's extras; the zero TraceNode, which has none, reads as
// having none set.
func (n *TraceNode) extras() *nodeExtras {
	if n.ext == nil {
		return &noExtras
	}
	return n.ext
}

func (e *nodeExtras) empty() bool {
	return e.phase == "" && e.walkID == "" && len(e.tags) == 0 && e.meta == ""
}

// nodeContext is what a node's observer saw and did; nodes built with the
// defaults share one. The stimulus and the umwelt are pointers so that
// nodes can share them while their responses differ: a ledger read from
// disk gives consecutive nodes with the same stimulus or umwelt one copy of
// it (arena.context), and nodes with the same whole context one context.
// Nothing changes a context once a node points to it.
type nodeContext struct {
	stimulus *Stimulus
	umwelt   *Umwelt
	response Response
}

var defaultContext = nodeContext{stimulus: &defaultStimulus, response: defaultResponse, umwelt: &systemUmwelt}

// ownContext is the memory of a context with a stimulus and an umwelt of
// its own, allocated with the node that New builds.
type ownContext struct {
	ctx  nodeContext
	stim Stimulus
	umw  Umwelt
}

// Fields are the inputs of [New]. A zero field takes kgents' default.
type Fields struct {
	ID        string         // "" → a fresh "trace-" + 12 hex digits
	Origin    string         // "" → "unknown"
	Stimulus  Stimulus       // zero → kind "unknown", content ""
	Response  Response       // zero → kind "unknown", content "", success true
	Umwelt    Umwelt         // zero → SystemUmwelt()
	Links     []Link         // copied
	Timestamp time.Time      // zero → now, made later than the last node stamped so (causal chains in one µs)
	Phase     Phase          // "" → no phase
	WalkID    string         // "" → no walk
	Tags      []string       // copied, order kept
	Metadata  map[string]any // copied
}

// New returns a node built from f. It validates nothing, like kgents' node:
// the ledger checks a node when it is appended.
func New(f Fields) *TraceNode {
	custom := f.Stimulus.set || f.Response.set || f.Umwelt.set
	n, oc := allocNode(len(f.Links) == 1, custom)
	n.id, n.origin, n.ctx = f.ID, f.Origin, &defaultContext
	if custom {
		ctx := &oc.ctx
		*ctx = defaultContext
		if f.Stimulus.set {
			oc.stim = f.Stimulus
			ctx.stimulus = &oc.stim
		}
		if f.Response.set {
			ctx.response = f.Response
		}
		if f.Umwelt.set {
			oc.umw = f.Umwelt
			ctx.umwelt = &oc.umw
		}
		n.ctx = ctx
	}
	if n.id == "" {
		n.id = NewID()
	}
	if n.origin == "" {
		n.origin = "unknown"
	}
	if f.Timestamp.IsZero() {
		n.ts = nowMicros()
	} else {
		n.ts = naiveMicros(f.Timestamp)
	}
	switch {
	case len(f.Links) == 1:
		n.links[0] = f.Links[0]
	case len(f.Links) > 1:
		n.links = slices.Clone(f.Links)
	}
	var tags []string
	if len(f.Tags) > 0 {
		tags = slices.Clone(f.Tags)
	}
	n.ext = extrasOf(&nodeExtras{phase: f.Phase, walkID: f.WalkID, tags: tags, meta: canonicalMap(f.Metadata)})
	return n
}

// allocNode allocates a node together with room for its single link (then
// n.links is that room) and for its own context (then ctx is that room), so
// that a node is one allocation and what reading it touches is adjacent in
// memory: a ledger that appends a million prebuilt nodes takes a cache miss
// for each separate allocation it reads.
func allocNode(oneLink, withContext bool) (n *TraceNode, ctx *ownContext) {
	switch {
	case oneLink && withContext:
		a := new(struct {
			node TraceNode
			link [1]Link
			ctx  ownContext
		})
		a.node.links = a.link[:]
		return &a.node, &a.ctx
	case oneLink:
		a := new(struct {
			node TraceNode
			link [1]Link
		})
		a.node.links = a.link[:]
		return &a.node, nil
	case withContext:
		a := new(struct {
			node TraceNode
			ctx  ownContext
		})
		return &a.node, &a.ctx
	}
	return new(TraceNode), nil
}

const hexDigits = "0123456789abcdef"

// NewID returns a fresh kgents-style id: "trace-" followed by 12 random hex
// digits (48 bits, as kgents takes from a UUID4).
func NewID() string {
	var b [18]byte
	copy(b[:], "trace-")
	r := rand.Uint64()
	for i := 17; i >= 6; i-- {
		b[i] = hexDigits[r&15]
		r >>= 4
	}
	return string(b[:])
}

// naiveMicros returns the wall-clock reading of t in its own zone, in
// microseconds since 1970-01-01T00:00:00 of that reading (truncated).
// lastNow is the latest timestamp nowMicros has handed out.
var lastNow atomic.Int64

// nowMicros returns the current time in naive microseconds, made strictly
// later than any it returned before in this process. Timestamps have
// microsecond precision and causality refuses a link between equal ones,
// so without this a chain of nodes built in the same microsecond (common
// in Go, rare in Python) could not be appended. Under a sustained rate
// above one node per microsecond the stamps run ahead of the clock, by
// as much as the burst is dense; they never go backwards.
func nowMicros() int64 {
	ts := naiveMicros(time.Now())
	for {
		last := lastNow.Load()
		if ts <= last {
			ts = last + 1
		}
		if lastNow.CompareAndSwap(last, ts) {
			return ts
		}
	}
}

func naiveMicros(t time.Time) int64 {
	_, off := t.Zone()
	return floorMicros(t) + int64(off)*1e6
}

func floorMicros(t time.Time) int64 {
	s := t.Unix()
	return s*1e6 + int64(t.Nanosecond()/1e3)
}

func microsTime(us int64) time.Time { return time.UnixMicro(us).UTC() }

// FromThought is kgents' TraceNode.from_thought: stimulus
// StimulusFromEvent(source, "Event from SOURCE", source), response
// ThoughtResponse(content, tags), umwelt WitnessUmwelt(trust), tags as given.
// An empty origin is kgents' default "witness".
func FromThought(content, source, origin string, tags []string, trust TrustLevel, phase Phase) *TraceNode {
	if origin == "" {
		origin = "witness"
	}
	return New(Fields{
		Origin:   origin,
		Stimulus: StimulusFromEvent(source, "Event from "+source, source),
		Response: ThoughtResponse(content, tags),
		Umwelt:   WitnessUmwelt(trust),
		Phase:    phase,
		Tags:     tags,
	})
}

// FromAgentese is kgents' TraceNode.from_agentese: stimulus
// StimulusFromAgentese(path, aspect, extra), response
// ProjectionResponse("path.aspect", "cli"), node metadata {agentese_path,
// aspect} plus extra. An empty origin is kgents' default "logos"; a zero umwelt
// is SystemUmwelt(). (kgents also takes a response_content argument and
// ignores it; this function has none.)
func FromAgentese(path, aspect, origin string, umwelt Umwelt, phase Phase, extra map[string]any) *TraceNode {
	if origin == "" {
		origin = "logos"
	}
	m := make(map[string]any, len(extra)+2)
	for k, v := range extra {
		m[k] = v
	}
	m["agentese_path"], m["aspect"] = path, aspect
	return New(Fields{
		Origin:   origin,
		Stimulus: StimulusFromAgentese(path, aspect, extra),
		Response: ProjectionResponse(path+"."+aspect, "cli"),
		Umwelt:   umwelt,
		Phase:    phase,
		Metadata: m,
	})
}

// WithLink returns a copy of n with l appended to its links. The id and the
// timestamp are kept.
func (n *TraceNode) WithLink(l Link) *TraceNode {
	c := *n
	c.links = make([]Link, len(n.links), len(n.links)+1)
	copy(c.links, n.links)
	c.links = append(c.links, l)
	return &c
}

// ID returns the node's id.
func (n *TraceNode) ID() string { return n.id }

// Origin returns the jewel or agent that emitted the node.
func (n *TraceNode) Origin() string { return n.origin }

// Stimulus returns what triggered the node.
func (n *TraceNode) Stimulus() Stimulus { return *n.ctx.stimulus }

// Response returns what the node produced.
func (n *TraceNode) Response() Response { return n.ctx.response }

// Umwelt returns what the observer could see and do.
func (n *TraceNode) Umwelt() Umwelt { return *n.ctx.umwelt }

// Links returns a copy of the node's links, in order.
func (n *TraceNode) Links() []Link { return slices.Clone(n.links) }

// NumLinks returns the number of links without copying them.
func (n *TraceNode) NumLinks() int { return len(n.links) }

// Link returns the i-th link.
func (n *TraceNode) Link(i int) Link { return n.links[i] }

// Timestamp returns the naive wall-clock time of the node, in time.UTC.
func (n *TraceNode) Timestamp() time.Time { return microsTime(n.ts) }

// Phase returns the node's phase, "" for none.
func (n *TraceNode) Phase() Phase { return n.extras().phase }

// WalkID returns the node's walk, "" for none.
func (n *TraceNode) WalkID() string { return n.extras().walkID }

// Tags returns a copy of the node's tags, in order.
func (n *TraceNode) Tags() []string { return slices.Clone(n.extras().tags) }

// HasTag reports whether t is one of the node's tags.
func (n *TraceNode) HasTag(t string) bool { return slices.Contains(n.extras().tags, t) }

// Metadata returns a fresh copy of the node's metadata.
func (n *TraceNode) Metadata() map[string]any { return decodeMap(n.extras().meta) }

// Equal reports whether n and m have equal fields (kgents' dataclass equality).
func (n *TraceNode) Equal(m *TraceNode) bool {
	if n == m {
		return true
	}
	if n == nil || m == nil {
		return false
	}
	return string(appendRecord(nil, n)) == string(appendRecord(nil, m))
}
