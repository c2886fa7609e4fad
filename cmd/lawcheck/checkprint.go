package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/kgents/kgents-core/internal/jsonoperad"
	"github.com/kgents/kgents-core/laws"
)

// checkPrinter writes the results of check and replay as text or JSON lines,
// counts them, and keeps a progress line on a terminal.
type checkPrinter struct {
	out, errw io.Writer
	asJSON    bool
	stats     bool

	total, failed int
	counts        map[laws.Status]int

	mu       sync.Mutex
	status   string // what is being checked, for the progress line
	started  time.Time
	shown    bool // a progress line is on the screen
	done     chan struct{}
	wg       sync.WaitGroup
	terminal bool
}

func newCheckPrinter(stdout, stderr io.Writer, asJSON, stats bool) *checkPrinter {
	terminal := !asJSON && os.Getenv("NO_COLOR") == "" && isTerminal(stdout) && isTerminal(stderr)
	return startCheckPrinter(stdout, stderr, asJSON, stats, terminal, time.Now())
}

// startCheckPrinter is newCheckPrinter with the decision to draw a progress line
// made, and the time the run started.
func startCheckPrinter(stdout, stderr io.Writer, asJSON, stats, terminal bool, started time.Time) *checkPrinter {
	p := &checkPrinter{out: stdout, errw: stderr, asJSON: asJSON, stats: stats, counts: map[laws.Status]int{}, started: started, terminal: terminal}
	if p.terminal {
		p.done = make(chan struct{})
		p.wg.Add(1)
		go p.tick()
	}
	return p
}

// tick redraws the progress line on stderr while a run that has lasted
// more than a second goes on.
func (p *checkPrinter) tick() {
	defer p.wg.Done()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.done:
			return
		case <-t.C:
			p.mu.Lock()
			if time.Since(p.started) > time.Second && p.status != "" {
				fmt.Fprintf(p.errw, "\r\033[Klawcheck: %d laws done, checking %s (%s)", p.total, p.status, time.Since(p.started).Round(time.Second))
				p.shown = true
			}
			p.mu.Unlock()
		}
	}
}

func (p *checkPrinter) clearLocked() {
	if p.shown {
		fmt.Fprint(p.errw, "\r\033[K")
		p.shown = false
	}
}

func (p *checkPrinter) stop() {
	if p.done != nil {
		close(p.done)
		p.wg.Wait()
		p.done = nil
	}
	p.mu.Lock()
	p.clearLocked()
	p.mu.Unlock()
}

func (p *checkPrinter) progress(what string) {
	p.mu.Lock()
	p.status = what
	p.mu.Unlock()
}

func (p *checkPrinter) file(o *jsonoperad.Operad) {
	if p.asJSON {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	fmt.Fprintf(p.out, "%s: %s (%s)\n", o.File, o.Name, count(len(o.Laws), "law"))
}

func (p *checkPrinter) note(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	if p.asJSON {
		fmt.Fprintf(p.errw, format, args...)
		return
	}
	fmt.Fprintf(p.out, format, args...)
}

func (p *checkPrinter) errorf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	fmt.Fprintf(p.errw, format, args...)
}

// result prints one law's result: a line, and for a failure the full
// report of package laws and where the case was saved.
func (p *checkPrinter) result(o *jsonoperad.Operad, r laws.Result, st *jsonoperad.Stats, saved string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	p.total++
	p.counts[r.Status]++
	holds := r.Status == laws.Passed || r.Status == laws.Proved
	if !holds {
		p.failed++
	}
	if p.asJSON {
		if err := writeJSONLine(p.out, toRecord(o.File, r, st, saved)); err != nil {
			fmt.Fprintf(p.errw, "lawcheck: %v\n", err)
		}
		return
	}
	label := r.Status.String()
	if !holds {
		label = "FAILED"
		if r.Status == laws.Errored {
			label = "ERRORED"
		}
	}
	how := fmt.Sprintf("%d cases, %s", r.Cases, r.Engine)
	if !holds {
		how = string(r.Engine) + ", after " + count(r.Cases, "case") + " held"
	}
	switch r.Engine {
	case "exhaustive":
		switch r.Status {
		case laws.Proved:
			how = fmt.Sprintf("all %d cases", r.Cases)
		case laws.Passed:
			how = fmt.Sprintf("every choice of agents, %d cases, compared by behaviour", r.Cases)
		default:
			how = fmt.Sprintf("first failure of an enumeration, after %d cases", r.Cases)
		}
	case "replay":
		how = "saved case"
	}
	if r.Discarded > 0 {
		how += fmt.Sprintf(", %d discarded", r.Discarded)
	}
	fmt.Fprintf(p.out, "  %-7s %s/%s  %s  (%s)\n", label, r.Instance, r.Law, oneLine(r.Equation), how)
	if st != nil && p.stats {
		for _, v := range st.Sorts {
			vars := strings.Join(v.Vars, ", ")
			if v.Count == 0 {
				fmt.Fprintf(p.out, "          %s: nothing drawn from %s\n", vars, v.Sort)
				continue
			}
			fmt.Fprintf(p.out, "          %s: %d values of %s, size %d..%d (mean %.1f)\n", vars, v.Count, v.Sort, v.MinSize, v.MaxSize, v.Mean())
		}
	}
	if !holds {
		fmt.Fprintln(p.out)
		for _, line := range splitLines(r.Report()) {
			fmt.Fprintf(p.out, "    %s\n", line)
		}
		if saved != "" && r.Engine != "replay" {
			fmt.Fprintf(p.out, "      saved: %s\n", saved)
		}
		fmt.Fprintln(p.out)
	}
}

func (p *checkPrinter) summary(files int, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
	if p.asJSON {
		return
	}
	fmt.Fprintf(p.out, "\n%s in %s: %d proved, %d passed, %d failed, %d errored (%v)\n",
		count(p.total, "law"), count(files, "file"), p.counts[laws.Proved], p.counts[laws.Passed], p.counts[laws.Failed], p.counts[laws.Errored], d.Round(time.Millisecond))
}

func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := 0
		for i < len(s) && s[i] != '\n' {
			i++
		}
		out = append(out, s[:i])
		if i < len(s) {
			i++
		}
		s = s[i:]
	}
	return out
}
