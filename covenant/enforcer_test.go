package covenant_test

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kgents/kgents-core/covenant"
)

// fakeClock is a clock tests move by hand; safe for concurrent use.
type fakeClock struct{ ns atomic.Int64 }

func (c *fakeClock) Now() time.Time          { return t0.Add(time.Duration(c.ns.Load())) }
func (c *fakeClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

func newEnforcer(t testing.TB, c covenant.Covenant, opts ...covenant.EnforcerOption) *covenant.Enforcer {
	t.Helper()
	e, err := covenant.NewEnforcer(c, opts...)
	if err != nil {
		t.Fatalf("NewEnforcer: %v", err)
	}
	return e
}

func gate(trigger string, threshold int, timeout time.Duration, fb covenant.Fallback) covenant.ReviewGate {
	return covenant.ReviewGate{Trigger: trigger, Threshold: threshold, Timeout: timeout, Fallback: fb}
}

func TestCheckOrderActiveThenPermissionThenGate(t *testing.T) {
	clk := &fakeClock{}
	c := mustPropose(t, []string{"git_push"}, covenant.WithGates(gate("git_push", 2, time.Hour, covenant.Deny), gate("rm", 1, time.Hour, covenant.Deny)),
		covenant.WithExpiry(t0.Add(time.Hour)))
	e := newEnforcer(t, c, covenant.WithClock(clk.Now))

	// Not granted: denied before the permission is looked at, nothing counted.
	if err := e.Check("nope"); !errors.Is(err, covenant.ErrNotGranted) || errors.Is(err, covenant.ErrNotPermitted) {
		t.Fatalf("proposed: %v, want ErrNotGranted (status), not ErrNotPermitted", err)
	}
	if err := e.Check("git_push"); !errors.Is(err, covenant.ErrNotGranted) {
		t.Fatalf("proposed: %v", err)
	}
	if st, _ := e.Gate("git_push"); st.Count != 0 {
		t.Fatalf("an inactive check was counted: %+v", st)
	}
	if err := e.Grant("kent"); err != nil {
		t.Fatal(err)
	}
	// A gated but not permitted operation is denied and not counted.
	for range 3 {
		if err := e.Check("rm"); !errors.Is(err, covenant.ErrNotPermitted) {
			t.Fatalf("rm: %v, want ErrNotPermitted", err)
		}
	}
	if st, _ := e.Gate("rm"); st.Count != 0 || st.Pending {
		t.Fatalf("a non-permitted check was counted: %+v", st)
	}
	if err := e.Check("git_push"); err != nil {
		t.Fatalf("first push: %v", err)
	}
	if err := e.Check("git_push"); !errors.Is(err, covenant.ErrGateTriggered) {
		t.Fatalf("second push: %v, want ErrGateTriggered", err)
	}
	// Expiry beats the gate.
	clk.Advance(time.Hour + time.Microsecond)
	if err := e.Check("git_push"); !errors.Is(err, covenant.ErrExpired) {
		t.Fatalf("after expiry: %v", err)
	}
	if st, _ := e.Gate("git_push"); st.Count != 2 {
		t.Fatalf("count %d after an expired check, want 2", st.Count)
	}
}

func TestGateKeepsFiringUntilApproved(t *testing.T) {
	clk := &fakeClock{}
	c := mustGranted(t, []string{"git_push", "file_read"}, covenant.WithGates(gate("git_push", 3, time.Hour, covenant.Deny)))
	e := newEnforcer(t, c, covenant.WithClock(clk.Now))
	want := []bool{true, true, false, false, false}
	for round := range 2 {
		for i, ok := range want {
			err := e.Check("git_push")
			if (err == nil) != ok {
				t.Fatalf("round %d call %d: %v, want allowed=%v", round, i+1, err, ok)
			}
			if err != nil {
				var ce *covenant.Error
				g, hasGate := covenant.ReviewGate{}, false
				if errors.As(err, &ce) {
					g, hasGate = ce.Gate()
				}
				if !errors.Is(err, covenant.ErrGateTriggered) || !hasGate || g.Trigger != "git_push" || err.Error() != "covenant "+string(c.ID())+": Review gate triggered: git_push" {
					t.Fatalf("round %d call %d: %v, want GateTriggered carrying the gate", round, i+1, err)
				}
			}
		}
		st, _ := e.Gate("git_push")
		if !st.Pending || st.Count != 5 || !st.TriggeredAt.Equal(clk.Now()) {
			t.Fatalf("state %+v", st)
		}
		clk.Advance(time.Minute)
		if err := e.Approve("git_push"); err != nil {
			t.Fatal(err)
		}
		if st, _ := e.Gate("git_push"); st.Pending || st.Count != 0 || !st.ReviewedAt.Equal(clk.Now()) {
			t.Fatalf("after approve %+v", st)
		}
	}
	// Ungated permitted operations are unlimited.
	for i := range 10_000 {
		if err := e.Check("file_read"); err != nil {
			t.Fatalf("ungated call %d: %v", i, err)
		}
	}
	if err := e.Approve("file_read"); !errors.Is(err, covenant.ErrUnknownGate) {
		t.Errorf("approve of an ungated op: %v", err)
	}
	if _, ok := e.Gate("file_read"); ok {
		t.Error("Gate reports a gate for an ungated op")
	}
}

func TestGateThresholdZeroAndOneTriggerOnFirstCall(t *testing.T) {
	for _, th := range []int{0, 1} {
		e := newEnforcer(t, mustGranted(t, []string{"op"}, covenant.WithGates(gate("op", th, time.Hour, covenant.Deny))))
		if err := e.Check("op"); !errors.Is(err, covenant.ErrGateTriggered) {
			t.Errorf("threshold %d: first call %v", th, err)
		}
	}
}

func TestGateTimeoutFallbacks(t *testing.T) {
	const timeout = 10 * time.Second
	for _, tc := range []struct {
		fb covenant.Fallback
		// outcome of the checks at 0 s, 5 s, 10 s, 11 s, 15 s, 20 s, 21 s after the trigger
		want []error
	}{
		{covenant.Deny, []error{covenant.ErrGateTriggered, covenant.ErrGateTriggered, covenant.ErrGateTimedOut,
			covenant.ErrGateTimedOut, covenant.ErrGateTimedOut, covenant.ErrGateTimedOut, covenant.ErrGateTimedOut}},
		{covenant.Escalate, []error{covenant.ErrGateTriggered, covenant.ErrGateTriggered, covenant.ErrGateEscalated,
			covenant.ErrGateEscalated, covenant.ErrGateEscalated, covenant.ErrGateEscalated, covenant.ErrGateEscalated}},
		// One check per timeout window: allowed at 10 s, then the window restarts.
		{covenant.AllowLimited, []error{covenant.ErrGateTriggered, covenant.ErrGateTriggered, nil,
			covenant.ErrGateTriggered, covenant.ErrGateTriggered, nil, covenant.ErrGateTriggered}},
	} {
		t.Run(tc.fb.String(), func(t *testing.T) {
			clk := &fakeClock{}
			e := newEnforcer(t, mustGranted(t, []string{"op"}, covenant.WithGates(gate("op", 1, timeout, tc.fb))), covenant.WithClock(clk.Now))
			at := []time.Duration{0, 5, 10, 11, 15, 20, 21}
			var prev time.Duration
			for i, s := range at {
				clk.Advance(s*time.Second - prev)
				prev = s * time.Second
				err := e.Check("op")
				want := tc.want[i]
				if want == nil && err != nil || want != nil && !errors.Is(err, want) {
					t.Fatalf("check at %v: %v, want %v", s*time.Second, err, want)
				}
				// The specific timeout kinds are not the plain "pending" one.
				if want == covenant.ErrGateTriggered && (errors.Is(err, covenant.ErrGateTimedOut) || errors.Is(err, covenant.ErrGateEscalated)) {
					t.Fatalf("check at %v: %v is a timeout before the timeout", s*time.Second, err)
				}
			}
			// Approval ends the fallback.
			if err := e.Approve("op"); err != nil {
				t.Fatal(err)
			}
			if st, _ := e.Gate("op"); st.Pending {
				t.Fatal("pending after approval")
			}
		})
	}
}

func TestRevocationTakesEffectOnNextCheck(t *testing.T) {
	e := newEnforcer(t, mustGranted(t, []string{"op"}))
	var wg sync.WaitGroup
	var revoked atomic.Bool
	var lateAllows atomic.Int64
	stop := make(chan struct{})
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				after := revoked.Load() // read before the check starts
				if err := e.Check("op"); err == nil && after {
					lateAllows.Add(1)
				} else if err != nil && !errors.Is(err, covenant.ErrRevoked) {
					t.Errorf("unexpected %v", err)
				}
			}
		}()
	}
	time.Sleep(5 * time.Millisecond)
	if err := e.Revoke("kent", "compromised"); err != nil {
		t.Fatal(err)
	}
	revoked.Store(true)
	time.Sleep(5 * time.Millisecond)
	close(stop)
	wg.Wait()
	if n := lateAllows.Load(); n != 0 {
		t.Fatalf("%d checks started after Revoke returned were allowed", n)
	}
	err := e.Check("op")
	if !errors.Is(err, covenant.ErrRevoked) || e.Covenant().Status() != covenant.Revoked {
		t.Fatalf("after revoke: %v", err)
	}
	if err := e.Revoke("kent", "again"); !errors.Is(err, covenant.ErrTransition) {
		t.Errorf("second revoke: %v", err)
	}
}

