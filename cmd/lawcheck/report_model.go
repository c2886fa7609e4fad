package main

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/kgents/kgents-core/laws/observe"
)

// reportRun is what the report shows of one law run: the observations of
// one property with one run_start, summarised.
type reportRun struct {
	Property, Instance, Law string
	RunStart                float64
	// Verdict is the run's own ("passed", "failed", "errored") from its
	// result message, or "unknown" when the observations hold none: the
	// report never infers a pass from the cases alone.
	Verdict string
	Result  observe.Object
	// Counts of the cases the engine generated (shrink steps apart).
	Passed, Failed, GaveUp, ShrinkSteps int
	How                                 *category
	Reasons                             *category
	Numeric                             []*numericFeature
	Categorical                         []*category
	// ShrinkPath is the first failing case and each failing shrink step
	// after it: every case that replaced the counterexample. A step that
	// shows the same bindings as the one before it (the engine changed a
	// choice that does not show) is counted in Repeats, not listed again.
	ShrinkPath []observe.Observation
	Repeats    []int
	Messages   []observe.Observation
	// Time sums the timing of every case, shrink steps included, by part;
	// Timings are the distributions of the generation and evaluation
	// times of the generated cases, in microseconds.
	Time    timeSplit
	Timings []*numericFeature
}

// timeSplit is time in seconds by part of a case, as the timing members
// name them: generate:x (each variable's draw), execute:… (evaluation),
// shrink, and anything else (such as Hypothesis's overall:gc).
type timeSplit struct {
	Generate, Execute, Shrink, Other float64
}

// maxSeconds bounds the timing parts the report adds up (a century): a
// larger one is not a time but a broken file, and sums of such would
// overflow to infinity.
const maxSeconds = 1e10

// Total is the sum of the parts.
func (t timeSplit) Total() float64 { return t.Generate + t.Execute + t.Shrink + t.Other }

// add adds the timing of one case and returns that case's split.
func (t *timeSplit) add(timing observe.Object) timeSplit {
	var c timeSplit
	for _, f := range timing {
		v, ok := numberOf(f.Value)
		if !ok || v < 0 || v > maxSeconds {
			continue
		}
		switch {
		case strings.HasPrefix(f.Key, "generate:"):
			c.Generate += v
		case strings.HasPrefix(f.Key, "execute:"):
			c.Execute += v
		case f.Key == "shrink":
			c.Shrink += v
		default:
			c.Other += v
		}
	}
	t.Generate += c.Generate
	t.Execute += c.Execute
	t.Shrink += c.Shrink
	t.Other += c.Other
	return c
}

// Counterexample returns the case the run reported as its counterexample
// (in its result), or else the last case of the shrink path, or nil.
func (r *reportRun) Counterexample() *observe.Observation {
	rep, reported := r.Result.String("counterexample")
	if len(r.ShrinkPath) == 0 {
		if !reported {
			return nil
		}
		msg, _ := r.Result.String("message")
		return &observe.Observation{Type: observe.TestCase, Status: observe.Failed, Representation: rep, StatusReason: msg}
	}
	last := r.ShrinkPath[len(r.ShrinkPath)-1]
	if reported {
		last.Representation = rep
	}
	return &last
}

// ID is an HTML id for the run's section.
func (r *reportRun) ID() string {
	return "run-" + strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			return c
		}
		return '-'
	}, r.Property) + "-" + strings.ReplaceAll(strconv.FormatFloat(r.RunStart, 'f', 6, 64), ".", "-")
}

type numericFeature struct {
	Name   string
	Values []float64
}

// category counts the values of a string feature (or of how_generated, or
// of give-up reasons), in order of first appearance.
type category struct {
	Name   string
	Keys   []string
	Counts map[string]int
}

func newCategory(name string) *category { return &category{Name: name, Counts: map[string]int{}} }

func (c *category) add(k string) {
	if _, ok := c.Counts[k]; !ok {
		c.Keys = append(c.Keys, k)
	}
	c.Counts[k]++
}

