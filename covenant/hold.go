package covenant

import (
	"fmt"
	"math"
)

// Hold is a reservation made by Reserve: budget set aside for one piece of
// work until it is committed, released, or expires. A Hold is a small value;
// copy it freely. The zero Hold is invalid.
type Hold struct {
	e        *Enforcer
	slot     uint32
	seq      uint64 // unique per Enforcer, never reused
	deadline int64  // mono nanoseconds; math.MaxInt64 if it never expires
}

// Seq returns the hold's sequence number, unique within its Enforcer
// (1, 2, 3, ...), as the decision log reports it.
func (h Hold) Seq() uint64 { return h.seq }

// budgetState is the accounting of one Enforcer's budget. One mutex guards
// it: every operation is a few additions, so a lock is both the simplest and
// the fastest way to keep committed + held <= limit in every dimension at
// every instant.
type budgetState struct {
	mu        yieldLock
	limit     vec // math.MaxInt64 in unbounded dimensions
	committed vec
	held      vec
	slots     []holdSlot
	free      []uint32 // indexes of unused slots
	seq       uint64
	live      int
	// seen is the latest clock reading of any operation so far. Clocks are
	// read before the lock is taken, so a goroutine can arrive with a
	// reading older than one that already expired holds; judging expiry by
	// the latest reading keeps answers consistent with what happened.
	seen int64
}

type holdSlot struct {
	seq      uint64 // 0: unused
	amounts  vec
	deadline int64
}

func (b *budgetState) init(budget Budget) {
	for d := range numDims {
		if n, ok := budget.Limit(Dimension(d)); ok {
			b.limit[d] = n
		} else {
			b.limit[d] = math.MaxInt64
		}
	}
}

func negativeIn(v vec) (Dimension, bool) {
	for d, n := range v {
		if n < 0 {
			return Dimension(d), true
		}
	}
	return 0, false
}

// Reserve sets amounts aside from the budget and returns a Hold on them. It
// fails with the covenant's inactivity error (ErrRevoked, ErrNotGranted,
// ErrExpired) if the covenant is not active, with ErrNegative if an amount
// is negative, and with ErrBudgetExceeded if in some dimension
//
//	committed + held + amounts > limit
//
// (an amount that reaches the limit exactly fits, and so does a zero
// amount on an exhausted budget, where kgents refuses any consume once a
// dimension reaches zero). Expired holds are returned to the budget before
// Reserve gives up. The check and the
// reservation are one atomic step, so concurrent Reserves can never
// together overspend.
func (e *Enforcer) Reserve(amounts Amounts) (Hold, error) {
	// Spelled out: amounts.vec() makes the compiler copy the struct twice.
	v := vec{amounts.Tokens, amounts.Operations, int64(amounts.Time), amounts.Capital, amounts.Entropy}
	if v[0]|v[1]|v[2]|v[3]|v[4] < 0 {
		return Hold{}, e.reserveNegative(v)
	}
	s := e.state.Load()
	if s.inactive != nil || s.expiry.ok && e.clock().After(s.expiry.t) {
		return Hold{}, e.reserveInactive(s, v)
	}
	deadline := int64(math.MaxInt64)
	var now int64
	if e.ttl > 0 {
		now = e.mono()
		deadline = now + int64(e.ttl)
	}
	b := &e.budget
	b.mu.lock()
	b.seen = max(b.seen, now)
	if !b.fits(v) {
		return e.reserveSlow(s, v, now, deadline) // unlocks
	}
	h := b.add(e, v, now, deadline)
	b.mu.unlock()
	if e.rec != nil {
		e.rec.Record(Decision{Kind: Reserved, Covenant: s.cov.id, Amounts: amounts, Hold: h.seq})
	}
	return h, nil
}

// add records a new hold of v; the budget is locked and v fits.
func (b *budgetState) add(e *Enforcer, v vec, now, deadline int64) Hold {
	for d := range numDims {
		b.held[d] += v[d]
	}
	var i uint32
	if n := len(b.free); n > 0 {
		i = b.free[n-1]
		b.free = b.free[:n-1]
	} else {
		b.slots = append(b.slots, holdSlot{})
		i = uint32(len(b.slots) - 1)
	}
	b.seq++
	b.live++
	slot := &b.slots[i]
	slot.seq, slot.amounts, slot.deadline = b.seq, v, deadline
	if budgetObserver != nil {
		b.emit(opReserve, b.seq, v, now, deadline, nil)
	}
	return Hold{e: e, slot: i, seq: b.seq, deadline: deadline}
}

