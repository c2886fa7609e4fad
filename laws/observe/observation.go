package observe

import "time"

// Type labels an observation: a test case, or a message for people.
type Type string

const (
	// TestCase is the observation of one generated case.
	TestCase Type = "test_case"
	// Info is a message about a run, such as statistics or its result.
	Info Type = "info"
	// Alert is a message that something deserves attention, such as a
	// filter that rejects most cases.
	Alert Type = "alert"
	// Error is a message that the run itself went wrong.
	Error Type = "error"
)

// Status is how a test case ended.
type Status string

const (
	// Passed: the law held on the case.
	Passed Status = "passed"
	// Failed: the case falsified the law, or made it panic.
	Failed Status = "failed"
	// GaveUp: the case was abandoned (discarded, or the generators could
	// not build it); StatusReason says why.
	GaveUp Status = "gave_up"
)

// How a case was generated, for Observation.HowGenerated. An engine may
// use others; these are the ones the report knows.
const (
	// Random: drawn at random by the engine.
	Random = "random"
	// Boundary: a boundary value (zero, extremes) chosen on purpose.
	Boundary = "boundary"
	// Mined: a constant mined from the code under test.
	Mined = "mined constant"
	// Replayed: a saved failure, replayed.
	Replayed = "replayed"
	// ShrinkStep: a candidate tried while shrinking a failure.
	ShrinkStep = "shrink step"
)

// Observation is one line of an observations file.
//
// A test case uses Status through Metadata; a message uses Title and
// Content (a Markdown string) or Details (an object, written in place of
// Content when not nil). Property and RunStart are in both.
type Observation struct {
	Type Type
	// Property names what ran: "instance/law" for a law.
	Property string
	// RunStart is the Unix time, in seconds, at which the run started.
	RunStart float64

	Status Status
	// StatusReason says why a case failed or was given up ("" otherwise).
	StatusReason string
	// Representation shows the case in the term grammar, one binding a
	// line: "x = 1\ny = seq(a, b)".
	Representation string
	// Arguments maps each variable to its value as JSON.
	Arguments Object
	// HowGenerated is one of Random, Boundary, Mined, Replayed,
	// ShrinkStep, or another engine's word; "" is written as null.
	HowGenerated string
	// Features describe the case: numbers are charted as distributions,
	// strings as categories.
	Features Object
	// Timing is where the case's time went, in seconds, by part:
	// "generate:x", "execute:test", "shrink".
	Timing Object
	// Metadata is anything else of interest (instance, law, engine, seed).
	Metadata Object

	Title   string
	Content string
	Details Object
}

// Field is one member of an [Object].
type Field struct {
	Key string
	// Value is nil, a bool, an integer or float type, a string, a
	// json.RawMessage (valid JSON, written as is), an Object, a []any, or
	// anything encoding/json can encode. It is ignored when Kind is set.
	Value any
	// Kind, when set, says the value is Int or Float: a number written
	// without being boxed into Value, which would allocate on every case.
	Kind  NumberKind
	Int   int64
	Float float64
}

// NumberKind says which unboxed number a [Field] holds.
type NumberKind uint8

const (
	// Boxed: the value is Field.Value.
	Boxed NumberKind = iota
	// IntNumber: the value is Field.Int.
	IntNumber
	// FloatNumber: the value is Field.Float.
	FloatNumber
	// Seconds: the value is Field.Int nanoseconds, written as seconds.
	Seconds
)

// Int returns a field holding an integer, unboxed.
func Int(key string, v int64) Field { return Field{Key: key, Kind: IntNumber, Int: v} }

// Float returns a field holding a float, unboxed.
func Float(key string, v float64) Field { return Field{Key: key, Kind: FloatNumber, Float: v} }

// Duration returns a field holding a duration, written in seconds as
// [AppendNanoseconds] writes them (exact, and cheaper to print than a
// float).
func Duration(key string, d time.Duration) Field {
	return Field{Key: key, Kind: Seconds, Int: int64(d)}
}

// Any returns the field's value, boxed.
func (f Field) Any() any {
	switch f.Kind {
	case IntNumber:
		return f.Int
	case FloatNumber:
		return f.Float
	case Seconds:
		return time.Duration(f.Int).Seconds()
	}
	return f.Value
}

// Object is a JSON object whose members keep their order.
type Object []Field

// Get returns the value of the first member named key.
func (o Object) Get(key string) (any, bool) {
	for _, f := range o {
		if f.Key == key {
			return f.Any(), true
		}
	}
	return nil, false
}

// Number returns the member named key as a float64, if it is a number.
func (o Object) Number(key string) (float64, bool) {
	v, ok := o.Get(key)
	if !ok {
		return 0, false
	}
	return toFloat(v)
}

// String returns the member named key, if it is a string.
func (o Object) String(key string) (string, bool) {
	v, ok := o.Get(key)
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	return s, ok
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint:
		return float64(x), true
	}
	return 0, false
}
