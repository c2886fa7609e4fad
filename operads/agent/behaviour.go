package agent

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kgents/kgents-core/operads/poly"
)

// Normalisation names a canonical form of outputs under which two
// behaviours are compared: [Strict] (the outputs as they are) or
// [UpToReassociation] (nested pairs flattened).
type Normalisation struct {
	Name  string
	Apply func(poly.Value) poly.Value
}

var (
	// Strict compares outputs as they are.
	Strict = Normalisation{Name: "strict", Apply: func(v poly.Value) poly.Value { return v }}
	// UpToReassociation compares outputs after reassociating nested pairs
	// to the right: pair(pair(x, y), z) and pair(x, pair(y, z)) are equal.
	UpToReassociation = Normalisation{Name: "up to reassociation of pairs", Apply: poly.Reassociate}
)

// Normalisations returns the named normalisations by name: "strict" and
// "reassociation".
func Normalisations() map[string]Normalisation {
	return map[string]Normalisation{"strict": Strict, "reassociation": UpToReassociation}
}

// Outcome is what running an agent on an input sequence shows from
// outside: the outputs, normalised, and how the run ended. Two agents
// behave alike on a sequence when their outcomes are equal.
type Outcome struct {
	Outputs []poly.Value
	// Failure is "" when every input was consumed, and otherwise the kind
	// of failure at step len(Outputs): "rejected" (a *poly.RejectError,
	// whichever part refused), "bound" (a *BoundError) or "error: …".
	Failure string
}

// String prints the outcome as [o1, o2] or [o1] then rejected.
func (o Outcome) String() string {
	parts := make([]string, len(o.Outputs))
	for i, v := range o.Outputs {
		parts[i] = poly.Format(v)
	}
	s := "[" + strings.Join(parts, ", ") + "]"
	if o.Failure != "" {
		s += " then " + o.Failure
	}
	return s
}

// Equal reports whether two outcomes are the same.
func (o Outcome) Equal(p Outcome) bool {
	if o.Failure != p.Failure || len(o.Outputs) != len(p.Outputs) {
		return false
	}
	for i := range o.Outputs {
		if o.Outputs[i] != p.Outputs[i] {
			return false
		}
	}
	return true
}

// Behaviour runs a from its initial state on inputs and returns the
// outcome, with outputs normalised by norm.
func Behaviour(a poly.Agent, inputs []poly.Value, norm Normalisation) Outcome {
	outs, err := a.Run(inputs...)
	if norm.Apply != nil {
		for i, v := range outs {
			outs[i] = norm.Apply(v)
		}
	}
	return Outcome{Outputs: outs, Failure: failureKind(err)}
}

func failureKind(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, poly.ErrRejected):
		return "rejected"
	case errors.Is(err, ErrBound):
		return "bound"
	}
	var se *poly.StepError
	if errors.As(err, &se) {
		err = se.Err
	}
	return fmt.Sprintf("error: %v", err)
}
