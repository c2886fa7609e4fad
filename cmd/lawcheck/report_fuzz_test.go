package main

import (
	"bytes"
	"io"
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