func TestExpiryTakesEffectOnNextCheck(t *testing.T) {
	clk := &fakeClock{}
	e := newEnforcer(t, mustGranted(t, []string{"op"}, covenant.WithExpiry(t0.Add(time.Minute))), covenant.WithClock(clk.Now))
	clk.Advance(time.Minute)
	if err := e.Check("op"); err != nil {
		t.Fatalf("at the expiry instant: %v", err)
	}
	clk.Advance(time.Nanosecond)
	if err := e.Check("op"); !errors.Is(err, covenant.ErrExpired) {
		t.Fatalf("after expiry: %v", err)
	}
	if _, err := e.Reserve(covenant.Amounts{Tokens: 1}); !errors.Is(err, covenant.ErrExpired) {
		t.Fatalf("reserve after expiry: %v", err)
	}
}

func TestUpdateKeepsIdentityAndTerms(t *testing.T) {
	c := mustPropose(t, []string{"op"})
	e := newEnforcer(t, c)
	if _, err := e.Update(func(covenant.Covenant) (covenant.Covenant, error) { return mustPropose(t, []string{"op"}), nil }); !errors.Is(err, covenant.ErrInvalid) {
		t.Errorf("another id: %v", err)
	}
	if _, err := e.Update(func(c covenant.Covenant) (covenant.Covenant, error) { return c.Amend(t0, []string{"x"}, nil) }); !errors.Is(err, covenant.ErrInvalid) {
		t.Errorf("amend through Update: %v", err)
	}
	sentinel := errors.New("no")
	if _, err := e.Update(func(covenant.Covenant) (covenant.Covenant, error) { return covenant.Covenant{}, sentinel }); err != sentinel {
		t.Errorf("fn error not returned as is: %v", err)
	}
	neg, err := e.Update(func(c covenant.Covenant) (covenant.Covenant, error) { return c.Negotiate() })
	if err != nil || neg.Status() != covenant.Negotiating || e.Covenant().Status() != covenant.Negotiating {
		t.Fatalf("negotiate through Update: %v %v", neg.Status(), err)
	}
	if err := e.Grant("kent"); err != nil || e.Check("op") != nil {
		t.Fatalf("grant through the enforcer: %v", err)
	}
}

