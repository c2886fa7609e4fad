package tracelog_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kgents/kgents-core/covenant"
	"github.com/kgents/kgents-core/covenant/tracelog"
	"github.com/kgents/kgents-core/trace"
)

var t0 = time.Date(2025, 12, 20, 10, 0, 0, 0, time.UTC)

type clock struct{ ns atomic.Int64 }

func (c *clock) Now() time.Time { return t0.Add(time.Duration(c.ns.Load())) }

func enforcer(t *testing.T, rec covenant.Recorder, clk *clock) *covenant.Enforcer {
	t.Helper()
	c, err := covenant.Propose([]string{"read", "push"}, covenant.WithCreatedAt(t0),
		covenant.WithGates(covenant.ReviewGate{Trigger: "push", Threshold: 2, Timeout: time.Minute}),
		covenant.WithBudget(covenant.Unlimited().With(covenant.Tokens, 100)))
	if err == nil {
		c, err = c.Grant("kent", t0)
	}
	if err != nil {
		t.Fatal(err)
	}
	e, err := covenant.NewEnforcer(c, covenant.WithRecorder(rec), covenant.WithClock(clk.Now), covenant.WithHoldTTL(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func byKind(l *trace.Ledger) map[string][]*trace.TraceNode {
	out := map[string][]*trace.TraceNode{}
	for _, n := range l.Nodes() {
		out[n.Response().Kind()] = append(out[n.Response().Kind()], n)
	}
	return out
}

func TestEveryDecisionBecomesANode(t *testing.T) {
	ledger := trace.NewLedger()
	clk := &clock{}
	log := tracelog.New(ledger, tracelog.WithClock(clk.Now))
	e := enforcer(t, log, clk)

	_ = e.Check("read")                             // allow
	_ = e.Check("rm")                               // deny: not permitted
	_ = e.Check("push")                             // allow (count 1)
	_ = e.Check("push")                             // gate_trigger
	_ = e.Approve("push")                           // gate_approve
	h, _ := e.Reserve(covenant.Amounts{Tokens: 60}) // reserve
	_, _ = e.Reserve(covenant.Amounts{Tokens: 60})  // reserve_deny
	_ = e.Commit(h, covenant.Amounts{Tokens: 50})   // commit
	h2, _ := e.Reserve(covenant.Amounts{Tokens: 10})
	_ = e.Release(h2) // release
	h3, _ := e.Reserve(covenant.Amounts{Tokens: 5})
	clk.ns.Add(int64(2 * time.Second))
	_ = e.Commit(h3, covenant.Amounts{}) // hold_expire
	_ = e.CheckHandle("any")             // allow (unrestricted scope)

	if n, err := log.Err(); err != nil {
		t.Fatalf("%d appends failed, first: %v", n, err)
	}
	got := byKind(ledger)
	for kind, want := range map[string]int{"allow": 3, "deny": 1, "gate_trigger": 1, "gate_approve": 1,
		"reserve": 3, "reserve_deny": 1, "commit": 1, "release": 1, "hold_expire": 1} {
		if len(got[kind]) != want {
			t.Errorf("%d %q nodes, want %d", len(got[kind]), kind, want)
		}
	}
	deny := got["deny"][0]
	if deny.Response().Success() || deny.Stimulus().Content() != "rm" || deny.Metadata()["error_kind"] != "not_permitted" ||
		!deny.HasTag("covenant") || deny.Origin() != "covenant" {
		t.Errorf("deny node: %v %v", deny.Response(), deny.Metadata())
	}
	trig := got["gate_trigger"][0]
	if trig.Metadata()["error_kind"] != "gate_triggered" || trig.Stimulus().Content() != "push" {
		t.Errorf("gate node: %v", trig.Metadata())
	}
	commit := got["commit"][0]
	if commit.NumLinks() != 1 || commit.Link(0).Source() != got["reserve"][0].ID() || commit.Link(0).Relation() != trace.Causes {
		t.Errorf("commit does not link to its reserve: %v", commit.Links())
	}
	if !commit.Timestamp().After(got["reserve"][0].Timestamp()) {
		t.Error("commit not strictly after its reserve")
	}
	if got["release"][0].Link(0).Source() != got["reserve"][1].ID() || got["hold_expire"][0].Link(0).Source() != got["reserve"][2].ID() {
		t.Error("release or expiry not linked to its reserve")
	}
}

type failing struct{}

func (failing) Append(*trace.TraceNode) error { return errors.New("disk full") }

func TestAppendErrorsAreKeptNotFatal(t *testing.T) {
	log := tracelog.New(failing{})
	e := enforcer(t, log, &clock{})
	if err := e.Check("read"); err != nil {
		t.Fatalf("a failing log must not deny: %v", err)
	}
	_ = e.Check("read")
	n, err := log.Err()
	if err == nil || n != 2 {
		t.Fatalf("Err() = %v, %d", err, n)
	}
}

func TestConcurrentRecording(t *testing.T) {
	ledger := trace.NewLedger()
	log := tracelog.New(ledger)
	e := enforcer(t, log, &clock{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				_ = e.Check("read")
				if h, err := e.Reserve(covenant.Amounts{Tokens: 1}); err == nil {
					_ = e.Commit(h, covenant.Amounts{Tokens: 1})
				}
			}
		}()
	}
	wg.Wait()
	if n, err := log.Err(); err != nil {
		t.Fatalf("%d appends failed: %v", n, err)
	}
	got := byKind(ledger)
	if len(got["allow"]) != 400 || len(got["commit"])+len(got["reserve_deny"]) != 400 || len(got["commit"]) != 100 {
		t.Fatalf("allow %d commit %d reserve_deny %d", len(got["allow"]), len(got["commit"]), len(got["reserve_deny"]))
	}
	for _, c := range got["commit"] {
		if c.NumLinks() != 1 {
			t.Fatal("a commit lost its link")
		}
	}
}

// Decisions of an Enforcer land in a trace ledger as nodes tagged with
// their kind.
func Example() {
	ledger := trace.NewLedger()
	log := tracelog.New(ledger)

	c, _ := covenant.Propose([]string{"file_read"}, covenant.WithID("covenant-7c1d2e3f4a5b"))
	c, _ = c.Grant("kent", time.Now())
	enf, _ := covenant.NewEnforcer(c, covenant.WithRecorder(log))
	_ = enf.Check("file_read")
	_ = enf.Check("git_push")

	for _, n := range ledger.Nodes() {
		fmt.Println(n.Tags(), n.Stimulus().Content(), n.Response().Success(), n.Metadata()["error_kind"])
	}
	// Output:
	// [covenant allow] file_read true <nil>
	// [covenant deny] git_push false not_permitted
}

// The decision log on: every permitted check appends a node to an
// in-memory ledger. Compare with covenant's BenchmarkCheckPermittedUngated
// (log off: no allocation).
func BenchmarkCheckWithDecisionLog(b *testing.B) {
	c, _ := covenant.Propose([]string{"file_read"})
	c, _ = c.Grant("kent", time.Now())
	enf, _ := covenant.NewEnforcer(c, covenant.WithRecorder(tracelog.New(trace.NewLedger())))
	b.ReportAllocs()
	for b.Loop() {
		if err := enf.Check("file_read"); err != nil {
			b.Fatal(err)
		}
	}
}
