package covenant

import (
	"slices"
	"sync/atomic"
	"time"
)

// Enforcer is the live home of one covenant: it decides every operation
// (Check, CheckHandle), counts review gates, applies their timeouts and
// fallbacks, holds the budget (Reserve, Commit, Release), and holds the
// current lifecycle state, which Revoke and Update change. Every check
// reads the current state, so a revocation, or the passing of the expiry,
// takes effect on the very next check.
//
// An Enforcer is safe for concurrent use by any number of goroutines. Share
// one Enforcer per covenant: gate counts and budget usage live in it.
type Enforcer struct {
	now   func() time.Time // nil: time.Now
	epoch time.Time        // origin of the monotonic hold clock
	ttl   time.Duration    // hold time-to-live; 0: holds never expire
	rec   Recorder         // nil: no decision log

	state atomic.Pointer[live]

	// Immutable after NewEnforcer: the terms of a covenant never change
	// under one id, so the permission index and gates are built once.
	index       map[string]entry
	defaultPerm bool // for names not in index (true for "all except" sets)
	gates       []gateState

	budget budgetState
}

// entry is what the index knows about one operation name.
type entry struct {
	permitted bool
	gate      int32 // index into Enforcer.gates, or -1
}

// live is one lifecycle state of the covenant, with its denials prebuilt so
// that denying allocates nothing.
type live struct {
	cov        Covenant
	inactive   *Error // nil when status is GRANTED
	expiry     optTime
	expiredErr *Error
	denyInfo   *errInfo // shared by the ErrNotPermitted and ErrHandleNotInScope denials
}

// EnforcerOption configures NewEnforcer.
type EnforcerOption func(*Enforcer)

// WithClock makes the Enforcer read time from now instead of time.Now: for
// expiry, gate timeouts, hold expiry and the timestamps of Revoke and
// Approve. now must be safe to call from many goroutines, and fast: it is
// called on the hot path (for an expiring covenant) and while a review
// gate's lock is held, so it must not call back into the Enforcer.
func WithClock(now func() time.Time) EnforcerOption {
	return func(e *Enforcer) { e.now = now }
}

// WithHoldTTL sets how long a hold made by Reserve stays valid (default 5
// minutes). After that it can no longer be committed and its amounts return
// to the budget. ttl <= 0 makes holds never expire.
func WithHoldTTL(ttl time.Duration) EnforcerOption {
	return func(e *Enforcer) { e.ttl = max(ttl, 0) }
}

// DefaultHoldTTL is the time-to-live of a hold unless WithHoldTTL says
// otherwise.
const DefaultHoldTTL = 5 * time.Minute

// NewEnforcer returns an Enforcer for c in its current state. It fails with
// ErrInvalid for the zero Covenant. (Duplicate gate triggers cannot reach
// it: Propose and decoding reject them.)
func NewEnforcer(c Covenant, opts ...EnforcerOption) (*Enforcer, error) {
	if c.id == "" {
		return nil, invalidf(errInvalid, "covenant", "zero Covenant")
	}
	e := &Enforcer{ttl: DefaultHoldTTL}
	for _, opt := range opts {
		opt(e)
	}
	e.epoch = e.clock()
	e.defaultPerm = c.terms.perms.cofinite
	e.index = make(map[string]entry, len(c.terms.perms.names)+len(c.gates))
	for _, name := range c.terms.perms.names {
		e.index[name] = entry{permitted: !c.terms.perms.cofinite, gate: -1}
	}
	e.gates = make([]gateState, c.terms.gates.len())
	for i, g := range c.terms.gates.view() {
		e.gates[i].init(c.id, g)
		ent, ok := e.index[g.Trigger]
		if !ok {
			ent = entry{permitted: e.defaultPerm}
		}
		ent.gate = int32(i)
		e.index[g.Trigger] = ent
	}
	e.budget.init(c.terms.budget)
	e.state.Store(compile(c))
	return e, nil
}

func compile(c Covenant) *live {
	l := &live{cov: c, expiry: c.terms.expiry}
	l.denyInfo = &errInfo{covenant: c.id, status: c.status, allowed: &l.cov.terms.perms, scope: &l.cov.terms.scope}
	switch {
	case c.status == Revoked:
		l.inactive = &Error{kind: errRevoked, info: &errInfo{covenant: c.id, status: c.status, detail: c.revokeReason}}
	case c.status != Granted:
		l.inactive = &Error{kind: errNotGranted, info: &errInfo{covenant: c.id, status: c.status}}
	}
	if l.expiry.ok {
		l.expiredErr = &Error{kind: errExpired, info: &errInfo{covenant: c.id, status: c.status, detail: formatISO(l.expiry.t)}}
	}
	return l
}