// Concurrent updates are linearised: of many concurrent grants exactly one
// wins and the others see the granted state and fail.
func TestUpdateConcurrentGrantsOneWins(t *testing.T) {
	e := newEnforcer(t, mustPropose(t, []string{"op"}))
	var wins atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := e.Grant("kent"); err == nil {
				wins.Add(1)
			} else if !errors.Is(err, covenant.ErrTransition) {
				t.Errorf("grant: %v", err)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d grants won, want 1", wins.Load())
	}
}

func TestGateCountingUnderConcurrency(t *testing.T) {
	const threshold, goroutines, each = 100, 16, 50
	e := newEnforcer(t, mustGranted(t, []string{"op"}, covenant.WithGates(gate("op", threshold, time.Hour, covenant.Deny))))
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if e.Check("op") == nil {
					allowed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if allowed.Load() != threshold-1 {
		t.Fatalf("%d checks allowed, want exactly threshold-1 = %d", allowed.Load(), threshold-1)
	}
	if st, _ := e.Gate("op"); st.Count != goroutines*each || !st.Pending {
		t.Fatalf("state %+v", st)
	}
}

func TestCheckHandle(t *testing.T) {
	e := newEnforcer(t, mustGranted(t, nil, covenant.WithScope("time.*")))
	if err := e.CheckHandle("time.now"); err != nil {
		t.Error(err)
	}
	err := e.CheckHandle("time")
	if !errors.Is(err, covenant.ErrHandleNotInScope) || err.Error() == "" {
		t.Errorf("time: %v", err)
	}
	var ce *covenant.Error
	if errors.As(err, &ce); ce.Op() != "time" {
		t.Errorf("error names %q", ce.Op())
	}
	if err := e.Revoke("k", ""); err != nil {
		t.Fatal(err)
	}
	if err := e.CheckHandle("time.now"); !errors.Is(err, covenant.ErrRevoked) {
		t.Errorf("after revoke: %v", err)
	}
}

func TestEverythingExceptPermissions(t *testing.T) {
	c, err := mustGranted(t, []string{"a"}).Attenuate(t0) // no-op attenuation keeps {a}
	if err != nil || !c.HasPermission("a") {
		t.Fatal(err)
	}
	top, _ := decode(t, `{"id": "c", "status": "GRANTED", "all_permissions_except": ["rm"], "review_gates": [{"trigger": "deploy", "threshold": 2}]}`)
	e := newEnforcer(t, top)
	if err := e.Check("anything"); err != nil {
		t.Error(err)
	}
	if err := e.Check("rm"); !errors.Is(err, covenant.ErrNotPermitted) {
		t.Errorf("rm: %v", err)
	}
	if e.Check("deploy") != nil || !errors.Is(e.Check("deploy"), covenant.ErrGateTriggered) {
		t.Error("a gate on an implicitly permitted op is not counted")
	}
}

func TestNewEnforcerRejectsZeroCovenant(t *testing.T) {
	if _, err := covenant.NewEnforcer(covenant.Covenant{}); !errors.Is(err, covenant.ErrInvalid) {
		t.Errorf("zero covenant: %v", err)
	}
}

// The hot path allocates nothing: a permitted check, gated or not, and the
// prebuilt denials.
func TestCheckAllocatesNothing(t *testing.T) {
	c := mustGranted(t, []string{"read", "push"}, covenant.WithGates(gate("push", 1<<30, time.Hour, covenant.Deny)),
		covenant.WithExpiry(t0.Add(1000*time.Hour)))
	clk := &fakeClock{}
	e := newEnforcer(t, c, covenant.WithClock(clk.Now))
	trig := newEnforcer(t, mustGranted(t, []string{"op"}, covenant.WithGates(gate("op", 0, time.Hour, covenant.Deny))))
	revoked := newEnforcer(t, mustGranted(t, []string{"op"}))
	if err := revoked.Revoke("k", "r"); err != nil {
		t.Fatal(err)
	}
	plain := newEnforcer(t, mustGranted(t, []string{"read"}))
	for name, f := range map[string]func() error{
		"permitted ungated":            func() error { return plain.Check("read") },
		"permitted ungated, expiring":  func() error { return e.Check("read") },
		"permitted gated":              func() error { return e.Check("push") },
		"gate triggered (denied)":      func() error { _ = trig.Check("op"); return nil },
		"revoked (denied)":             func() error { _ = revoked.Check("op"); return nil },
		"handle in unrestricted scope": func() error { return plain.CheckHandle("x.y") },
	} {
		var err error
		if n := testing.AllocsPerRun(1000, func() { err = f() }); n != 0 {
			t.Errorf("%s: %v allocs per check, want 0", name, n)
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Approvals racing with checks: between two approvals a gate lets at most
// threshold-1 checks through, so over the run allowed <= (approvals+1) *
// (threshold-1), however the calls interleave.
func TestGateApprovalsRacingChecks(t *testing.T) {
	const threshold = 5
	e := newEnforcer(t, mustGranted(t, []string{"op"}, covenant.WithGates(gate("op", threshold, time.Hour, covenant.Deny))))
	var allowed, approvals atomic.Int64
	var checkers, approver sync.WaitGroup
	for range 8 {
		checkers.Add(1)
		go func() {
			defer checkers.Done()
			for i := 0; approvals.Load() < 50 && i < 100_000; i++ {
				if e.Check("op") == nil {
					allowed.Add(1)
				}
				if i%64 == 0 {
					runtime.Gosched() // let the approver in
				}
			}
		}()
	}
	stop := make(chan struct{})
	approver.Add(1)
	go func() {
		defer approver.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if st, _ := e.Gate("op"); st.Pending {
				if err := e.Approve("op"); err != nil {
					t.Error(err)
				}
				approvals.Add(1)
			}
			runtime.Gosched()
		}
	}()
	checkers.Wait()
	close(stop)
	approver.Wait()
	if max := (approvals.Load() + 1) * (threshold - 1); allowed.Load() > max {
		t.Fatalf("%d checks allowed with %d approvals, at most %d possible", allowed.Load(), approvals.Load(), max)
	}
	if approvals.Load() == 0 {
		t.Fatal("the approver never saw the gate pending")
	}
}
