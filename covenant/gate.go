package covenant

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math"
	"time"
)

// ID identifies a covenant: "covenant-" followed by 12 lowercase hex digits
// when this package makes one, any non-empty string when decoded.
type ID string

// NewID returns a fresh random covenant id in the kgents format.
func NewID() ID {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("covenant: crypto/rand failed: " + err.Error())
	}
	return ID("covenant-" + hex.EncodeToString(b[:]))
}

// Status is the lifecycle state of a covenant (docs/covenant.md). The zero
// value is Proposed.
type Status uint8

// The five statuses of the kgents lifecycle:
//
//	PROPOSED ──negotiate──▶ NEGOTIATING
//	PROPOSED, NEGOTIATING ──grant──▶ GRANTED
//	PROPOSED, NEGOTIATING, GRANTED ──revoke──▶ REVOKED (final)
//	EXPIRED (final; only ever read from JSON, never set by a transition)
const (
	Proposed Status = iota
	Negotiating
	Granted
	Revoked
	Expired
)

var statusNames = [...]string{"PROPOSED", "NEGOTIATING", "GRANTED", "REVOKED", "EXPIRED"}

// String returns the kgents enum name, e.g. "GRANTED".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("Status(%d)", uint8(s))
}

func parseStatus(s string) (Status, bool) {
	for i, n := range statusNames {
		if n == s {
			return Status(i), true
		}
	}
	return 0, false
}

// Fallback says what a review gate does once its review has waited longer
// than the gate's Timeout. The zero value is Deny. kgents stores the
// fallback but never applies it; the Enforcer applies it (see ReviewGate).
type Fallback uint8

const (
	// Deny keeps the gated operation denied after the timeout, now with an
	// error matching ErrGateTimedOut, until the gate is approved.
	Deny Fallback = iota
	// AllowLimited lets one gated operation through per Timeout while the
	// review stays unanswered: unreviewed progress is rate-limited, not
	// stopped.
	AllowLimited
	// Escalate keeps the operation denied with an error matching
	// ErrGateEscalated, so the caller can route the review higher.
	Escalate
)

var fallbackNames = [...]string{"DENY", "ALLOW_LIMITED", "ESCALATE"}

// String returns the kgents enum name, e.g. "ALLOW_LIMITED".
func (f Fallback) String() string {
	if int(f) < len(fallbackNames) {
		return fallbackNames[f]
	}
	return fmt.Sprintf("Fallback(%d)", uint8(f))
}

func parseFallback(s string) (Fallback, bool) {
	for i, n := range fallbackNames {
		if n == s {
			return Fallback(i), true
		}
	}
	return 0, false
}

// strictness orders fallbacks from the most to the least restrictive:
// Deny, then Escalate, then AllowLimited.
func (f Fallback) strictness() int {
	switch f {
	case Deny:
		return 0
	case Escalate:
		return 1
	default:
		return 2
	}
}

// ReviewGate asks for human review of an operation after it has been
// performed Threshold times without review.
//
// The Enforcer counts every permitted check of Trigger (exact match). The
// check that brings the count to Threshold fails with ErrGateTriggered, and
// so does every later check, until Approve resets the count: a triggered
// gate keeps firing. So Threshold 3 lets two operations through and stops
// the third; Threshold 0 and 1 both stop the first.
//
// Once the review has been pending for Timeout, Fallback decides: Deny and
// Escalate keep denying with a more specific error (ErrGateTimedOut,
// ErrGateEscalated); AllowLimited lets one operation through per Timeout.
//
// A literal ReviewGate has Threshold 0 and Timeout 0; NewGate gives the kgents
// defaults (threshold 1, timeout 300 s, fallback Deny).
type ReviewGate struct {
	Trigger     string        // operation name, exact match; required
	Description string        // for people; not used in decisions
	Threshold   int           // occurrences until review; >= 0
	Timeout     time.Duration // how long a review may stay pending; >= 0
	Fallback    Fallback      // what happens after Timeout
}

// NewGate returns a gate on trigger with the kgents defaults: threshold 1,
// timeout 300 seconds, fallback Deny.
func NewGate(trigger string) ReviewGate {
	return ReviewGate{Trigger: trigger, Threshold: 1, Timeout: 300 * time.Second, Fallback: Deny}
}

// maxTimeout keeps timeouts representable as Python float seconds and far
// from Duration overflow (about 292 years).
const maxTimeout = time.Duration(math.MaxInt64 / 2)

func (g ReviewGate) validate(field string) error {
	switch {
	case g.Trigger == "":
		return invalidf(errInvalid, field+".trigger", "must not be empty")
	case g.Threshold < 0:
		return invalidf(errNegative, field+".threshold", "must be >= 0, got %d", g.Threshold)
	case g.Timeout < 0:
		return invalidf(errNegative, field+".timeout_seconds", "must be >= 0, got %v", g.Timeout)
	case g.Timeout > maxTimeout:
		return invalidf(errInvalid, field+".timeout_seconds", "too large: %v", g.Timeout)
	case int(g.Fallback) >= len(fallbackNames):
		return invalidf(errInvalid, field+".fallback", "unknown fallback %d", g.Fallback)
	}
	return nil
}

// meetGateInto combines two gates on the same trigger into the gate that is at
// least as strict as both:
//   - Threshold: the smaller (review comes sooner);
//   - Fallback and Timeout, as one pair, the stricter in the total order
//     "Deny before Escalate before AllowLimited; within Deny and Escalate the
//     shorter timeout (fall back sooner), within AllowLimited the longer one
//     (let the limited operation through later)";
//   - Description: the smaller string, an empty one counting as largest.
//
// Each component is a minimum in a total order, so the rule is associative,
// commutative and idempotent. meetGateInto writes the meet of *a and *b to
// out without copying the gates.
func meetGateInto(out, a, b *ReviewGate) {
	out.Trigger = a.Trigger
	out.Threshold = min(a.Threshold, b.Threshold)
	out.Fallback, out.Timeout = a.Fallback, a.Timeout
	if gateStricter(b, a) {
		out.Fallback, out.Timeout = b.Fallback, b.Timeout
	}
	out.Description = a.Description
	if a.Description == "" || (b.Description != "" && b.Description < a.Description) {
		out.Description = b.Description
	}
}

// gateStricter reports whether (a.Fallback, a.Timeout) comes strictly before
// (b.Fallback, b.Timeout) in the order of meetGateInto.
func gateStricter(a, b *ReviewGate) bool {
	sa, sb := a.Fallback.strictness(), b.Fallback.strictness()
	if sa != sb {
		return sa < sb
	}
	if a.Fallback == AllowLimited {
		return a.Timeout > b.Timeout
	}
	return a.Timeout < b.Timeout
}
