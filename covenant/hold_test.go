package covenant_test

import (
	"errors"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kgents/kgents-core/covenant"
)

func budgetEnforcer(t testing.TB, b covenant.Budget, opts ...covenant.EnforcerOption) *covenant.Enforcer {
	t.Helper()
	return newEnforcer(t, mustGranted(t, []string{"op"}, covenant.WithBudget(b)), opts...)
}

func TestReserveCommitRelease(t *testing.T) {
	e := budgetEnforcer(t, covenant.Unlimited().With(covenant.Tokens, 1000).With(covenant.Capital, 5*covenant.Micro))
	h, err := e.Reserve(covenant.Amounts{Tokens: 600, Capital: 2 * covenant.Micro})
	if err != nil {
		t.Fatal(err)
	}
	u := e.Usage()
	if u.Held.Tokens != 600 || u.Committed.Tokens != 0 || u.Holds != 1 || u.Remaining().Tokens != 400 {
		t.Fatalf("after reserve: %+v", u)
	}
	if _, err := e.Reserve(covenant.Amounts{Tokens: 401}); !errors.Is(err, covenant.ErrBudgetExceeded) {
		t.Fatalf("reserve beyond the remainder: %v", err)
	}
	if err := e.Commit(h, covenant.Amounts{Tokens: 450, Capital: covenant.Micro}); err != nil {
		t.Fatal(err)
	}
	u = e.Usage()
	if u.Held != (covenant.Amounts{}) || u.Committed.Tokens != 450 || u.Committed.Capital != covenant.Micro || u.Holds != 0 {
		t.Fatalf("after commit: %+v", u)
	}
	if err := e.Commit(h, covenant.Amounts{}); !errors.Is(err, covenant.ErrHoldSettled) {
		t.Fatalf("second commit: %v, want ErrHoldSettled", err)
	}
	if err := e.Release(h); err != nil {
		t.Fatalf("release after commit must be a no-op: %v", err)
	}
	if e.Usage().Committed.Tokens != 450 {
		t.Fatal("release after commit changed the books")
	}
	// Exactly to the limit fits.
	h2, err := e.Reserve(covenant.Amounts{Tokens: 550})
	if err != nil {
		t.Fatalf("reserve of exactly the remainder: %v", err)
	}
	for range 3 {
		if err := e.Release(h2); err != nil {
			t.Fatalf("release: %v", err)
		}
	}
	if u := e.Usage(); u.Held.Tokens != 0 || u.Committed.Tokens != 450 {
		t.Fatalf("release is not idempotent: %+v", u)
	}
	if err := e.Commit(h2, covenant.Amounts{}); !errors.Is(err, covenant.ErrHoldSettled) {
		t.Fatalf("commit after release: %v", err)
	}
}

func TestBudgetErrorNamesDimension(t *testing.T) {
	e := budgetEnforcer(t, covenant.Unlimited().With(covenant.Operations, 2))
	_, err := e.Reserve(covenant.Amounts{Tokens: 1 << 40, Operations: 3})
	var ce *covenant.Error
	if !errors.As(err, &ce) || ce.Op() != "operations" || !errors.Is(err, covenant.ErrBudgetExceeded) {
		t.Fatalf("%v: want ErrBudgetExceeded naming operations", err)
	}
}

func TestNegativeAmountsRejected(t *testing.T) {
	e := budgetEnforcer(t, covenant.Unlimited().With(covenant.Tokens, 10))
	if _, err := e.Reserve(covenant.Amounts{Tokens: -5}); !errors.Is(err, covenant.ErrNegative) {
		t.Fatalf("negative reserve: %v", err)
	}
	if _, err := e.Reserve(covenant.Amounts{Entropy: -1}); !errors.Is(err, covenant.ErrNegative) {
		t.Fatalf("negative reserve in an unbounded dimension: %v", err)
	}
	h, _ := e.Reserve(covenant.Amounts{Tokens: 5})
	if err := e.Commit(h, covenant.Amounts{Tokens: -1}); !errors.Is(err, covenant.ErrNegative) {
		t.Fatalf("negative commit: %v", err)
	}
	if u := e.Usage(); u.Remaining().Tokens != 5 {
		t.Fatalf("negative amounts changed the budget: %+v", u)
	}
}

