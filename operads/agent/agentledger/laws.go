package agentledger

import (
	"fmt"
	"time"

	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/operads/agent"
	"github.com/kgents/kgents-core/operads/poly"
	"github.com/kgents/kgents-core/trace"
)

// LawSet returns the law that ties the agent operad to the ledger, for an
// implementation of trace:
//
//	trace_into_ledger  running trace(a) into a ledger gives a's outputs and
//	                   one node per step, each continuing the node before,
//	                   carrying the step's input, output and states, in a
//	                   ledger that verifies
//
// checked on generated agents and input sequences they accept, with a
// clock that never moves (the sink must still keep every node strictly
// later than the one before).
func LawSet(traceOp func(poly.Agent, agent.Sink) poly.Agent) laws.LawSet {
	frozen := time.Date(2025, 12, 20, 12, 0, 0, 0, time.UTC)
	return laws.NewLawSet("AgentLedger", nil,
		laws.Property("trace_into_ledger", "trace(a) into a ledger: a's outputs, one node per step, each continuing the one before", func(d *laws.Draws) error {
			x, y := laws.Draw(d, "X", agent.Types()), laws.Draw(d, "Y", agent.Types())
			a := laws.Draw(d, "a", agent.Agents(x, y))
			xs := laws.Draw(d, "inputs", agent.Inputs(a, x, agent.MaxInputs))
			l := trace.NewLedger()
			sink := New(l, Options{Clock: func() time.Time { return frozen }})
			got, err := traceOp(a, sink).Run(xs...)
			if err != nil {
				return fmt.Errorf("trace(a) failed on inputs a accepts: %v", err)
			}
			want, _ := a.Run(xs...)
			if len(got) != len(want) {
				return fmt.Errorf("outputs %v, a's %v", got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					return fmt.Errorf("outputs %v, a's %v", got, want)
				}
			}
			nodes := l.Nodes()
			if len(nodes) != len(xs) {
				return fmt.Errorf("%d steps, %d nodes", len(xs), len(nodes))
			}
			for i, n := range nodes {
				if n.Stimulus().Content() != xs[i].String() || n.Response().Content() != want[i].String() {
					return fmt.Errorf("node %d records %s -> %s, the step was %s -> %s", i, n.Stimulus().Content(), n.Response().Content(), xs[i], want[i])
				}
				switch {
				case i == 0 && n.NumLinks() != 0:
					return fmt.Errorf("the first node links %v", n.Links())
				case i > 0 && (n.NumLinks() != 1 || n.Link(0).Source() != nodes[i-1].ID() || n.Link(0).Relation() != trace.Continues):
					return fmt.Errorf("node %d links %v, want CONTINUES from %s", i, n.Links(), nodes[i-1].ID())
				}
			}
			if len(nodes) > 0 {
				if anc := l.Ancestors(nodes[len(nodes)-1].ID(), 0); len(anc) != len(nodes)-1 {
					return fmt.Errorf("the last node has %d ancestors, want %d", len(anc), len(nodes)-1)
				}
			}
			return l.Verify()
		}),
	)
}

func init() {
	laws.Register("agent_trace_into_ledger", LawSet(agent.Trace))
}
