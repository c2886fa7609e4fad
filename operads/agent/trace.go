package agent

import (
	"errors"
	"fmt"
	"sync"

	"github.com/kgents/kgents-core/operads/poly"
)

// A Step is one transition of a traced agent, as its [Sink] receives it.
type Step struct {
	// Agent is the traced agent's name (the inner agent of trace).
	Agent string
	// From and To are the states before and after; Input and Output what
	// went in and came out.
	From, Input, Output, To poly.Value
}

// String prints the step as "agent: from --input/output--> to".
func (s Step) String() string {
	return fmt.Sprintf("%s: %s --%s/%s--> %s", s.Agent, poly.Format(s.From), poly.Format(s.Input), poly.Format(s.Output), poly.Format(s.To))
}

// Sink receives the steps of traced agents, one call per step, in the
// order of the steps. Record must be safe for concurrent use if the traced
// agent is run from several goroutines. An error fails the step (the
// state does not move): a step that cannot be recorded is not taken.
type Sink interface {
	Record(Step) error
}

// ErrNoSink is returned by a step of an agent traced into a nil sink:
// recording into nothing is kgents' trace, which this one refuses to be.
var ErrNoSink = errors.New("agent: trace has no sink")

// Trace returns trace(a): the same positions, directions and outputs as a,
// and every step that succeeds is recorded into sink, once, before the
// step returns. A failing step (a rejection, a bound) records nothing.
func Trace(a poly.Agent, sink Sink) poly.Agent {
	var self poly.Agent
	self = poly.MustNew(poly.Spec{
		NameFunc:   func() string { return "trace(" + a.Name() + ")" },
		Positions:  a.Positions(),
		Initial:    a.Initial(),
		Directions: a.DirectionsIn,
		Step: func(s, x poly.Value) (poly.Value, poly.Value, error) {
			if sink == nil {
				return s, nil, fmt.Errorf("%s: %w", self.Name(), ErrNoSink)
			}
			next, out, err := a.Step(s, x)
			if err != nil {
				return s, nil, err
			}
			if err := sink.Record(Step{Agent: a.Name(), From: s, Input: x, Output: out, To: next}); err != nil {
				return s, nil, fmt.Errorf("%s: recording the step: %w", self.Name(), err)
			}
			return next, out, nil
		},
		Stateless:       a.Stateless(),
		PartsCheckInput: true,
	})
	return self
}

// Recorder is an in-memory [Sink]: it keeps every step, in order. It is
// safe for concurrent use.
type Recorder struct {
	mu    sync.Mutex
	steps []Step
}

// Record appends st.
func (r *Recorder) Record(st Step) error {
	r.mu.Lock()
	r.steps = append(r.steps, st)
	r.mu.Unlock()
	return nil
}

// Steps returns a copy of the steps recorded so far.
func (r *Recorder) Steps() []Step {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Step(nil), r.steps...)
}

// Len returns the number of steps recorded.
func (r *Recorder) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.steps)
}

// Counter is a [Sink] that counts steps and keeps nothing else, for
// traced agents in generated terms. It is safe for concurrent use.
type Counter struct {
	mu sync.Mutex
	n  int
}

// Record counts one step.
func (c *Counter) Record(Step) error {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return nil
}

// Len returns the number of steps counted.
func (c *Counter) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