// reserveSlow runs with the budget locked when v does not fit: it returns
// expired holds to the budget, tries again, and unlocks.
//
//go:noinline
func (e *Enforcer) reserveSlow(s *live, v vec, now, deadline int64) (Hold, error) {
	b := &e.budget
	var expired []holdSlot
	if e.ttl > 0 {
		expired = b.sweep(e, now)
	}
	if b.fits(v) {
		h := b.add(e, v, now, deadline)
		b.mu.unlock()
		e.recordExpired(s, expired)
		if e.rec != nil {
			e.rec.Record(Decision{Kind: Reserved, Covenant: s.cov.id, Amounts: amountsOf(v), Hold: h.seq})
		}
		return h, nil
	}
	short := b.short(v)
	remaining := b.limit[short] - b.committed[short] - b.held[short]
	if budgetObserver != nil {
		b.emit(opReserve, 0, v, now, deadline, errBudgetExceeded)
	}
	b.mu.unlock()
	e.recordExpired(s, expired)
	return Hold{}, e.reserveDenied(v, &Error{kind: errBudgetExceeded, op: short.String(), info: &errInfo{covenant: s.cov.id, detail: fmt.Sprintf("%s budget exceeded: reserving %s, %s remaining",
		short, formatDim(short, v[short]), formatDim(short, remaining))}})
}

//go:noinline
func (e *Enforcer) reserveNegative(v vec) error {
	d, _ := negativeIn(v)
	return e.reserveDenied(v, &Error{kind: errNegative, op: d.String(), info: &errInfo{covenant: e.Covenant().id, detail: fmt.Sprintf("cannot reserve %s", amountsOf(v))}})
}

//go:noinline
func (e *Enforcer) reserveInactive(s *live, v vec) error {
	if s.inactive != nil {
		return e.reserveDenied(v, s.inactive)
	}
	return e.reserveDenied(v, s.expiredErr)
}

func (e *Enforcer) reserveDenied(v vec, err *Error) error {
	if e.rec != nil {
		e.rec.Record(Decision{Kind: ReserveDenied, Covenant: e.Covenant().id, Amounts: amountsOf(v), Err: err})
	}
	return err
}

func (e *Enforcer) recordExpired(s *live, expired []holdSlot) {
	if e.rec == nil {
		return
	}
	for _, h := range expired {
		e.rec.Record(Decision{Kind: HoldExpired, Covenant: s.cov.id, Amounts: amountsOf(h.amounts), Hold: h.seq})
	}
}

// fits reports whether v fits the remaining budget. Unbounded dimensions
// have the limit MaxInt64, so nothing ever overflows.
func (b *budgetState) fits(v vec) bool {
	ok := true
	for d := range numDims {
		ok = ok && v[d] <= b.limit[d]-b.committed[d]-b.held[d]
	}
	return ok
}

// short returns the first dimension where v does not fit.
func (b *budgetState) short(v vec) Dimension {
	for d := range numDims {
		if v[d] > b.limit[d]-b.committed[d]-b.held[d] {
			return Dimension(d)
		}
	}
	return 0
}

// sweep frees every hold past its deadline. It returns the freed holds
// when a Recorder wants them.
func (b *budgetState) sweep(e *Enforcer, now int64) []holdSlot {
	var out []holdSlot
	for i := range b.slots {
		h := &b.slots[i]
		if h.seq != 0 && now > h.deadline {
			if e.rec != nil {
				out = append(out, *h)
			}
			b.drop(uint32(i), opExpire, now)
		}
	}
	return out
}

// drop frees slot i, returning its amounts from held.
func (b *budgetState) drop(i uint32, op budgetOp, now int64) {
	h := &b.slots[i]
	for d := range numDims {
		b.held[d] -= h.amounts[d]
	}
	if budgetObserver != nil {
		b.emit(op, h.seq, h.amounts, now, h.deadline, nil)
	}
	h.seq = 0
	b.free = append(b.free, i)
	b.live--
}

// Commit records that the work of hold h spent actual, and frees the rest
// of the hold. A hold is committed at most once. Commit fails, leaving the
// budget unchanged, with:
//
//   - ErrNegative if an amount of actual is negative;
//   - ErrExceedsHold if actual exceeds what h reserved in some dimension
//     (the hold stays open: commit a smaller amount or release it). Reserve
//     is the only admission point, as an authorization is for a card
//     payment: reserve for the worst case;
//   - ErrHoldExpired if h is past its time-to-live (its amounts are then
//     back in the budget);
//   - ErrHoldSettled if h was already committed or released;
//   - ErrUnknownHold for the zero Hold or a Hold of another Enforcer.
//
// Commit works whatever the covenant's status: the work was done and is
// accounted for, even if the covenant was revoked meanwhile.
func (e *Enforcer) Commit(h Hold, actual Amounts) error {
	v := vec{actual.Tokens, actual.Operations, int64(actual.Time), actual.Capital, actual.Entropy}
	if h.e != e || v[0]|v[1]|v[2]|v[3]|v[4] < 0 {
		return e.commitInvalid(h, v)
	}
	var now int64
	if h.deadline != math.MaxInt64 {
		now = e.mono()
	}
	b := &e.budget
	b.mu.lock()
	// Judge expiry by the latest clock reading any operation has seen, as
	// sweeps do.
	now = max(b.seen, now)
	b.seen = now
	slot := &b.slots[h.slot]
	if slot.seq != h.seq || now > slot.deadline || !covers(slot.amounts, v) {
		return e.commitSlow(h, v, now) // unlocks
	}
	for d := range numDims {
		b.held[d] -= slot.amounts[d]
		b.committed[d] += v[d]
	}
	if budgetObserver != nil {
		b.emit(opCommit, h.seq, v, now, slot.deadline, nil)
	}
	slot.seq = 0
	b.free = append(b.free, h.slot)
	b.live--
	b.mu.unlock()
	if e.rec != nil {
		e.rec.Record(Decision{Kind: Committed, Covenant: e.Covenant().id, Amounts: actual, Hold: h.seq})
	}
	return nil
}