func (c *category) total() int {
	n := 0
	for _, v := range c.Counts {
		n += v
	}
	return n
}

// isShrink reports whether a case was tried while shrinking.
func isShrink(o *observe.Observation) bool {
	return strings.HasPrefix(o.HowGenerated, "shrink")
}

// buildRuns groups observations into runs, sorted by instance, law and
// start time.
func buildRuns(obs []observe.Observation) []*reportRun {
	type key struct {
		prop  string
		start float64
	}
	byKey := map[key]*reportRun{}
	var runs []*reportRun
	numIdx := map[*reportRun]map[string]*numericFeature{}
	catIdx := map[*reportRun]map[string]*category{}
	for i := range obs {
		o := &obs[i]
		k := key{o.Property, o.RunStart}
		r := byKey[k]
		if r == nil {
			r = &reportRun{Property: o.Property, RunStart: o.RunStart, Verdict: "unknown",
				How: newCategory("how generated"), Reasons: newCategory("why cases were given up")}
			r.Instance, r.Law, _ = strings.Cut(o.Property, "/")
			byKey[k] = r
			runs = append(runs, r)
			numIdx[r] = map[string]*numericFeature{}
			catIdx[r] = map[string]*category{}
		}
		if o.Type != observe.TestCase {
			if d, ok := observe.ResultDetails(o); ok {
				r.Result = d
				if s, ok := d.String("status"); ok && s != "" {
					r.Verdict = s
				}
				continue
			}
			r.Messages = append(r.Messages, *o)
			continue
		}
		split := r.Time.add(o.Timing)
		if isShrink(o) {
			r.ShrinkSteps++
			if o.Status == observe.Failed && len(r.ShrinkPath) > 0 {
				if last := len(r.ShrinkPath) - 1; r.ShrinkPath[last].Representation == o.Representation {
					r.ShrinkPath[last] = *o
					r.Repeats[last]++
				} else {
					r.ShrinkPath = append(r.ShrinkPath, *o)
					r.Repeats = append(r.Repeats, 1)
				}
			}
			continue
		}
		if len(o.Timing) > 0 {
			if r.Timings == nil {
				r.Timings = []*numericFeature{{Name: "generation time (µs)"}, {Name: "evaluation time (µs)"}}
			}
			r.Timings[0].Values = append(r.Timings[0].Values, split.Generate*1e6)
			r.Timings[1].Values = append(r.Timings[1].Values, split.Execute*1e6)
		}
		how := o.HowGenerated
		if how == "" {
			how = "unknown"
		}
		r.How.add(how)
		switch o.Status {
		case observe.Passed:
			r.Passed++
		case observe.Failed:
			r.Failed++
			if len(r.ShrinkPath) == 0 {
				r.ShrinkPath = append(r.ShrinkPath, *o)
				r.Repeats = append(r.Repeats, 1)
			}
		case observe.GaveUp:
			r.GaveUp++
			reason := o.StatusReason
			if reason == "" {
				reason = "no reason given"
			}
			r.Reasons.add(reason)
		}
		for _, f := range o.Features {
			if v, ok := numberOf(f.Value); ok {
				nf := numIdx[r][f.Key]
				if nf == nil {
					nf = &numericFeature{Name: f.Key}
					numIdx[r][f.Key] = nf
					r.Numeric = append(r.Numeric, nf)
				}
				nf.Values = append(nf.Values, v)
			} else if s, ok := f.Value.(string); ok {
				c := catIdx[r][f.Key]
				if c == nil {
					c = newCategory(f.Key)
					catIdx[r][f.Key] = c
					r.Categorical = append(r.Categorical, c)
				}
				c.add(s)
			}
		}
	}
	sort.SliceStable(runs, func(i, j int) bool {
		a, b := runs[i], runs[j]
		if a.Instance != b.Instance {
			return a.Instance < b.Instance
		}
		if a.Law != b.Law {
			return a.Law < b.Law
		}
		return a.RunStart < b.RunStart
	})
	return runs
}

func numberOf(v any) (float64, bool) {
	f, ok := v.(float64)
	if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}