func (e *Enforcer) clock() time.Time {
	if e.now != nil {
		return e.now()
	}
	return time.Now()
}

// mono returns nanoseconds since the Enforcer was built, on the injected
// clock or else on the monotonic clock.
func (e *Enforcer) mono() int64 {
	if e.now != nil {
		return int64(e.now().Sub(e.epoch))
	}
	return int64(time.Since(e.epoch))
}

// Covenant returns the current covenant value.
func (e *Enforcer) Covenant() Covenant { return e.state.Load().cov }

// Check decides whether operation op may run now, and counts it against its
// review gate if it has one. It returns nil to allow, or an error matching,
// in the order checked:
//
//  1. ErrRevoked, ErrNotGranted, ErrExpired: the covenant is not active;
//  2. ErrNotPermitted: op is not among the permissions;
//  3. ErrGateTriggered (or, once the review has timed out, ErrGateTimedOut or
//     ErrGateEscalated): op's gate has reached its threshold and awaits
//     Approve.
//
// Nothing is counted when 1 or 2 denies. A permitted ungated check does not
// allocate; neither does any denial except ErrNotPermitted.
func (e *Enforcer) Check(op string) error {
	s := e.state.Load()
	if s.inactive != nil {
		return e.deny(s, op, s.inactive)
	}
	if s.expiry.ok && e.clock().After(s.expiry.t) {
		return e.deny(s, op, s.expiredErr)
	}
	ent, ok := e.index[op]
	if !ok {
		ent = entry{permitted: e.defaultPerm, gate: -1}
	}
	if !ent.permitted {
		return e.deny(s, op, &Error{kind: errNotPermitted, op: op, info: s.denyInfo})
	}
	if ent.gate >= 0 {
		return e.gates[ent.gate].record(e, s)
	}
	if e.rec != nil {
		e.rec.Record(Decision{Kind: Allowed, Covenant: s.cov.id, Op: op})
	}
	return nil
}

func (e *Enforcer) deny(s *live, op string, err *Error) error {
	if e.rec != nil {
		e.rec.Record(Decision{Kind: Denied, Covenant: s.cov.id, Op: op, Err: err})
	}
	return err
}

// CheckHandle decides whether handle may be touched now: the covenant must
// be active (as in Check) and handle must match the handle scope, else the
// error matches ErrHandleNotInScope. Nothing is counted.
func (e *Enforcer) CheckHandle(handle string) error {
	s := e.state.Load()
	if s.inactive != nil {
		return e.deny(s, handle, s.inactive)
	}
	if s.expiry.ok && e.clock().After(s.expiry.t) {
		return e.deny(s, handle, s.expiredErr)
	}
	if !s.cov.terms.scope.allows(handle) {
		return e.deny(s, handle, &Error{kind: errHandleNotInScope, op: handle, info: s.denyInfo})
	}
	if e.rec != nil {
		e.rec.Record(Decision{Kind: Allowed, Covenant: s.cov.id, Op: handle})
	}
	return nil
}

// Update replaces the covenant's lifecycle state by fn(current), atomically:
// if another goroutine updates in between, fn runs again on the newer
// value. fn must return the same covenant in another state, as the
// transitions (Grant, Revoke, Negotiate) do: a different id or different
// terms fail with ErrInvalid (use Amend or Attenuate and a new Enforcer for
// that). The next check sees the new state.
func (e *Enforcer) Update(fn func(Covenant) (Covenant, error)) (Covenant, error) {
	for {
		old := e.state.Load()
		next, err := fn(old.cov)
		if err != nil {
			return Covenant{}, err
		}
		if next.id != old.cov.id {
			return Covenant{}, invalidf(errInvalid, "id", "Update cannot change the id from %s to %s", old.cov.id, next.id)
		}
		if !sameTerms(old.cov, next) {
			return Covenant{}, invalidf(errInvalid, "terms", "Update cannot change the terms of %s", old.cov.id)
		}
		if e.state.CompareAndSwap(old, compile(next)) {
			return next, nil
		}
	}
}

func sameTerms(a, b Covenant) bool {
	return a.terms.perms.equal(b.terms.perms) && a.terms.scope.equal(b.terms.scope) &&
		a.terms.budget == b.terms.budget && a.terms.expiry.equal(b.terms.expiry) &&
		slices.Equal(a.gates, b.gates)
}

// Grant grants the covenant (see Covenant.Grant), stamped with the
// Enforcer's clock.
func (e *Enforcer) Grant(by string) error {
	_, err := e.Update(func(c Covenant) (Covenant, error) { return c.Grant(by, e.clock()) })
	return err
}

