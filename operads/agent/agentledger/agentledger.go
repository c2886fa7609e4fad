// Package agentledger is where the agent operad meets the trace ledger: a
// Sink for agent.Trace that appends one trace.TraceNode per step of a
// traced agent to a ledger, each linked to the node of the step before
// (CONTINUES), so that a run of trace(a) is a causal chain the ledger can
// navigate (Ancestors, Continuations) and verify.
//
// It is a package of its own so that package agent depends on nothing but
// the Sink interface: agents can be traced into memory, a counter or a
// ledger, and only code that wants the ledger pays for importing it.
//
// Each node has origin Options.Origin (default "agent"); its stimulus is
// kind "agent_step", content the input in the term syntax, source the
// traced agent's name, metadata {"state": the state before}; its response
// is kind "agent_output", content the output, metadata {"next_state": the
// state after}; its timestamp is the clock's reading, moved forward by a
// microsecond when needed so that every node is strictly later than the one
// before (the ledger's causality rule).
//
// [LawSet] states this as a law over generated agents and inputs, and the
// package registers it for agent.Trace as agent_trace_into_ledger.
package agentledger

import (
	"fmt"
	"sync"
	"time"

	"github.com/kgents/kgents-core/operads/agent"
	"github.com/kgents/kgents-core/operads/poly"
	"github.com/kgents/kgents-core/trace"
)

// Appender is what the sink appends to: *trace.Ledger and
// *trace.DurableLedger both are.
type Appender interface {
	Append(*trace.TraceNode) error
}

// Options configure a Sink.
type Options struct {
	// Origin is the nodes' origin; "" means "agent".
	Origin string
	// WalkID, when not "", puts every node in that walk.
	WalkID string
	// Clock gives timestamps; nil means time.Now.
	Clock func() time.Time
	// After, when not "", is the id of a node the first step continues.
	After string
}

// Sink is an agent.Sink that appends each step to a ledger. It is safe for
// concurrent use; steps recorded concurrently are chained in the order the
// sink receives them.
type Sink struct {
	mu     sync.Mutex
	to     Appender
	opts   Options
	last   string
	lastTS time.Time
	n      int
}

var _ agent.Sink = (*Sink)(nil)

// New returns a sink appending to l.
func New(l Appender, opts Options) *Sink {
	if opts.Origin == "" {
		opts.Origin = "agent"
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	return &Sink{to: l, opts: opts, last: opts.After}
}

// Record appends the node of st, linked to the node of the step before. If
// the append fails (the ledger refuses it), the error is returned and the
// traced step fails with it; the chain is unchanged.
func (s *Sink) Record(st agent.Step) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.opts.Clock().Truncate(time.Microsecond)
	if !s.lastTS.IsZero() && !ts.After(s.lastTS) {
		ts = s.lastTS.Add(time.Microsecond)
	}
	id := trace.NewID()
	var links []trace.Link
	if s.last != "" {
		links = []trace.Link{trace.NewLink(s.last, id, trace.Continues, nil)}
	}
	n := trace.New(trace.Fields{
		ID:        id,
		Origin:    s.opts.Origin,
		Stimulus:  trace.NewStimulus("agent_step", poly.Format(st.Input), st.Agent, map[string]any{"state": poly.Format(st.From)}),
		Response:  trace.NewResponse("agent_output", poly.Format(st.Output), true, map[string]any{"next_state": poly.Format(st.To)}),
		Links:     links,
		Timestamp: ts,
		WalkID:    s.opts.WalkID,
	})
	if err := s.to.Append(n); err != nil {
		return fmt.Errorf("agentledger: step %d of %s: %w", s.n, st.Agent, err)
	}
	s.last, s.lastTS = id, ts
	s.n++
	return nil
}

// Last returns the id of the last node appended ("" before the first).
func (s *Sink) Last() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

// Len returns the number of steps recorded.
func (s *Sink) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}
