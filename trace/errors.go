package trace

import (
	"errors"
	"fmt"
	"time"

	"github.com/kgents/kgents-core/internal/pyjson"
)

// Sentinel errors. Every error this package returns for one of these
// conditions matches the sentinel with errors.Is, and the typed errors below
// carry the details for errors.As.
var (
	ErrDuplicateTrace     = errors.New("trace: duplicate trace id")
	ErrTraceNotFound      = errors.New("trace: trace not found")
	ErrCausalityViolation = errors.New("trace: causality violation")
	ErrInvalidNode        = errors.New("trace: invalid node")
	ErrCorrupt            = errors.New("trace: ledger corrupt")
	ErrReadOnly           = errors.New("trace: ledger is read-only")
	ErrClosed             = errors.New("trace: ledger closed")

	// ErrMissingField, ErrUnknownValue, ErrWrongType and ErrOutOfRange are
	// the reasons a *FieldError gives when a node cannot be decoded, or
	// cannot be encoded in a shape kgents reads.
	ErrMissingField = errors.New("missing required field")
	ErrUnknownValue = errors.New("unknown value")
	ErrWrongType    = errors.New("wrong type")
	ErrOutOfRange   = errors.New("out of range")
)

// DuplicateTraceError is kgents' DuplicateTraceError: a node with this id is
// already in the ledger. It is checked before any link.
type DuplicateTraceError struct {
	TraceID string
}

// Error says which id is taken.
func (e *DuplicateTraceError) Error() string {
	return fmt.Sprintf("trace: duplicate trace id %q", e.TraceID)
}

// Is makes the error match ErrDuplicateTrace.
func (e *DuplicateTraceError) Is(target error) bool { return target == ErrDuplicateTrace }

// TraceNotFoundError is kgents' TraceNotFoundError: TraceID is not in the
// ledger. On append, Node is the node whose link named it and Link the index
// of that link.
type TraceNotFoundError struct {
	TraceID string
	Node    string
	Link    int
}

// Error names the missing trace and, on append, the node and link that named it.
func (e *TraceNotFoundError) Error() string {
	if e.Node == "" {
		return fmt.Sprintf("trace: trace %q not found", e.TraceID)
	}
	return fmt.Sprintf("trace: node %q links[%d]: source trace %q not found", e.Node, e.Link, e.TraceID)
}

// Is makes the error match ErrTraceNotFound.
func (e *TraceNotFoundError) Is(target error) bool { return target == ErrTraceNotFound }

// CausalityViolationError is kgents' CausalityViolation: a node (the target)
// links to a source that is not strictly earlier. Link is the index of the
// offending link on the target.
type CausalityViolationError struct {
	SourceID, TargetID string
	SourceTS, TargetTS time.Time
	Link               int
}

// Error names the node and the link that broke causality (as
// TraceNotFoundError does), then both timestamps: the target must be after the
// source.
func (e *CausalityViolationError) Error() string {
	return fmt.Sprintf("trace: node %q links[%d]: causality violation: target %q (%s) must be after source %q (%s)",
		e.TargetID, e.Link, e.TargetID, formatTimestamp(e.TargetTS), e.SourceID, formatTimestamp(e.SourceTS))
}

// Is makes the error match ErrCausalityViolation.
func (e *CausalityViolationError) Is(target error) bool { return target == ErrCausalityViolation }

// FieldError says which field of which node could not be decoded or is not
// valid, and why. Node is the node's id, quoted, when known (followed by its
// position when read from a store file: `"trace-1" (nodes[3])`), else its
// position ("nodes[3]"); Value is the offending value as text.
type FieldError struct {
	Node  string
	Field string
	Value string
	Err   error
}

// Error names the node, the field, the reason and the value.
func (e *FieldError) Error() string {
	node := e.Node
	if node == "" {
		node = "?"
	}
	if errors.Is(e.Err, ErrMissingField) {
		return fmt.Sprintf("trace: node %s: field %s: %v", node, e.Field, e.Err)
	}
	return fmt.Sprintf("trace: node %s: field %s: %v %s", node, e.Field, e.Err, e.Value)
}

// Unwrap returns the reason.
func (e *FieldError) Unwrap() error { return e.Err }

// Is makes every field error match ErrInvalidNode.
func (e *FieldError) Is(target error) bool { return target == ErrInvalidNode }

// SyntaxError places JSON that does not parse at all, in ParseNode's input
// or a store file, at a line and column (both from 1, the column in bytes).
// Err is the decoder's error (a *json.SyntaxError).
type SyntaxError struct {
	In     string // "node" (ParseNode) or "store" (ReadStore)
	Line   int
	Column int
	Err    error
	Hint   string // what probably caused it, if known
}

// Error names the input, the line and column, the reason and any hint.
func (e *SyntaxError) Error() string {
	s := fmt.Sprintf("trace: %s: line %d column %d: %v", e.In, e.Line, e.Column, e.Err)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Unwrap returns the decoder's error.
func (e *SyntaxError) Unwrap() error { return e.Err }

func syntaxError(in string, data []byte, err error) error {
	loc := pyjson.Locate(data, err)
	if loc == nil {
		return nil
	}
	return &SyntaxError{In: in, Line: loc.Line, Column: loc.Column, Err: loc.Err, Hint: loc.Hint}
}

// CorruptError says where a durable ledger is damaged: the segment file, the
// byte offset of the first bad frame in it, and the sequence number expected
// there. It matches ErrCorrupt.
type CorruptError struct {
	Segment string
	Offset  int64
	Seq     uint64
	Reason  string
	Err     error // underlying cause, if any
}

// Error names the segment, the offset and the sequence number, then the reason.
func (e *CorruptError) Error() string {
	s := fmt.Sprintf("trace: ledger corrupt: segment %s offset %d seq %d: %s", e.Segment, e.Offset, e.Seq, e.Reason)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is makes the error match ErrCorrupt.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

// Unwrap returns the underlying cause.
func (e *CorruptError) Unwrap() error { return e.Err }

// VerifyError is returned by Verify: the node at Seq (1-based) does not hash
// to the recorded digest, or the chain head recorded at Seq does not match.
type VerifyError struct {
	Seq    uint64
	ID     string
	Reason string
}

// Error names the sequence number, the node and what did not match.
func (e *VerifyError) Error() string {
	return fmt.Sprintf("trace: verify: seq %d (%q): %s", e.Seq, e.ID, e.Reason)
}

// Is makes the error match ErrCorrupt.
func (e *VerifyError) Is(target error) bool { return target == ErrCorrupt }