func covers(reserved, actual vec) bool {
	ok := true
	for d := range numDims {
		ok = ok && actual[d] <= reserved[d]
	}
	return ok
}

//go:noinline
func (e *Enforcer) commitInvalid(h Hold, v vec) error {
	if h.e != e {
		return &Error{kind: errUnknownHold, info: &errInfo{covenant: e.Covenant().id}}
	}
	d, _ := negativeIn(v)
	return &Error{kind: errNegative, op: d.String(), info: &errInfo{covenant: e.Covenant().id, detail: fmt.Sprintf("cannot commit %s", amountsOf(v))}}
}

// commitSlow runs with the budget locked when h is stale, expired, or
// exceeded; it unlocks.
//
//go:noinline
func (e *Enforcer) commitSlow(h Hold, v vec, now int64) error {
	b := &e.budget
	slot := &b.slots[h.slot]
	switch {
	case slot.seq != h.seq:
		b.mu.unlock()
		return e.staleHold(h, now)
	case now > slot.deadline:
		expired := *slot
		b.drop(h.slot, opExpire, now)
		b.mu.unlock()
		e.recordExpired(e.state.Load(), []holdSlot{expired})
		return e.staleHold(h, now)
	}
	d := Dimension(0)
	for v[d] <= slot.amounts[d] {
		d++
	}
	if budgetObserver != nil {
		b.emit(opCommit, h.seq, v, now, slot.deadline, errExceedsHold)
	}
	reserved := slot.amounts[d]
	b.mu.unlock()
	return &Error{kind: errExceedsHold, op: d.String(), info: &errInfo{covenant: e.Covenant().id, detail: fmt.Sprintf("committing %s of %s, hold reserved %s", formatDim(d, v[d]), d, formatDim(d, reserved))}}
}

// staleHold explains why h no longer names a live hold, given the latest
// clock reading. A hold past its deadline reports ErrHoldExpired even if it
// was settled before.
func (e *Enforcer) staleHold(h Hold, latest int64) error {
	if h.deadline != math.MaxInt64 && latest > h.deadline {
		return &Error{kind: errHoldExpired, info: &errInfo{covenant: e.Covenant().id, detail: fmt.Sprintf("hold %d expired", h.seq)}}
	}
	return &Error{kind: errHoldSettled, info: &errInfo{covenant: e.Covenant().id, detail: fmt.Sprintf("hold %d", h.seq)}}
}

// Release returns hold h to the budget unspent. It is idempotent: releasing
// a hold that is already committed, released or expired does nothing and
// returns nil. Only the zero Hold or a Hold of another Enforcer is an error
// (ErrUnknownHold).
func (e *Enforcer) Release(h Hold) error {
	if h.e != e {
		return &Error{kind: errUnknownHold, info: &errInfo{covenant: e.Covenant().id}}
	}
	b := &e.budget
	b.mu.lock()
	slot := &b.slots[h.slot]
	if slot.seq != h.seq {
		b.mu.unlock()
		return nil
	}
	amounts := slot.amounts
	b.drop(h.slot, opRelease, 0)
	b.mu.unlock()
	if e.rec != nil {
		e.rec.Record(Decision{Kind: Released, Covenant: e.Covenant().id, Amounts: amountsOf(amounts), Hold: h.seq})
	}
	return nil
}

// Usage is a consistent snapshot of an Enforcer's budget.
type Usage struct {
	Limits    Budget
	Committed Amounts // spent for good
	Held      Amounts // set aside by open holds
	Holds     int     // open holds
}

// Remaining returns, per dimension, limit - committed - held (for an
// unbounded dimension, math.MaxInt64 - committed - held).
func (u Usage) Remaining() Amounts {
	c, h := u.Committed.vec(), u.Held.vec()
	var r vec
	for d := range numDims {
		lim, ok := u.Limits.Limit(Dimension(d))
		if !ok {
			lim = math.MaxInt64
		}
		r[d] = lim - c[d] - h[d]
	}
	return amountsOf(r)
}

// Usage returns the budget's limits, committed and held amounts, after
// returning expired holds to the budget. committed + held <= limit holds in
// every bounded dimension of every snapshot.
func (e *Enforcer) Usage() Usage {
	var now int64
	if e.ttl > 0 {
		now = e.mono()
	}
	b := &e.budget
	b.mu.lock()
	var expired []holdSlot
	if e.ttl > 0 {
		expired = b.sweep(e, now)
		b.seen = max(b.seen, now)
	}
	u := Usage{Limits: e.state.Load().cov.terms.budget, Committed: amountsOf(b.committed), Held: amountsOf(b.held), Holds: b.live}
	b.mu.unlock()
	e.recordExpired(e.state.Load(), expired)
	return u
}
