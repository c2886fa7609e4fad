package covenant

import (
	"fmt"
	"strings"
)

// kind is a sentinel error with a parent, so that errors.Is follows the
// kgents hierarchy: errors.Is(ErrRevoked, ErrCovenant) is true, and so is
// errors.Is(ErrNotPermitted, ErrNotGranted).
type kind struct {
	name   string
	parent *kind
}

func (k *kind) Error() string { return "covenant: " + k.name }

// Is reports whether target is k or one of its ancestors.
func (k *kind) Is(target error) bool {
	for p := k; p != nil; p = p.parent {
		if error(p) == target {
			return true
		}
	}
	return false
}

func newKind(name string, parent *kind) *kind { return &kind{name: name, parent: parent} }

var (
	errCovenant = newKind("covenant error", nil)

	errNotGranted    = newKind("not granted", errCovenant)
	errNotPermitted  = newKind("operation not permitted", errNotGranted)
	errRevoked       = newKind("revoked", errCovenant)
	errExpired       = newKind("expired", errCovenant)
	errGateTriggered = newKind("review gate triggered", errCovenant)
	errGateTimedOut  = newKind("review timed out", errGateTriggered)
	errGateEscalated = newKind("review escalated", errGateTriggered)
	errTransition    = newKind("illegal transition", errCovenant)

	errBudgetExceeded   = newKind("budget exceeded", errCovenant)
	errExceedsHold      = newKind("commit exceeds hold", errBudgetExceeded)
	errHandleNotInScope = newKind("handle not in scope", errCovenant)
	errHold             = newKind("invalid hold", errCovenant)
	errHoldExpired      = newKind("hold expired", errHold)
	errHoldSettled      = newKind("hold already settled", errHold)
	errUnknownHold      = newKind("unknown hold", errHold)

	errInvalid       = newKind("invalid", errCovenant)
	errDuplicateGate = newKind("duplicate review gate trigger", errInvalid)
	errNegative      = newKind("negative amount", errInvalid)
	errMalformed     = newKind("malformed JSON", errInvalid)
	errUnknownGate   = newKind("unknown review gate", errInvalid)
)

// Error kinds. Every error this package returns matches exactly one of the
// leaf kinds below and, through errors.Is, all of that kind's ancestors; the
// tree mirrors the Python exception hierarchy of kgents (docs/covenant.md) with
// the Offering errors folded in, since budgets and handle scopes live on the
// covenant here.
//
//	ErrCovenant                     CovenantError (base)
//	├── ErrNotGranted               CovenantNotGranted: status is not GRANTED
//	│   └── ErrNotPermitted         CovenantNotGranted: operation not in permissions
//	├── ErrRevoked                  CovenantRevoked
//	├── ErrExpired                  CovenantError "has expired" (not a NotGranted)
//	├── ErrGateTriggered            GateTriggered(gate); see (*Error).Gate
//	│   ├── ErrGateTimedOut         review not given in time, fallback DENY
//	│   └── ErrGateEscalated        review not given in time, fallback ESCALATE
//	├── ErrTransition               CovenantError "Cannot grant from X" and friends
//	├── ErrBudgetExceeded           BudgetExceeded
//	│   └── ErrExceedsHold          Commit with more than the hold reserved
//	├── ErrHandleNotInScope         HandleNotInScope
//	├── ErrHold                     a Hold that cannot be settled:
//	│   ├── ErrHoldExpired          its time-to-live passed
//	│   ├── ErrHoldSettled          already committed or released
//	│   └── ErrUnknownHold          zero Hold or one from another Enforcer
//	└── ErrInvalid                  bad construction input
//	    ├── ErrDuplicateGate        two review gates with one trigger
//	    ├── ErrNegative             negative amount, limit, threshold or timeout
//	    ├── ErrMalformed            JSON that does not decode; (*Error).Field says where
//	    └── ErrUnknownGate          Approve of a trigger that has no gate
var (
	ErrCovenant         error = errCovenant
	ErrNotGranted       error = errNotGranted
	ErrNotPermitted     error = errNotPermitted
	ErrRevoked          error = errRevoked
	ErrExpired          error = errExpired
	ErrGateTriggered    error = errGateTriggered
	ErrGateTimedOut     error = errGateTimedOut
	ErrGateEscalated    error = errGateEscalated
	ErrTransition       error = errTransition
	ErrBudgetExceeded   error = errBudgetExceeded
	ErrExceedsHold      error = errExceedsHold
	ErrHandleNotInScope error = errHandleNotInScope
	ErrHold             error = errHold
	ErrHoldExpired      error = errHoldExpired
	ErrHoldSettled      error = errHoldSettled
	ErrUnknownHold      error = errUnknownHold
	ErrInvalid          error = errInvalid
	ErrDuplicateGate    error = errDuplicateGate
	ErrNegative         error = errNegative
	ErrMalformed        error = errMalformed
	ErrUnknownGate      error = errUnknownGate
)

