package laws

import (
	"time"

	"github.com/kgents/kgents-core/laws/observe"
)

// caseClock splits the time of one observed case into its parts: the
// draw of each variable (generation) and the rest of the check
// (evaluation). The wrapper of an observed law starts it when the check
// begins, [Draw] marks the end of each variable's draw, and the observer
// reads the marks when the case ends. Generation and evaluation are
// interleaved in a law's code, so a mark at the end of every draw is what
// places the boundary: a variable's generation is the time from the mark
// before it (or the start of the case) to the end of its draw, and
// evaluation is the time from the last mark to the end of the case. A law
// that computes between two draws, rather than after all of them, counts
// that work in the next variable's generation.
//
// A run without observation has no clock: Draw then tests one nil
// pointer and reads no clock.
type caseClock struct {
	origin time.Time     // the observer's start; marks are durations since
	start  time.Duration // when the case began
	marks  []drawMark
}

// drawMark is the end of one variable's draw: the index of its binding
// and when.
type drawMark struct {
	binding int
	at      time.Duration
}

func (c *caseClock) now() time.Duration { return time.Since(c.origin) }

// begin starts the timing of a case.
func (c *caseClock) begin() {
	c.marks = c.marks[:0]
	c.start = c.now()
}

// drew notes that the draw of the last binding has ended, when the case
// is timed.
func (d *Draws) drew() {
	if d.clock != nil {
		d.clock.marks = append(d.clock.marks, drawMark{binding: len(d.bindings) - 1, at: d.clock.now()})
	}
}

// unlabeled names the generation of a variable whose draw did not end: a
// case the generators could not build stops inside a draw.
const unlabeled = "generate:unlabeled"

// appendTiming appends the parts of the case that ended at end, in
// seconds, under the names Hypothesis uses: generate:x for the draw of
// each variable x, execute:test for the evaluation, and for a shrink step
// shrink, the shrinker's work on the candidate since the case before was
// written. The parts do not overlap; together they are the case's time.
func (ob *observer) appendTiming(tm observe.Object, out outcome, how string, end time.Duration) observe.Object {
	c := &ob.clock
	if how == observe.ShrinkStep && ob.idle > 0 && c.start >= ob.idle {
		tm = append(tm, observe.Duration("shrink", c.start-ob.idle))
	}
	prev := c.start
	for _, m := range c.marks {
		if m.binding >= len(out.bindings) {
			continue
		}
		tm = addDuration(tm, ob.key("generate:", out.bindings[m.binding].Name), m.at-prev)
		prev = m.at
	}
	rest := max(end-prev, 0)
	if out.kind == unusable {
		return addDuration(tm, unlabeled, rest)
	}
	return append(tm, observe.Duration("execute:test", rest))
}

// addDuration adds d to the member named key, or appends it: a law that
// draws two variables of one name has one generate member for both.
func addDuration(tm observe.Object, key string, d time.Duration) observe.Object {
	d = max(d, 0)
	for i := range tm {
		if tm[i].Key == key {
			tm[i].Int += int64(d)
			return tm
		}
	}
	return append(tm, observe.Duration(key, d))
}
