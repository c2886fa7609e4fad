package laws

import (
	"testing"
	"time"

	"github.com/kgents/kgents-core/laws/observe"
)

// The observer's share of one case of three int variables: building the
// observation, with its timing split, and handing it to the writer.
func BenchmarkObserverTestCase(b *testing.B) {
	law := Property("p", "true", func(d *Draws) error { return nil })
	ob := newObserver(b.TempDir(), "int_addition", law, config{engine: Rapid})
	defer ob.finish(&Result{})
	ob.w.SetMaxTestCases(1 << 30)
	out := outcome{kind: holds, bindings: []Binding{{Name: "x", Value: -1111784}, {Name: "y", Value: 3574995}, {Name: "z", Value: 3}}}
	ob.clock.start = time.Microsecond
	ob.clock.marks = []drawMark{{0, 1100 * time.Nanosecond}, {1, 1230 * time.Nanosecond}, {2, 1350 * time.Nanosecond}}
	b.ReportAllocs()
	for b.Loop() {
		ob.testCase(out, observe.Random, 1777*time.Nanosecond)
	}
}
