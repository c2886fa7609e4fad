package observe_test

import (
	"testing"

	"github.com/kgents/kgents-core/laws/observe"
)

// BenchmarkWriteTestCase is the writer's share of observing one case: a
// typical two-variable case encoded and buffered.
func BenchmarkWriteTestCase(b *testing.B) {
	w, err := observe.Create(b.TempDir(), observe.Run{Property: "int_addition/associativity", MaxTestCases: 1 << 30,
		Metadata: observe.Object{{Key: "instance", Value: "int_addition"}, {Key: "law", Value: "associativity"}}})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	o := observe.Observation{
		Type: observe.TestCase, Status: observe.Passed,
		Representation: "x = -12\ny = 3\nz = 40",
		Arguments:      observe.Object{{Key: "x", Value: -12}, {Key: "y", Value: 3}, {Key: "z", Value: 40}},
		HowGenerated:   observe.Random,
		Features:       observe.Object{{Key: "size:x", Value: 2}, {Key: "size:y", Value: 1}, {Key: "size:z", Value: 2}},
		Timing:         observe.Object{{Key: "generate", Value: 1.2e-7}, {Key: "execute:test", Value: 3.4e-7}},
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := w.Write(&o); err != nil {
			b.Fatal(err)
		}
	}
}