func TestCommitMoreThanReservedFailsAndKeepsHold(t *testing.T) {
	e := budgetEnforcer(t, covenant.Unlimited().With(covenant.Tokens, 100))
	h, _ := e.Reserve(covenant.Amounts{Tokens: 10})
	err := e.Commit(h, covenant.Amounts{Tokens: 11})
	if !errors.Is(err, covenant.ErrExceedsHold) || !errors.Is(err, covenant.ErrBudgetExceeded) {
		t.Fatalf("over-commit: %v", err)
	}
	// Even in an unbounded dimension the hold is the ceiling.
	if err := e.Commit(h, covenant.Amounts{Tokens: 1, Entropy: 1}); !errors.Is(err, covenant.ErrExceedsHold) {
		t.Fatalf("over-commit in an unbounded dimension: %v", err)
	}
	if u := e.Usage(); u.Held.Tokens != 10 || u.Committed.Tokens != 0 {
		t.Fatalf("failed commit changed the books: %+v", u)
	}
	if err := e.Commit(h, covenant.Amounts{Tokens: 10}); err != nil {
		t.Fatalf("the hold must stay open after a failed commit: %v", err)
	}
}

func TestForeignAndZeroHolds(t *testing.T) {
	a := budgetEnforcer(t, covenant.Unlimited())
	b := budgetEnforcer(t, covenant.Unlimited())
	h, _ := a.Reserve(covenant.Amounts{Tokens: 1})
	for name, err := range map[string]error{
		"commit zero":     a.Commit(covenant.Hold{}, covenant.Amounts{}),
		"release zero":    a.Release(covenant.Hold{}),
		"commit foreign":  b.Commit(h, covenant.Amounts{}),
		"release foreign": b.Release(h),
	} {
		if !errors.Is(err, covenant.ErrUnknownHold) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if a.Usage().Holds != 1 {
		t.Error("a foreign release touched the hold")
	}
}

func TestHoldsExpire(t *testing.T) {
	clk := &fakeClock{}
	e := budgetEnforcer(t, covenant.Unlimited().With(covenant.Tokens, 100), covenant.WithClock(clk.Now), covenant.WithHoldTTL(time.Minute))
	h1, _ := e.Reserve(covenant.Amounts{Tokens: 60})
	clk.Advance(time.Minute)
	h2, err := e.Reserve(covenant.Amounts{Tokens: 40})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Commit(h1, covenant.Amounts{Tokens: 1}); err != nil {
		t.Fatalf("commit at exactly the deadline: %v", err)
	}
	h3, _ := e.Reserve(covenant.Amounts{Tokens: 59})
	clk.Advance(time.Minute + 1)
	// h2 and h3 are past their deadline: a reserve that needs their room
	// gets it.
	h4, err := e.Reserve(covenant.Amounts{Tokens: 99})
	if err != nil {
		t.Fatalf("expired holds were not returned to the budget: %v", err)
	}
	if err := e.Commit(h2, covenant.Amounts{Tokens: 1}); !errors.Is(err, covenant.ErrHoldExpired) {
		t.Fatalf("commit of an expired hold: %v", err)
	}
	if err := e.Release(h3); err != nil {
		t.Fatalf("release of an expired hold: %v", err)
	}
	if u := e.Usage(); u.Committed.Tokens != 1 || u.Held.Tokens != 99 || u.Holds != 1 {
		t.Fatalf("books %+v", u)
	}
	// A hold expiring unswept is refused at Commit and freed there.
	clk.Advance(2 * time.Minute)
	if err := e.Commit(h4, covenant.Amounts{Tokens: 1}); !errors.Is(err, covenant.ErrHoldExpired) {
		t.Fatalf("commit of an unswept expired hold: %v", err)
	}
	if u := e.Usage(); u.Held.Tokens != 0 || u.Holds != 0 {
		t.Fatalf("expired hold still held: %+v", u)
	}
}

func TestHoldsNeverExpireWithZeroTTL(t *testing.T) {
	clk := &fakeClock{}
	e := budgetEnforcer(t, covenant.Unlimited(), covenant.WithClock(clk.Now), covenant.WithHoldTTL(0))
	h, _ := e.Reserve(covenant.Amounts{Tokens: 1})
	clk.Advance(1000 * time.Hour)
	if err := e.Commit(h, covenant.Amounts{Tokens: 1}); err != nil {
		t.Fatal(err)
	}
}

func TestReserveNeedsActiveCovenantButCommitDoesNot(t *testing.T) {
	e := budgetEnforcer(t, covenant.Unlimited().With(covenant.Tokens, 10))
	h, _ := e.Reserve(covenant.Amounts{Tokens: 5})
	if err := e.Revoke("kent", "stop"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Reserve(covenant.Amounts{Tokens: 1}); !errors.Is(err, covenant.ErrRevoked) {
		t.Fatalf("reserve on a revoked covenant: %v", err)
	}
	if err := e.Commit(h, covenant.Amounts{Tokens: 5}); err != nil {
		t.Fatalf("commit of work done before the revocation: %v", err)
	}
	p := newEnforcer(t, mustPropose(t, nil))
	if _, err := p.Reserve(covenant.Amounts{}); !errors.Is(err, covenant.ErrNotGranted) {
		t.Fatalf("reserve on a proposal: %v", err)
	}
}

func TestUnboundedDimensionsDoNotOverflow(t *testing.T) {
	e := budgetEnforcer(t, covenant.Unlimited())
	if _, err := e.Reserve(covenant.Amounts{Tokens: math.MaxInt64}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Reserve(covenant.Amounts{Tokens: 1}); !errors.Is(err, covenant.ErrBudgetExceeded) {
		t.Fatalf("held tokens would overflow int64: %v", err)
	}
}

// Regression: in kgents consume is check-then-record on a snapshot, so N
// callers that each see enough room all spend. Here N concurrent reserves
// that together exceed the remainder admit exactly as many as fit.
func TestConcurrentReservesExceedingRemainder(t *testing.T) {
	const limit, each, callers = 1000, 300, 64 // room for 3 of 64
	for round := range 50 {
		e := budgetEnforcer(t, covenant.Unlimited().With(covenant.Tokens, limit))
		start := make(chan struct{})
		var ok, exceeded atomic.Int64
		var wg sync.WaitGroup
		for range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				h, err := e.Reserve(covenant.Amounts{Tokens: each})
				switch {
				case err == nil:
					ok.Add(1)
					if err := e.Commit(h, covenant.Amounts{Tokens: each}); err != nil {
						t.Errorf("commit: %v", err)
					}
				case errors.Is(err, covenant.ErrBudgetExceeded):
					exceeded.Add(1)
				default:
					t.Errorf("reserve: %v", err)
				}
			}()
		}
		close(start)
		wg.Wait()
		u := e.Usage()
		if ok.Load() != limit/each || exceeded.Load() != callers-limit/each || u.Committed.Tokens != limit/each*each {
			t.Fatalf("round %d: %d admitted, %d refused, committed %d; want %d admitted and no overspend",
				round, ok.Load(), exceeded.Load(), u.Committed.Tokens, limit/each)
		}
	}
}

// With the decision log off (the default), a Reserve and its Commit or
// Release allocate nothing once the hold table has grown.
func TestReserveCommitAllocatesNothing(t *testing.T) {
	e := budgetEnforcer(t, covenant.Unlimited().With(covenant.Tokens, math.MaxInt64).With(covenant.Capital, math.MaxInt64))
	a := covenant.Amounts{Tokens: 10, Capital: 3}
	var err error
	if n := testing.AllocsPerRun(1000, func() {
		var h covenant.Hold
		if h, err = e.Reserve(a); err == nil {
			err = e.Commit(h, a)
		}
	}); n != 0 {
		t.Errorf("Reserve+Commit: %v allocs, want 0", n)
	}
	if n := testing.AllocsPerRun(1000, func() {
		var h covenant.Hold
		if h, err = e.Reserve(a); err == nil {
			err = e.Release(h)
		}
	}); n != 0 {
		t.Errorf("Reserve+Release: %v allocs, want 0", n)
	}
	if err != nil {
		t.Fatal(err)
	}
}
