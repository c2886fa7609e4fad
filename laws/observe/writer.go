package observe

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"
)

// DefaultDir is where observations go when no directory is given,
// relative to the working directory (as Hypothesis writes to
// .hypothesis/observed).
const DefaultDir = ".lawcheck/observed"

// DefaultMaxTestCases bounds the test cases one run writes when Run does
// not say otherwise.
const DefaultMaxTestCases = 10000

// maxMessages bounds the info, alert and error lines of one run.
const maxMessages = 1000

// bufferSize is the size of the blocks in which observations reach the
// file, written in the background (see flusher), not one write per case.
const bufferSize = 256 << 10

// Run describes the run whose observations a [Writer] writes.
type Run struct {
	// Property names what runs: "instance/law" for a law.
	Property string
	// Start is when the run started; the zero time means now.
	Start time.Time
	// MaxTestCases bounds the test cases written; past it they are counted
	// and an alert at Close says how many were left out. 0 means
	// DefaultMaxTestCases.
	MaxTestCases int
	// Metadata is written as the metadata of every test case that has
	// none of its own; it is encoded once, when the writer is created.
	Metadata Object
}

// A Writer writes the observations of one run as JSON lines to a file of
// its own, in blocks written in the background. It is safe for concurrent
// use. Its errors are sticky: a failed write of a block fails the writes
// after it, and Close returns that error.
type Writer struct {
	mu       sync.Mutex
	f        *os.File
	fl       *flusher
	path     string
	property string
	runStart float64
	max      int
	cases    int
	messages int
	dropped  int
	meta     []byte // the run's metadata, encoded
	tail     []byte // the run's property and run_start, encoded
	err      error
}

// ErrClosed is returned by writes to a closed Writer.
var ErrClosed = errors.New("observe: writer is closed")

// Create creates dir if needed and a new file in it for the observations
// of run, named after its property ("instance.law.<unique>.jsonl").
func Create(dir string, run Run) (*Writer, error) {
	if dir == "" {
		dir = DefaultDir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("observe: %w", err)
	}
	f, err := os.CreateTemp(dir, fileStem(run.Property)+".*.jsonl")
	if err != nil {
		return nil, fmt.Errorf("observe: %w", err)
	}
	// CreateTemp makes files only their owner can read; observations are
	// for anyone who can read the directory.
	_ = f.Chmod(0o644)
	start := run.Start
	if start.IsZero() {
		start = time.Now()
	}
	max := run.MaxTestCases
	if max <= 0 {
		max = DefaultMaxTestCases
	}
	w := &Writer{
		f: f, fl: newFlusher(f, bufferSize), path: f.Name(),
		property: run.Property, runStart: float64(start.UnixNano()) / 1e9, max: max,
	}
	if run.Metadata != nil {
		w.meta = run.Metadata.appendJSON(nil)
	}
	w.tail = appendTail(nil, w.property, w.runStart)
	return w, nil
}

// fileStem turns a property into a file name: characters other than
// letters, digits, '-' and '_' become '.', so "int_addition/associativity"
// is "int_addition.associativity".
func fileStem(property string) string {
	if property == "" {
		return "run"
	}
	s := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '.'
	}, property)
	if len(s) > 100 {
		s = s[:100]
	}
	return s
}

// Path returns the file the writer writes to.
func (w *Writer) Path() string { return w.path }

// RunStart returns the run's start as written in every line: Unix seconds.
func (w *Writer) RunStart() float64 { return w.runStart }

// Write writes one observation, filling in its Property and RunStart from
// the run when they are empty or zero, and a test case's Metadata from the
// run's when it is nil. A test case past the run's bound is
// counted, not written, and so is a message past the bound of messages.
func (w *Writer) Write(o *Observation) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return ErrClosed
	}
	if w.err != nil {
		return w.err
	}
	if o.Type == TestCase {
		if w.cases >= w.max {
			w.dropped++
			return nil
		}
		w.cases++
	} else {
		if w.messages >= maxMessages {
			w.dropped++
			return nil
		}
		w.messages++
	}
	return w.writeLocked(o)
}

// WriteEncoded writes one test case that the caller has already encoded:
// obj is a JSON object holding every member a test case has but property
// and run_start (type first, as in AppendJSON, and metadata included),
// which the writer adds from the run. It is the way to observe many cases
// cheaply: the caller encodes straight from its own data into a buffer
// it reuses, with no Observation built per case. It is bounded and
// counted like Write, and checks nothing of obj but its closing brace:
// the caller's tests must validate what it writes against the schema.
func (w *Writer) WriteEncoded(obj []byte) error {
	if len(obj) < 2 || obj[0] != '{' || obj[len(obj)-1] != '}' {
		return errors.New("observe: WriteEncoded: not a JSON object")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return ErrClosed
	}
	if w.err != nil {
		return w.err
	}
	if w.cases >= w.max {
		w.dropped++
		return nil
	}
	w.cases++
	fl := w.fl
	fl.buf = append(fl.buf, obj[:len(obj)-1]...)
	fl.buf = append(fl.buf, w.tail...)
	return w.endLineLocked()
}

func (w *Writer) writeLocked(o *Observation) error {
	fl := w.fl
	fl.buf = o.appendBody(fl.buf, w.meta)
	if (o.Property == "" || o.Property == w.property) && (o.RunStart == 0 || o.RunStart == w.runStart) {
		fl.buf = append(fl.buf, w.tail...)
	} else {
		prop, start := o.Property, o.RunStart
		if prop == "" {
			prop = w.property
		}
		if start == 0 {
			start = w.runStart
		}
		fl.buf = appendTail(fl.buf, prop, start)
	}
	return w.endLineLocked()
}

// endLineLocked ends the line being written and hands the block to the
// flusher when it is full; a write error of an earlier block, which only
// the flusher can meet, is seen then.
func (w *Writer) endLineLocked() error {
	fl := w.fl
	fl.buf = append(fl.buf, '\n')
	if fl.filled() {
		if err := fl.failed(); err != nil {
			w.err = fmt.Errorf("observe: writing %s: %w", w.path, err)
		}
	}
	return w.err
}

// SetMaxTestCases changes the bound on the test cases the writer keeps.
func (w *Writer) SetMaxTestCases(n int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.max = n
}

// Counts returns the test cases written and the observations left out
// past the bounds so far.
func (w *Writer) Counts() (written, dropped int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cases, w.dropped
}

// Close writes an alert if observations were left out, flushes the
// buffer and closes the file. It returns the first error of the writer's
// life. Closing twice is a no-op.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return w.err
	}
	if w.dropped > 0 && w.err == nil {
		w.writeLocked(&Observation{
			Type:  Alert,
			Title: "observations left out",
			Content: fmt.Sprintf("%d observations of this run were not written: a run writes at most %d test cases and %d messages.",
				w.dropped, w.max, maxMessages),
		})
	}
	if err := w.fl.close(); err != nil && w.err == nil {
		w.err = fmt.Errorf("observe: writing %s: %w", w.path, err)
	}
	if err := w.f.Close(); err != nil && w.err == nil {
		w.err = fmt.Errorf("observe: closing %s: %w", w.path, err)
	}
	w.f = nil
	return w.err
}
