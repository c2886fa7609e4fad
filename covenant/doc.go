// Package covenant gates sensitive operations: a Covenant says which
// operations an agent may perform, which of them need human review after a
// number of uses, which handles it may touch, how much it may spend and
// until when; an Enforcer applies it on every call.
//
// It carries over the Covenant of kgents (its fields, lifecycle, review
// gates, error kinds and JSON form) and fixes what kgents leaves open:
// budgets live on the covenant and cannot be overspent under concurrency,
// revocation stops existing enforcers, gate timeouts and fallbacks are
// enforced, duplicate gate triggers are rejected, and covenants combine by
// a law-checked meet. docs/covenant.md states these rules in full and marks
// each place where they differ from kgents.
//
// # Model
//
// A Covenant is an immutable value: an ID, a lifecycle Status, and Terms.
// Transitions (Negotiate, Grant, Revoke, Amend, Attenuate) return new
// values:
//
//	PROPOSED ──Negotiate──▶ NEGOTIATING
//	PROPOSED, NEGOTIATING ──Grant──▶ GRANTED
//	PROPOSED, NEGOTIATING, GRANTED ──Revoke──▶ REVOKED (cannot be granted again)
//	any ──Amend / Attenuate──▶ a new PROPOSED covenant with a new id
//
// Anything else fails with ErrTransition. EXPIRED exists for JSON
// compatibility and is never set by a transition; expiry by time is
// computed from ExpiresAt.
//
// Terms are the product permissions × handle scope × budget limits × expiry
// × review gates. Permissions are exact operation names. The handle scope
// holds kgents Offering patterns: "X.*" matches handles that start with
// "X." (not "X" itself), "X*" handles that start with "X", anything else
// only itself.
//
// # Enforcement
//
// An Enforcer is the live home of one covenant. Check(op) decides in this
// order and stops at the first failure:
//
//  1. active: status GRANTED (else ErrRevoked or ErrNotGranted) and the
//     clock not after the expiry (else ErrExpired; equal is still active);
//  2. permission: op is permitted (else ErrNotPermitted, which also matches
//     ErrNotGranted as in kgents);
//  3. gate counting: if op has a ReviewGate, the check is counted; the check
//     that reaches the threshold, and every later one until Approve, fails
//     with ErrGateTriggered. A non-permitted check is never counted.
//
// Check reads the current state on every call, so Revoke (or Update with
// any transition) takes effect on the very next check, from any goroutine.
// A gate whose review has been pending longer than its Timeout applies its
// Fallback: Deny keeps denying (ErrGateTimedOut), Escalate keeps denying
// (ErrGateEscalated), AllowLimited lets one check through per Timeout. The
// clock is injectable (WithClock). A permitted ungated Check allocates
// nothing and takes tens of nanoseconds; see BENCHMARKS.md.
//
// # Budgets
//
// Budgets are integers in five dimensions: tokens, operations, time (a
// time.Duration), capital and entropy (micro-units). Spending is two-phase:
//
//	h, err := enf.Reserve(covenant.Amounts{Tokens: 2_000}) // worst case
//	...do the work...
//	err = enf.Commit(h, covenant.Amounts{Tokens: 1_234})  // what it used
//
// or enf.Release(h) if the work did not happen. At every instant, in every
// bounded dimension, committed + held <= limit, whatever the number of
// goroutines. A hold is committed at most once and never for more than it
// reserved (ErrExceedsHold); Release is idempotent; holds expire after a
// time-to-live (WithHoldTTL) and their amounts return to the budget.
// Negative amounts are rejected (ErrNegative), where kgents let them grow
// the budget.
//
// # Algebra
//
// Terms form a bounded meet-semilattice. Allows(t, r) judges one Request
// (operation, handle, instant, occurrence count of a gated operation,
// amounts spent) against terms, without review; it is what the meet
// preserves. Package covenantlaws registers these laws with the laws/
// registry and checks them on generated values, under rapid or gopter:
//
//	Meet(a, Meet(b, c)) = Meet(Meet(a, b), c)     associative
//	Meet(a, b) = Meet(b, a)                       commutative
//	Meet(a, a) = a                                idempotent
//	Meet(a, Top()) = a                            Top is the identity
//	Meet(a, Bottom()) = Bottom()                  Bottom absorbs
//	Allows(Meet(a, b), r) = Allows(a, r) && Allows(b, r)   homomorphism
//
// Meet intersects permissions and handle scopes, takes the smaller budget
// limit and the earlier expiry, and combines review gates: a trigger gated
// on one side stays gated; two gates on one trigger become one with the
// smaller threshold and the stricter (fallback, timeout) pair, in the order
// Deny < Escalate < AllowLimited, a shorter timeout being stricter for Deny
// and Escalate and a longer one for AllowLimited. An Attenuation (Only,
// Without, OnlyHandles, CapBudget, ExpireBy, AddGate) is a meet with a
// restriction, so attenuating only ever restricts and attenuations commute.
//
// Bottom is the only terms without permissions: every such terms is Equal
// to it, since no other factor can then make a difference.
//
// # Decision log
//
// WithRecorder gives an Enforcer a Recorder that receives every Decision:
// each allow, deny, gate trigger, timeout fallback and approval, and each
// reserve, refusal, commit, release and hold expiry. Package
// covenant/tracelog records them as TraceNodes in a trace ledger. The log
// is off by default, and then deciding allocates nothing for it.
//
// # Concurrency
//
// Covenant, Terms, Budget and Hold are values, safe to share. Every method
// of Enforcer is safe for concurrent use: the lifecycle state is one atomic
// pointer read by every check; the budget and each review gate are guarded
// by a short lock that waiters poll and then yield for, instead of parking.
// A Recorder is called synchronously, never while a lock is held.
//
// # JSON
//
// Covenant implements json.Marshaler and json.Unmarshaler with the kgents
// to_dict shape, plus three extension keys written only when used (budget,
// scoped_handles, all_permissions_except); see MarshalJSON. Decoding
// errors match ErrMalformed and name the place, e.g.
// "review_gates[1].threshold".
package covenant
