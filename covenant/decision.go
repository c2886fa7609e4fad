package covenant

import "fmt"

// DecisionKind says what an Enforcer decided.
type DecisionKind uint8

// The decisions an Enforcer reports to its Recorder.
const (
	Allowed         DecisionKind = iota + 1 // Check or CheckHandle allowed
	Denied                                  // a check was denied; Decision.Err says why
	GateTriggered                           // a check reached its gate's threshold (and was denied)
	FallbackAllowed                         // an AllowLimited gate let a check through after its timeout
	GateApproved                            // Approve reset a gate
	Reserved                                // Reserve made a hold; Decision.Amounts reserved
	ReserveDenied                           // Reserve failed; Decision.Err says why
	Committed                               // Commit spent Decision.Amounts of a hold
	Released                                // Release returned a hold unspent
	HoldExpired                             // a hold passed its time-to-live unsettled
)

var decisionNames = [...]string{"", "allow", "deny", "gate_trigger", "fallback_allow", "gate_approve",
	"reserve", "reserve_deny", "commit", "release", "hold_expire"}

// String returns a short snake_case name such as "gate_trigger".
func (k DecisionKind) String() string {
	if int(k) < len(decisionNames) && k != 0 {
		return decisionNames[k]
	}
	return fmt.Sprintf("DecisionKind(%d)", uint8(k))
}

// Decision is one entry of the decision log.
type Decision struct {
	Kind     DecisionKind
	Covenant ID
	Op       string  // operation, handle or gate trigger; "" for budget decisions
	Err      error   // why, for denials
	Amounts  Amounts // for budget decisions
	Hold     uint64  // the hold's sequence number, for budget decisions
}

// A Recorder receives the decisions of an Enforcer: the decision log. Record
// is called synchronously on the deciding goroutine, after the decision and
// with no lock held, so it must be safe for concurrent use; it may call the
// Enforcer. Decisions of concurrent calls may arrive in either order. Record
// may keep the Decision; its fields are never modified afterwards.
//
// The covenant/tracelog package records decisions as trace nodes in a
// trace ledger.
type Recorder interface {
	Record(Decision)
}

// WithRecorder sends every decision of the Enforcer to r. Without it (the
// default) nothing is recorded and deciding allocates nothing for the log.
func WithRecorder(r Recorder) EnforcerOption {
	return func(e *Enforcer) { e.rec = r }
}
