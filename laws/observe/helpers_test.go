package observe_test

import (
	"encoding/json"
	"math"
	"time"

	"github.com/kgents/kgents-core/laws/observe"
)

// sampleRun returns observations of every shape a law run writes: cases
// that pass, fail, give up and shrink, with odd strings and numbers, and
// messages with text and with details.
func sampleRun() []observe.Observation {
	meta := observe.Object{{Key: "instance", Value: "int_subtraction"}, {Key: "law", Value: "associativity"}, {Key: "engine", Value: "rapid"}}
	return []observe.Observation{
		{
			Type: observe.TestCase, Status: observe.Passed,
			Representation: "x = 0\ny = 1\nz = -3",
			Arguments:      observe.Object{{Key: "x", Value: 0}, {Key: "y", Value: int64(1)}, {Key: "z", Value: json.RawMessage(`-3`)}},
			HowGenerated:   observe.Random,
			Features:       observe.Object{{Key: "size:x", Value: 1}, {Key: "kind", Value: "small"}},
			Timing:         observe.Object{{Key: "generate:x", Value: 1.5e-7}, {Key: "execute:test", Value: 2e-6}},
			Metadata:       meta,
		},
		{
			Type: observe.TestCase, Status: observe.Failed, StatusReason: "lhs != rhs",
			Representation: "t = seq(a, id())\n\"quoted\" \u2028 \x01 \xff",
			Arguments:      observe.Object{{Key: "t", Value: "seq(a, id())"}, {Key: "nan", Value: math.NaN()}, {Key: "inf", Value: math.Inf(-1)}},
			HowGenerated:   observe.ShrinkStep,
			Features:       observe.Object{{Key: "term nodes:t", Value: 3}, {Key: "term depth:t", Value: 2}, {Key: "big", Value: 1e300}, {Key: "frac", Value: 0.25}},
			Timing:         observe.Object{{Key: "shrink", Value: 0.001}},
			Metadata:       observe.Object{{Key: "nested", Value: observe.Object{{Key: "a", Value: []any{1, "two", nil, true}}}}, {Key: "any", Value: map[string]int{"k": 1}}},
		},
		{
			Type: observe.TestCase, Status: observe.GaveUp, StatusReason: "discarded: both sides undefined",
			Representation: "", Arguments: nil, HowGenerated: "",
		},
		{Type: observe.Info, Title: "result", Details: observe.Object{{Key: "status", Value: "failed"}, {Key: "cases", Value: 7}}},
		{Type: observe.Alert, Title: "filter rejects most cases", Content: "**91%** of the cases were discarded"},
		{Type: observe.Error, Title: "engine", Content: ""},
	}
}

var sampleStart = time.Unix(1764900000, 123456789)
