// Package tracelog keeps the decision log of a covenant.Enforcer in a
// trace ledger: every allow, deny, gate trigger and budget movement becomes a
// trace.TraceNode.
//
//	log := tracelog.New(ledger)
//	enf, err := covenant.NewEnforcer(c, covenant.WithRecorder(log))
//
// The log is off unless an Enforcer is given a Recorder, and costs nothing
// then. With it on, each decision builds and appends one node, microseconds
// rather than nanoseconds: turn it on where the record is worth that.
//
// # Nodes
//
// A decision becomes a node with origin "covenant", the system umwelt, the
// tags "covenant" and the decision kind ("allow", "deny", "gate_trigger",
// "fallback_allow", "gate_approve", "reserve", "reserve_deny", "commit",
// "release", "hold_expire"), and:
//
//	stimulus  kind "covenant.check" (or "covenant.budget"), content the
//	          operation or handle, source the covenant id
//	response  kind the decision kind, content the error message or the
//	          amounts, success true unless the decision is a denial
//	metadata  covenant, decision, op, error_kind (the leaf error), and for
//	          budget decisions hold (its sequence number) and the non-zero
//	          amounts by dimension (time in nanoseconds, capital and entropy
//	          in micro-units)
//
// The commit, release or expiry of a hold links (CAUSES) to the node of its
// reserve, so the ledger's navigation walks a hold's life. Such a node is
// stamped at least one microsecond after its cause, as the ledger's
// causality rule requires. (When another goroutine's sweep expires a hold
// before the reserve's own decision is recorded, the expiry node has no
// link.)
package tracelog

import (
	"errors"
	"sync"
	"time"

	"github.com/kgents/kgents-core/covenant"
	"github.com/kgents/kgents-core/trace"
)

// Ledger is where nodes go: *trace.Ledger and *trace.DurableLedger both
// fit.
type Ledger interface {
	Append(*trace.TraceNode) error
}

// Recorder is a covenant.Recorder that appends to a Ledger. It is safe for
// concurrent use.
type Recorder struct {
	ledger Ledger
	now    func() time.Time

	mu     sync.Mutex
	holds  map[holdKey]reserveNode // open holds: the node of their reserve
	err    error                   // first append error
	failed int
}

type holdKey struct {
	covenant covenant.ID
	seq      uint64
}

type reserveNode struct {
	id string
	ts time.Time
}

// Option configures New.
type Option func(*Recorder)

// WithClock stamps nodes with now() instead of time.Now(); use the
// Enforcer's clock.
func WithClock(now func() time.Time) Option { return func(r *Recorder) { r.now = now } }

// New returns a Recorder appending to l.
func New(l Ledger, opts ...Option) *Recorder {
	r := &Recorder{ledger: l, now: time.Now, holds: map[holdKey]reserveNode{}}
	for _, opt := range opts {
		opt(r)
	}
	return r
}

// Err returns how many appends failed and the first error an append
// returned. Record cannot return errors (an Enforcer does not stop deciding
// because its log failed); check Err where losing log entries matters.
func (r *Recorder) Err() (failed int, first error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed, r.err
}

var dimensions = []covenant.Dimension{covenant.Tokens, covenant.Operations, covenant.Time, covenant.Capital, covenant.Entropy}

// Record appends the node of d to the ledger.
func (r *Recorder) Record(d covenant.Decision) {
	kind := d.Kind.String()
	budget := d.Kind >= covenant.Reserved
	meta := map[string]any{"covenant": string(d.Covenant), "decision": kind}
	stimulusKind, content := "covenant.check", ""
	if d.Op != "" {
		meta["op"] = d.Op
	}
	if budget {
		stimulusKind = "covenant.budget"
		if d.Hold != 0 {
			meta["hold"] = d.Hold
		}
		for _, dim := range dimensions {
			if n := d.Amounts.Get(dim); n != 0 {
				meta[dim.String()] = n
			}
		}
		content = d.Amounts.String()
	}
	success := d.Err == nil
	if d.Err != nil {
		content = d.Err.Error()
		var ce *covenant.Error
		if errors.As(d.Err, &ce) {
			meta["error_kind"] = errorKind(ce)
		}
	}
	f := trace.Fields{
		Origin:    "covenant",
		Stimulus:  trace.NewStimulus(stimulusKind, d.Op, string(d.Covenant), nil),
		Response:  trace.NewResponse(kind, content, success, nil),
		Umwelt:    trace.SystemUmwelt(),
		Timestamp: r.now(),
		Tags:      []string{"covenant", kind},
		Metadata:  meta,
	}
	key := holdKey{d.Covenant, d.Hold}

	r.mu.Lock()
	defer r.mu.Unlock()
	if budget && d.Kind != covenant.Reserved && d.Kind != covenant.ReserveDenied {
		cause, ok := r.holds[key]
		switch {
		case !ok:
			// The settlement overtook the reserve's own Record (an expiry
			// swept by another goroutine); leave a tombstone for it.
			r.holds[key] = reserveNode{}
		default:
			delete(r.holds, key)
			f.Links = []trace.Link{trace.NewLink(cause.id, "", trace.Causes, nil)}
			if min := cause.ts.Add(time.Microsecond); f.Timestamp.Before(min) {
				f.Timestamp = min
			}
		}
	}
	if d.Kind == covenant.Reserved {
		if tomb, ok := r.holds[key]; ok && tomb.id == "" {
			delete(r.holds, key) // already settled: nothing will link to it
			key = holdKey{}
		}
	}
	n := trace.New(f)
	if err := r.ledger.Append(n); err != nil {
		if r.err == nil {
			r.err = err
		}
		r.failed++
		return
	}
	if d.Kind == covenant.Reserved && key != (holdKey{}) {
		r.holds[key] = reserveNode{id: n.ID(), ts: n.Timestamp()}
	}
}

// errorKind names the leaf kind of a covenant error, e.g. "revoked".
func errorKind(e *covenant.Error) string {
	for _, k := range []struct {
		err  error
		name string
	}{
		{covenant.ErrNotPermitted, "not_permitted"}, {covenant.ErrNotGranted, "not_granted"},
		{covenant.ErrRevoked, "revoked"}, {covenant.ErrExpired, "expired"},
		{covenant.ErrGateTimedOut, "gate_timed_out"}, {covenant.ErrGateEscalated, "gate_escalated"},
		{covenant.ErrGateTriggered, "gate_triggered"}, {covenant.ErrHandleNotInScope, "handle_not_in_scope"},
		{covenant.ErrExceedsHold, "exceeds_hold"}, {covenant.ErrBudgetExceeded, "budget_exceeded"},
		{covenant.ErrNegative, "negative"}, {covenant.ErrHold, "hold"}, {covenant.ErrInvalid, "invalid"},
	} {
		if e.Kind() == k.err || errors.Is(e.Kind(), k.err) {
			return k.name
		}
	}
	return "covenant"
}