// Revoke revokes the covenant (see Covenant.Revoke), stamped with the
// Enforcer's clock. Every check after Revoke returns fails with ErrRevoked;
// holds can still be committed (the work was done) or released.
func (e *Enforcer) Revoke(by, reason string) error {
	_, err := e.Update(func(c Covenant) (Covenant, error) { return c.Revoke(by, reason, e.clock()) })
	return err
}

// GateState is a snapshot of one review gate inside an Enforcer (kgents
// GateOccurrence).
type GateState struct {
	Gate        ReviewGate
	Count       int64     // permitted checks of the trigger since the last approval
	Pending     bool      // the threshold was reached and no approval came yet
	TriggeredAt time.Time // when the threshold was reached; zero if not pending
	ReviewedAt  time.Time // the last Approve; zero if never
}

// Gate returns the state of the gate on trigger, and false if there is none
// (kgents is_gate_pending is Gate(t).Pending).
func (e *Enforcer) Gate(trigger string) (GateState, bool) {
	g := e.gateFor(trigger)
	if g == nil {
		return GateState{}, false
	}
	g.mu.lock()
	defer g.mu.unlock()
	return GateState{Gate: g.gate, Count: g.count, Pending: g.pending, TriggeredAt: g.triggeredAt, ReviewedAt: g.reviewedAt}, true
}

// Approve records the review of the gate on trigger: its count returns to
// zero and it stops firing until the threshold is reached again. It fails
// with ErrUnknownGate if trigger has no gate.
func (e *Enforcer) Approve(trigger string) error {
	g := e.gateFor(trigger)
	if g == nil {
		return &Error{kind: errUnknownGate, op: trigger, info: &errInfo{covenant: e.Covenant().id}}
	}
	now := e.clock()
	g.mu.lock()
	g.count, g.pending, g.triggeredAt, g.reviewedAt = 0, false, time.Time{}, now
	g.mu.unlock()
	if e.rec != nil {
		e.rec.Record(Decision{Kind: GateApproved, Covenant: e.Covenant().id, Op: trigger})
	}
	return nil
}

func (e *Enforcer) gateFor(trigger string) *gateState {
	ent, ok := e.index[trigger]
	if !ok || ent.gate < 0 {
		return nil
	}
	return &e.gates[ent.gate]
}

// gateState counts one review gate.
type gateState struct {
	mu          yieldLock
	gate        ReviewGate
	count       int64
	pending     bool
	triggeredAt time.Time // when the threshold was reached
	window      time.Time // start of the current timeout window
	reviewedAt  time.Time

	triggered, timedOut, escalated *Error // prebuilt denials
}

func (g *gateState) init(id ID, gate ReviewGate) {
	g.gate = gate
	gp := &g.gate
	g.triggered = &Error{kind: errGateTriggered, op: gate.Trigger, info: &errInfo{covenant: id, status: Granted, gate: gp}}
	g.timedOut = &Error{kind: errGateTimedOut, op: gate.Trigger, info: &errInfo{covenant: id, status: Granted, gate: gp}}
	g.escalated = &Error{kind: errGateEscalated, op: gate.Trigger, info: &errInfo{covenant: id, status: Granted, gate: gp}}
}

// record counts one permitted check of the gate's trigger and decides it.
//
// Semantics (kgents GateOccurrence.record plus enforced timeouts):
//   - every call increments the count;
//   - the call that brings the count to the threshold marks the gate
//     pending, stamps TriggeredAt, and is denied (ErrGateTriggered);
//   - while pending, a call within Timeout of the start of the current
//     window is denied with ErrGateTriggered; after it the fallback applies:
//     Deny denies with ErrGateTimedOut, Escalate with ErrGateEscalated,
//     AllowLimited allows this call and starts a new window, so at most one
//     unreviewed call passes per Timeout.
func (g *gateState) record(e *Enforcer, s *live) error {
	g.mu.lock()
	g.count++
	var err *Error
	kind := Denied
	switch {
	case g.pending:
		now := e.clock()
		if now.Sub(g.window) < g.gate.Timeout {
			err = g.triggered
			break
		}
		switch g.gate.Fallback {
		case AllowLimited:
			g.window = now
			kind = FallbackAllowed
		case Escalate:
			err = g.escalated
		default:
			err = g.timedOut
		}
	case g.count >= int64(g.gate.Threshold):
		now := e.clock()
		g.pending, g.triggeredAt, g.window = true, now, now
		err, kind = g.triggered, GateTriggered
	default:
		kind = Allowed
	}
	g.mu.unlock()
	if e.rec != nil {
		d := Decision{Kind: kind, Covenant: s.cov.id, Op: g.gate.Trigger}
		if err != nil {
			d.Err = err
		}
		e.rec.Record(d)
	}
	if err != nil {
		return err
	}
	return nil // not "return err": a nil *Error is a non-nil error
}
