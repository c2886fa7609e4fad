package poly

import (
	"errors"
	"fmt"
)

// ErrRejected is matched (with errors.Is) by every [*RejectError]: an
// agent was invoked in a state outside its positions or with an input its
// directions do not accept.
var ErrRejected = errors.New("poly: rejected")

// ErrZeroAgent is returned by the methods of the zero [Agent], which is not
// an agent.
var ErrZeroAgent = errors.New("poly: use of the zero Agent; build agents with the constructors of package poly")

// Reason says why an invocation was rejected.
type Reason uint8

const (
	// InvalidState: the state is not one of the agent's positions.
	InvalidState Reason = iota + 1
	// InvalidInput: the input is not in the agent's directions at the state.
	InvalidInput
)

// String returns "invalid state" or "invalid input".
func (r Reason) String() string {
	switch r {
	case InvalidState:
		return "invalid state"
	case InvalidInput:
		return "invalid input"
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// RejectError reports an invocation that an agent refused, as kgents'
// PolyAgent.invoke does with its ValueError: the agent, the reason, the
// state and the input. In a composition, the agent named is the part that
// refused (the right side of a seq refusing the left side's output, say).
type RejectError struct {
	Agent  string
	Reason Reason
	State  Value
	Input  Value
	// Accepted describes the directions at State, for InvalidInput.
	Accepted string
}

// Error says which agent refused what, and why.
func (e *RejectError) Error() string {
	if e.Reason == InvalidState {
		return fmt.Sprintf("poly: agent %s: invalid state %s", e.Agent, Format(e.State))
	}
	return fmt.Sprintf("poly: agent %s: invalid input %s for state %s (accepts %s)", e.Agent, Format(e.Input), Format(e.State), e.Accepted)
}

// Is makes errors.Is(err, ErrRejected) true.
func (e *RejectError) Is(target error) bool { return target == ErrRejected }

// StepError is the error of [Agent.Run] and [Agent.RunFrom]: the step
// (0-based index into the inputs) whose invocation failed, and why.
type StepError struct {
	Step int
	Err  error
}

// Error prefixes the step to the cause.
func (e *StepError) Error() string { return fmt.Sprintf("step %d: %v", e.Step, e.Err) }

// Unwrap returns the cause, so errors.Is(err, ErrRejected) and errors.As
// reach it.
func (e *StepError) Unwrap() error { return e.Err }
