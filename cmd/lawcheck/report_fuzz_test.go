package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/laws/observe"
)

// FuzzReportPage: any file that reads as observations draws as a page,
// never a panic or an error, whatever its representations, features and
// results hold.
func FuzzReportPage(f *testing.F) {
	f.Add([]byte(`{"type":"test_case","status":"failed","status_reason":"x","representation":"t = seq(a, par(b, c))\nn = 3","arguments":{},"how_generated":"random","features":{"n":3,"k":"a","z":1e308,"w":-1e308},"coverage":null,"timing":{},"metadata":{},"property":"i/l","run_start":1}`))
	f.Add([]byte(`{"type":"test_case","status":"failed","status_reason":"","representation":"t = f(","arguments":{},"how_generated":"shrink step","features":{"n":0.5},"coverage":null,"timing":{},"metadata":{},"property":"","run_start":-1}`))
	f.Add([]byte(`{"type":"test_case","status":"passed","status_reason":"","representation":"x = 1","arguments":{},"how_generated":"random","features":{},"coverage":null,"timing":{"generate:x":1e308,"execute:test":1.7e308,"shrink":-1,"overall:gc":"x","generate:y":5e-324},"metadata":{},"property":"i/l","run_start":1}` + "\n" +
		`{"type":"test_case","status":"passed","status_reason":"","representation":"x = 2","arguments":{},"how_generated":"shrink step","features":{},"coverage":null,"timing":{"generate:x":12e-9,"execute:test":0,"shrink":3e9},"metadata":{},"property":"i/l","run_start":1}`))
	f.Add([]byte(`{"type":"info","title":"law result","content":{"status":"<script>"},"property":"a/b","run_start":0}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		obs, err := observe.Read(bytes.NewReader(data), "fuzz")
		if err != nil {
			return
		}
		if err := writeReport(io.Discard, buildRuns(obs), "fuzz", time.Unix(0, 0)); err != nil {
			t.Fatalf("observations that read do not draw: %v", err)
		}
	})
}

func TestHistogramOfExtremeValues(t *testing.T) {
	for _, vs := range [][]float64{
		{-1.7e308, 1.7e308, 0},
		{0.5, 0.5, 0.5},
		{1e-300, 2e-300},
		{-3, 100000},
	} {
		h := string(histogram(&numericFeature{Name: "v", Values: vs}))
		if n := bytes.Count([]byte(h), []byte(`<rect class="bar"`)); n == 0 {
			t.Errorf("%v: no bars", vs)
		}
	}
}

// Timing parts that are not times (negative, not numbers, beyond a
// century) are left out of a run's sums, which stay finite.
func TestTimeSplitLeavesOutWhatIsNotATime(t *testing.T) {
	var ts timeSplit
	ts.add(observe.Object{{Key: "generate:x", Value: 2e-6}, {Key: "execute:test", Value: 1.7e308}, {Key: "shrink", Value: -1.0},
		{Key: "generate:y", Value: "fast"}, {Key: "overall:gc", Value: 1e-6}, {Key: "execute:test", Value: 3e-6}})
	if ts != (timeSplit{Generate: 2e-6, Execute: 3e-6, Other: 1e-6}) {
		t.Errorf("split %+v", ts)
	}
	if h := string(timeChart(ts)); strings.Contains(h, "NaN") || strings.Contains(h, "Inf") || strings.Count(h, `<rect class="part`) != 6 {
		t.Errorf("chart of %+v: %s", ts, h)
	}
}
