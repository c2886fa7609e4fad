package laws

import "time"

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
