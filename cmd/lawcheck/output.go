package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/kgents/kgents-core/laws"
)

// printer writes a stream of law results as they finish: one line per law
// (or one JSON record under -json), then the reports of the laws that did
// not pass and a summary. On a terminal it keeps a progress line under the
// results once a run has taken longer than progressAfter. It is safe for
// concurrent use: results arrive from the goroutine running the laws while
// the progress ticker and an interrupt come from others.
//
// Subcommands that check laws (run, and any other that streams
// laws.Result) print through it so that their output and exit codes agree.
type printer struct {
	mu       sync.Mutex
	w        io.Writer
	json     bool
	progress bool // draw the progress line (a terminal, not -json, no NO_COLOR)
	total    int  // laws expected, 0 if unknown
	start    time.Time
	// current is the law running now and since when.
	current      string
	currentStart time.Time
	shown        bool // a progress line is on screen
	results      []laws.Result
	failed       int
	err          error // the first write error
	closed       bool  // finish or interrupt has printed the summary
}

// progressAfter is how long a run goes before the progress line appears.
const progressAfter = time.Second

// newPrinter returns a printer on w. Progress is drawn only when w is a
// terminal, the output is text and NO_COLOR is not set.
func newPrinter(w io.Writer, asJSON bool, total int) *printer {
	return &printer{w: w, json: asJSON, total: total, start: time.Now(),
		progress: !asJSON && isTerminal(w) && os.Getenv("NO_COLOR") == ""}
}

// isTerminal reports whether w is a terminal (not a file, a pipe or
// /dev/null).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// started notes the law now running, for the progress line.
func (p *printer) started(instance, law string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current, p.currentStart = instance+"/"+law, time.Now()
}

// result prints r at once.
func (p *printer) result(r laws.Result) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.clearProgress()
	p.results = append(p.results, r)
	if p.current == r.Instance+"/"+r.Law {
		p.current = ""
	}
	if r.Status != laws.Passed {
		p.failed++
	}
	if p.json {
		b, err := json.Marshal(laws.RecordOf(r))
		if err != nil {
			p.fail(err)
			return
		}
		p.write(string(b) + "\n")
		return
	}
	line := fmt.Sprintf("%-7s %s/%s  %s  (%d cases", r.Status, r.Instance, r.Law, oneLine(r.Equation), r.Cases)
	if r.Discarded > 0 {
		line += fmt.Sprintf(", %d discarded", r.Discarded)
	}
	p.write(line + ")\n")
}

// log writes a line of verbose output to w, off the progress line.
func (p *printer) log(w io.Writer, line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearProgress()
	fmt.Fprintln(w, line)
}

// tick redraws the progress line, if it is due.
func (p *printer) tick(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.progress || p.closed || now.Sub(p.start) < progressAfter {
		return
	}
	p.write("\r\x1b[K" + p.progressLine(now))
	p.shown = true
}

// progressLine is the text of the progress line at now.
func (p *printer) progressLine(now time.Time) string {
	done := fmt.Sprintf("%d", len(p.results))
	if p.total > 0 {
		done += fmt.Sprintf("/%d", p.total)
	}
	s := fmt.Sprintf("[%s laws, %d failed, %v]", done, p.failed, now.Sub(p.start).Round(100*time.Millisecond))
	if p.current != "" {
		s += fmt.Sprintf(" %s (%v)", p.current, now.Sub(p.currentStart).Round(100*time.Millisecond))
	}
	return s
}

func (p *printer) clearProgress() {
	if p.shown {
		p.write("\r\x1b[K")
		p.shown = false
	}
}

// runProgress redraws the progress line every interval until stop is
// closed.
func (p *printer) runProgress(interval time.Duration, stop <-chan struct{}) {
	if !p.progress {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case now := <-t.C:
			p.tick(now)
		}
	}
}

// finish prints the reports of the laws that did not pass and the summary
// line (text only), and returns the exit code. note, if not empty, is
// added to the summary (such as the run's settings).
func (p *printer) finish(note string) int {
	return p.close(note, false)
}

// interrupt prints what has finished, as finish does, says that the run was
// interrupted, and returns exitInterrupted. Results arriving later are
// dropped.
func (p *printer) interrupt(note string) int {
	return p.close(note, true)
}

func (p *printer) close(note string, interrupted bool) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return exitInterrupted
	}
	p.clearProgress()
	p.closed = true
	if !p.json {
		counts := map[laws.Status]int{}
		for _, r := range p.results {
			counts[r.Status]++
			if r.Status != laws.Passed {
				p.write("\n" + r.Report())
			}
		}
		var b strings.Builder
		fmt.Fprintf(&b, "\n%s: %d passed, %d failed, %d errored", count(len(p.results), "law"), counts[laws.Passed], counts[laws.Failed], counts[laws.Errored])
		if interrupted && p.total > 0 {
			fmt.Fprintf(&b, ", %d not run", p.total-len(p.results))
		}
		fmt.Fprintf(&b, " (")
		if note != "" {
			fmt.Fprintf(&b, "%s, ", note)
		}
		fmt.Fprintf(&b, "%v)", time.Since(p.start).Round(time.Millisecond))
		if interrupted {
			b.WriteString("\ninterrupted")
			if p.current != "" {
				fmt.Fprintf(&b, " while checking %s", p.current)
			}
		}
		p.write(b.String() + "\n")
	}
	switch {
	case interrupted:
		return exitInterrupted
	case p.err != nil:
		return exitUsage
	case p.failed > 0:
		return exitFailed
	}
	return exitOK
}

func (p *printer) write(s string) {
	if p.err != nil {
		return
	}
	if _, err := io.WriteString(p.w, s); err != nil {
		p.fail(err)
	}
}

func (p *printer) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}
