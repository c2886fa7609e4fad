package pybridge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Version is the protocol version: every request carries it as "v".
// Responses of version 2 and of the older version 1 (MinVersion), whose
// describe has no sorts and names leaves bare, are read; any other version
// is refused.
const Version = 2

// MinVersion is the oldest protocol version whose responses are read.
const MinVersion = 1

// Request is one line sent to the evaluator.
type Request struct {
	V  int    `json:"v"`
	ID int    `json:"id"`
	Op string `json:"op"` // "describe", "eval" or "done"
	// eval
	Operad    string `json:"operad,omitempty"`
	Unchecked bool   `json:"unchecked,omitempty"`
	TimeoutMS int64  `json:"timeout_ms,omitempty"`
	Runs      []Run  `json:"runs,omitempty"`
	// Batch is shared by the requests of one pipelined batch: after a run
	// times out, the evaluator skips the rest of its batch.
	Batch int `json:"batch,omitempty"`
	// done (stdio mode only): the results and the report, after which the
	// checker exits.
	Results []LawResult `json:"results,omitempty"`
	Report  string      `json:"report,omitempty"`
}

// Run asks the evaluator to build a term and run it on a sequence of
// inputs, given as indices into the operad's input list.
type Run struct {
	Term   json.RawMessage `json:"term"`
	Inputs []int           `json:"inputs"`
}

// Response is one line read from the evaluator.
type Response struct {
	V        int         `json:"v"`
	ID       *int        `json:"id"`
	OK       bool        `json:"ok"`
	Error    *Failure    `json:"error,omitempty"`
	Describe *Describe   `json:"describe,omitempty"`
	Results  []RunResult `json:"results,omitempty"`
}

// Failure is an error reported by the evaluator, for a whole request or for
// one run. Kind says what went wrong: "import" and "model" (the operad
// cannot be served), "protocol" and "request" (a malformed request),
// "compose" (building the term raised), "skipped" (not run, after a
// timeout earlier in the same request), "budget" (building or running ran
// out of memory or recursion), "timeout" (no result within the per-run
// timeout), "state" (no initial state for the term), "internal".
type Failure struct {
	Kind      string `json:"kind"`
	Message   string `json:"message"`
	Traceback string `json:"traceback,omitempty"`
}

// RunResult is the outcome of one Run: the outputs and, when an exception
// ended the run early, that exception; or Error when the term could not be
// built or run.
type RunResult struct {
	Outputs []Value  `json:"outputs"`
	Raised  *Value   `json:"raised,omitempty"`
	Error   *Failure `json:"error,omitempty"`
}

// Describe is the evaluator's answer to "describe".
type Describe struct {
	Protocol int              `json:"protocol"`
	Python   string           `json:"python"`
	Operads  []OperadDescribe `json:"operads"`
}

// OperadDescribe describes one operad: its operations, declared laws,
// leaves, identity and inputs.
type OperadDescribe struct {
	Name       string          `json:"name"`
	Operations []OperationDesc `json:"operations"`
	Laws       []LawDesc       `json:"laws"`
	Leaves     []LeafDesc      `json:"leaves"`
	Identity   *IdentityDesc   `json:"identity"`
	Inputs     []Value         `json:"inputs"`
	MaxInputs  int             `json:"max_inputs"`
}

// OperationDesc is one operation: arity -1 (Variadic) takes one or more
// arguments. Args are the sorts of the arguments (one per argument, or a
// last one that repeats) and Result the sort of the composite; an empty
// Args or Result means "agent", which is also all that version 1 knew.
type OperationDesc struct {
	Name     string   `json:"name"`
	Arity    int      `json:"arity"`
	Variadic bool     `json:"variadic"`
	Args     []string `json:"args,omitempty"`
	Result   string   `json:"result,omitempty"`
}

// Well-known sorts of leaves and operation positions.
const (
	SortAgent     = "agent"
	SortPredicate = "predicate"
	SortValue     = "value"
)

// LeafDesc is one leaf a law variable may be bound to, and its sort: an
// empty Sort means "agent". In JSON it is {"name": ..., "sort": ...}, or a
// bare name (protocol version 1).
type LeafDesc struct {
	Name string `json:"name"`
	Sort string `json:"sort,omitempty"`
}

// UnmarshalJSON reads a leaf object or a bare name.
func (l *LeafDesc) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && data[0] == '"' {
		*l = LeafDesc{}
		return json.Unmarshal(data, &l.Name)
	}
	type plain LeafDesc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p plain
	if err := dec.Decode(&p); err != nil {
		return err
	}
	*l = LeafDesc(p)
	return nil
}

// SortOr returns the leaf's sort, "agent" when it has none.
func (l LeafDesc) SortOr() string { return sortOr(l.Sort) }

func sortOr(s string) string {
	if s == "" {
		return SortAgent
	}
	return s
}

// LawDesc is a declared law: its name and equation text.
type LawDesc struct {
	Name     string `json:"name"`
	Equation string `json:"equation"`
}

// IdentityDesc names the identity leaf and the binary operations it is
// expected to be a unit of (identity laws are inferred for them).
type IdentityDesc struct {
	Leaf string   `json:"leaf"`
	Ops  []string `json:"ops"`
}

// ErrProtocol is matched by every *ProtocolError.
var ErrProtocol = errors.New("pybridge: protocol error")

// ProtocolError is a response line that is not a valid response.
type ProtocolError struct {
	Line []byte // the offending line, cut to 200 bytes
	Msg  string
}

// Error quotes the malformed response line and says what is wrong with it.
func (e *ProtocolError) Error() string {
	return fmt.Sprintf("pybridge: malformed response line %q: %s", e.Line, e.Msg)
}

// Is makes errors.Is(err, ErrProtocol) true.
func (e *ProtocolError) Is(target error) bool { return target == ErrProtocol }

func protoErr(line []byte, format string, args ...any) error {
	if len(line) > 200 {
		line = append(append([]byte(nil), line[:200]...), "..."...)
	}
	return &ProtocolError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// DecodeResponse decodes and validates one response line: valid JSON of
// the response shape, version 1 or 2, no unknown fields, and every value of a
// valid kind (see Value.Validate). It never panics.
func DecodeResponse(line []byte) (*Response, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	var r Response
	if err := dec.Decode(&r); err != nil {
		return nil, protoErr(line, "%v", err)
	}
	if dec.More() {
		return nil, protoErr(line, "more than one JSON value on the line")
	}
	if r.V < MinVersion || r.V > Version {
		return nil, protoErr(line, "protocol version %d, want %d to %d", r.V, MinVersion, Version)
	}
	if !r.OK && r.Error == nil {
		return nil, protoErr(line, "\"ok\": false without an error")
	}
	if d := r.Describe; d != nil {
		for _, o := range d.Operads {
			for _, v := range o.Inputs {
				if err := v.Validate(); err != nil {
					return nil, protoErr(line, "operad %s: input: %v", o.Name, err)
				}
			}
		}
	}
	for i, res := range r.Results {
		for _, v := range res.Outputs {
			if err := v.Validate(); err != nil {
				return nil, protoErr(line, "result %d: output: %v", i, err)
			}
		}
		if res.Raised != nil {
			if err := res.Raised.Validate(); err != nil {
				return nil, protoErr(line, "result %d: raised: %v", i, err)
			}
		}
	}
	return &r, nil
}