// Error is the concrete type of every error this package returns. Match
// kinds with errors.Is (ErrRevoked, ErrGateTriggered, ...) and reach the
// details with errors.As:
//
//	var ce *covenant.Error
//	if errors.As(err, &ce) {
//		if g, ok := ce.Gate(); ok { ... ask a reviewer about g.Trigger ... }
//	}
//
// Some errors are built once and shared between calls (that is how denials
// stay cheap), so an Error exposes its details through methods only.
type Error struct {
	kind *kind
	op   string   // operation, handle or trigger the error is about
	info *errInfo // never nil; often shared between errors
}

// errInfo is the rest of an Error. Denials share one per covenant state,
// which keeps an Error at 32 bytes: the one denial that allocates
// (ErrNotPermitted, which names the operation) allocates that much.
type errInfo struct {
	covenant ID
	status   Status
	field    string      // JSON place or argument name, for ErrInvalid kinds
	detail   string      // free text: the reason, the allowed set, ...
	gate     *ReviewGate // the gate, for ErrGateTriggered kinds
	allowed  *permSet    // for ErrNotPermitted: rendered only when printed
	scope    *scope      // for ErrHandleNotInScope: rendered only when printed
	err      error       // wrapped cause
}

// Kind returns the leaf sentinel (ErrRevoked, ErrGateTimedOut, ...).
func (e *Error) Kind() error { return e.kind }

// Covenant returns the id of the covenant concerned, or "" if none.
func (e *Error) Covenant() ID { return e.info.covenant }

// Op returns the operation, handle or gate trigger the error is about.
func (e *Error) Op() string { return e.op }

// Field returns where a construction or decoding error was found, as a JSON
// path such as "review_gates[1].threshold", or "" if it is not about a field.
func (e *Error) Field() string { return e.info.field }

// Gate returns the review gate of an ErrGateTriggered error.
func (e *Error) Gate() (ReviewGate, bool) {
	if e.info.gate == nil {
		return ReviewGate{}, false
	}
	return *e.info.gate, true
}

// Status returns the covenant status seen when the error was raised.
func (e *Error) Status() Status { return e.info.status }

// Unwrap returns the wrapped cause (a JSON syntax error, for example).
func (e *Error) Unwrap() error { return e.info.err }

// Is reports whether target is this error's kind or one of its ancestors.
func (e *Error) Is(target error) bool { return e.kind.Is(target) }

// Error renders the message, in the wording of kgents where kgents has one.
func (e *Error) Error() string {
	in := e.info
	var b strings.Builder
	b.WriteString("covenant")
	if in.covenant != "" {
		b.WriteString(" ")
		b.WriteString(string(in.covenant))
	}
	b.WriteString(": ")
	switch e.kind {
	case errNotGranted:
		fmt.Fprintf(&b, "not granted (status: %s)", in.status)
	case errNotPermitted:
		fmt.Fprintf(&b, "operation %q not permitted (allowed: %s)", e.op, in.allowed.describe())
	case errRevoked:
		b.WriteString("revoked")
		if in.detail != "" {
			b.WriteString(": ")
			b.WriteString(in.detail)
		}
	case errExpired:
		b.WriteString("has expired")
		if in.detail != "" {
			b.WriteString(" at ")
			b.WriteString(in.detail)
		}
	case errGateTriggered:
		fmt.Fprintf(&b, "Review gate triggered: %s", e.op)
	case errGateTimedOut:
		fmt.Fprintf(&b, "review of gate %s timed out; fallback DENY", e.op)
	case errGateEscalated:
		fmt.Fprintf(&b, "review of gate %s timed out; escalated", e.op)
	case errHandleNotInScope:
		fmt.Fprintf(&b, "handle %q not in scope (allowed: %s)", e.op, in.scope.describe())
	default:
		b.WriteString(e.kind.name)
		if in.field != "" {
			b.WriteString(": ")
			b.WriteString(in.field)
		}
		if e.op != "" {
			fmt.Fprintf(&b, " %q", e.op)
		}
		if in.detail != "" {
			b.WriteString(": ")
			b.WriteString(in.detail)
		}
	}
	if in.err != nil {
		b.WriteString(": ")
		b.WriteString(in.err.Error())
	}
	return b.String()
}

// invalidf builds an ErrInvalid-family error about a field.
func invalidf(k *kind, field, format string, args ...any) *Error {
	return &Error{kind: k, info: &errInfo{field: field, detail: fmt.Sprintf(format, args...)}}
}
