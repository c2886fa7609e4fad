package pybridge

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Errors of the bridge, matchable with errors.Is.
var (
	// ErrTimeout: the evaluator did not answer in time; it has been killed.
	ErrTimeout = errors.New("pybridge: the evaluator did not answer in time")
	// ErrCrashed: the evaluator exited or closed its output.
	ErrCrashed = errors.New("pybridge: the evaluator exited")
	// ErrNoPython: the Python interpreter could not be started.
	ErrNoPython = errors.New("pybridge: cannot start python")
	// ErrEvaluator: the evaluator refused the request (an import error, an
	// object that is not an operad, a malformed request).
	ErrEvaluator = errors.New("pybridge: the evaluator reported an error")
)

// EvaluatorError is an error response from the evaluator.
type EvaluatorError struct{ Failure }

// Error gives the kind of the Python error, its message and its traceback.
func (e *EvaluatorError) Error() string {
	s := fmt.Sprintf("pybridge: %s error: %s", e.Kind, e.Message)
	if tb := strings.TrimSpace(e.Traceback); tb != "" {
		s += "\n" + tb
	}
	return s
}

// Is makes errors.Is(err, ErrEvaluator) true.
func (e *EvaluatorError) Is(target error) bool { return target == ErrEvaluator }

// MaxLine bounds the length of one response line.
const MaxLine = 64 << 20

// Bridge talks to one evaluator: a Python process it starts (and restarts
// after a crash or a timeout), or a pair of pipes it was given (stdio
// mode, when Python started lawcheck). It is not safe for concurrent use.
type Bridge struct {
	// Timeout is the time one run may take; a request of n runs may take
	// n times that plus Grace before the evaluator is killed.
	Timeout time.Duration
	Grace   time.Duration
	// Startup is added to the deadline of the first request to a newly
	// started evaluator: starting Python and importing the operad is not
	// an evaluation.
	Startup time.Duration
	// Chunk is the largest number of runs in one request; Eval pipelines
	// the requests of a larger batch, so that Go decodes one answer while
	// Python computes the next. Zero means one request.
	Chunk int

	start func() (*conn, error) // nil in stdio mode
	conn  *conn
	out   io.Writer // stdio mode: where Done writes, even after a failure
	dead  error     // stdio mode: the error that ended the conversation
	id    int
	batch int
}

// conn is one conversation: a writer, the lines read, and the process
// behind it if any.
type conn struct {
	w     io.Writer
	lines chan lineOrErr
	cmd   *exec.Cmd
	errw  *tailBuffer
	done  chan struct{}
}

type lineOrErr struct {
	line []byte
	err  error
}

// Command says how to start the evaluator process.
type Command struct {
	Python string   // interpreter, default python3
	Args   []string // arguments after the interpreter
	Dir    string
	Env    []string // extra environment, added to os.Environ()
}

// Start returns a bridge that starts the evaluator with c on first use and
// again after it died.
func Start(c Command) *Bridge {
	b := &Bridge{Timeout: 5 * time.Second, Grace: 5 * time.Second, Startup: 60 * time.Second, Chunk: 32}
	b.start = func() (*conn, error) { return startProcess(c) }
	return b
}

// Pipes returns a bridge over an evaluator that is already running on the
// other end of r and w (stdio mode). It cannot be restarted: after a
// timeout or a broken line, every request fails.
func Pipes(r io.Reader, w io.Writer) *Bridge {
	b := &Bridge{Timeout: 5 * time.Second, Grace: 5 * time.Second, Chunk: 32}
	done := make(chan struct{})
	b.conn = &conn{w: w, lines: readLines(r, done), done: done}
	b.out = w
	return b
}

func startProcess(c Command) (*conn, error) {
	py := c.Python
	if py == "" {
		py = "python3"
	}
	path, err := exec.LookPath(py)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrNoPython, py, err)
	}
	cmd := exec.Command(path, c.Args...)
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), c.Env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	tail := &tailBuffer{max: 8 << 10}
	cmd.Stderr = tail
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrNoPython, path, err)
	}
	cn := &conn{w: stdin, cmd: cmd, errw: tail, done: make(chan struct{})}
	cn.lines = readLines(stdout, cn.done)
	return cn, nil
}

// readLines reads lines from r into a channel until EOF or an error, which
// is sent last. done, when closed, stops the reader from blocking on a send.
func readLines(r io.Reader, done chan struct{}) chan lineOrErr {
	ch := make(chan lineOrErr, 1)
	go func() {
		br := bufio.NewReaderSize(r, 1<<16)
		for {
			line, err := readLine(br)
			select {
			case ch <- lineOrErr{line, err}:
			case <-done:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return ch
}

func readLine(br *bufio.Reader) ([]byte, error) {
	var buf []byte
	for {
		part, err := br.ReadSlice('\n')
		buf = append(buf, part...)
		if err == nil {
			return bytes.TrimRight(buf, "\r\n"), nil
		}
		if err != bufio.ErrBufferFull {
			if err == io.EOF && len(buf) > 0 {
				return nil, fmt.Errorf("%w: output ends inside a line: %q", ErrCrashed, cut(buf))
			}
			return nil, err
		}
		if len(buf) > MaxLine {
			return nil, &ProtocolError{Line: cut(buf), Msg: fmt.Sprintf("line longer than %d bytes", MaxLine)}
		}
	}
}

func cut(b []byte) []byte {
	if len(b) > 200 {
		return append(append([]byte(nil), b[:200]...), "..."...)
	}
	return b
}

// Close ends the evaluator: it closes its input, and kills its process
// group if it does not exit within a second. Close is idempotent.
func (b *Bridge) Close() error {
	if b.conn == nil {
		return nil
	}
	c := b.conn
	b.conn = nil
	c.stop(time.Second)
	return nil
}

func (c *conn) stop(wait time.Duration) {
	if cl, ok := c.w.(io.Closer); ok && c.cmd != nil {
		_ = cl.Close()
	}
	close(c.done)
	if c.cmd == nil {
		return
	}
	exited := make(chan struct{})
	go func() { _ = c.cmd.Wait(); close(exited) }()
	select {
	case <-exited:
	case <-time.After(wait):
	}
	// The whole process group: the evaluator and anything it started.
	_ = syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	<-exited
}

// call sends req and returns the response, within deadline. Any error but
// an error response ends the conversation (the process is killed).
func (b *Bridge) call(req Request, deadline time.Duration) (*Response, error) {
	resps, err := b.pipeline([]Request{req}, []time.Duration{deadline})
	if err != nil {
		return nil, err
	}
	return resps[0], nil
}

// pipeline sends reqs without waiting for their answers (a goroutine
// writes while this one reads, so neither pipe can fill up and block the
// other side) and returns the responses in order; response i must come
// within deadlines[i] of response i-1. The evaluator answers request k+1
// while Go decodes answer k.
func (b *Bridge) pipeline(reqs []Request, deadlines []time.Duration) ([]*Response, error) {
	if b.dead != nil {
		return nil, b.dead
	}
	if b.conn == nil {
		if b.start == nil {
			return nil, fmt.Errorf("%w: the conversation is closed", ErrCrashed)
		}
		c, err := b.start()
		if err != nil {
			return nil, err
		}
		b.conn = c
		deadlines = append([]time.Duration(nil), deadlines...)
		deadlines[0] += b.Startup
	}
	datas := make([][]byte, len(reqs))
	for i := range reqs {
		b.id++
		reqs[i].V, reqs[i].ID = Version, b.id
		data, err := json.Marshal(reqs[i])
		if err != nil {
			return nil, err
		}
		datas[i] = append(data, '\n')
	}
	c := b.conn
	written := make(chan error, 1)
	go func() {
		for _, d := range datas {
			if _, err := c.w.Write(d); err != nil {
				written <- err
				return
			}
		}
		written <- nil
	}()
	out := make([]*Response, len(reqs))
	for i, req := range reqs {
		timer := time.NewTimer(deadlines[i])
		var l lineOrErr
		select {
		case l = <-c.lines:
		case err := <-written:
			if err != nil {
				timer.Stop()
				return nil, b.fail(fmt.Errorf("%w: writing a request: %v", ErrCrashed, err))
			}
			written = nil // all written; wait for the line
			select {
			case l = <-c.lines:
			case <-timer.C:
				return nil, b.fail(fmt.Errorf("%w (%v)", ErrTimeout, deadlines[i]))
			}
		case <-timer.C:
			return nil, b.fail(fmt.Errorf("%w (%v)", ErrTimeout, deadlines[i]))
		}
		timer.Stop()
		if l.err != nil {
			if errors.Is(l.err, ErrProtocol) || errors.Is(l.err, ErrCrashed) {
				return nil, b.fail(l.err)
			}
			return nil, b.fail(fmt.Errorf("%w (%v)", ErrCrashed, l.err))
		}
		resp, err := DecodeResponse(l.line)
		if err != nil {
			return nil, b.fail(err)
		}
		if resp.ID != nil && *resp.ID != req.ID {
			return nil, b.fail(&ProtocolError{Line: cut(l.line), Msg: fmt.Sprintf("answers request %d, want %d", *resp.ID, req.ID)})
		}
		if !resp.OK {
			ee := &EvaluatorError{*resp.Error}
			if resp.ID == nil || len(reqs) > 1 { // not serving, or answers still in flight
				return nil, b.fail(ee)
			}
			return nil, ee
		}
		out[i] = resp
	}
	return out, nil
}

// fail ends the conversation after err, adding what the process wrote to
// stderr and its exit status.
func (b *Bridge) fail(err error) error {
	c := b.conn
	b.conn = nil
	if c == nil {
		return err
	}
	c.stop(200 * time.Millisecond)
	if c.cmd == nil {
		b.dead = err
		return err
	}
	msg := ""
	if st := c.cmd.ProcessState; st != nil {
		msg = "; " + st.String()
	}
	if tail := strings.TrimSpace(c.errw.String()); tail != "" {
		msg += "; its stderr ends with:\n" + tail
	}
	if msg == "" {
		return err
	}
	return fmt.Errorf("%w%s", err, msg)
}

// Describe asks the evaluator what it serves.
func (b *Bridge) Describe() (*Describe, error) {
	resp, err := b.call(Request{Op: "describe"}, b.Grace)
	if err != nil {
		return nil, err
	}
	if resp.Describe == nil {
		return nil, &ProtocolError{Msg: "describe response without a describe object"}
	}
	if resp.Describe.Protocol != Version {
		return nil, &ProtocolError{Msg: fmt.Sprintf("the evaluator speaks protocol %d, want %d", resp.Describe.Protocol, Version)}
	}
	return resp.Describe, nil
}

// Eval runs runs on operad and returns one result per run. Runs go in
// requests of at most Chunk runs, pipelined.
func (b *Bridge) Eval(operad string, unchecked bool, runs []Run) ([]RunResult, error) {
	chunk := b.Chunk
	if chunk <= 0 {
		chunk = len(runs)
	}
	b.batch++
	var reqs []Request
	var deadlines []time.Duration
	for start := 0; start < len(runs) || start == 0; start += chunk {
		part := runs[start:min(start+chunk, len(runs))]
		reqs = append(reqs, Request{Op: "eval", Operad: operad, Unchecked: unchecked, TimeoutMS: b.Timeout.Milliseconds(), Runs: part, Batch: b.batch})
		deadlines = append(deadlines, b.Grace+time.Duration(len(part))*b.Timeout)
		if len(runs) == 0 {
			break
		}
	}
	resps, err := b.pipeline(reqs, deadlines)
	if err != nil {
		return nil, err
	}
	out := make([]RunResult, 0, len(runs))
	for i, resp := range resps {
		if len(resp.Results) != len(reqs[i].Runs) {
			return nil, b.fail(&ProtocolError{Msg: fmt.Sprintf("%d results for %d runs", len(resp.Results), len(reqs[i].Runs))})
		}
		out = append(out, resp.Results...)
	}
	return out, nil
}

// Done sends the final results in stdio mode; the evaluator stops serving.
func (b *Bridge) Done(results []LawResult, report string) error {
	if b.out == nil {
		return errors.New("pybridge: Done outside stdio mode")
	}
	b.id++
	data, err := json.Marshal(Request{V: Version, ID: b.id, Op: "done", Results: results, Report: report})
	if err != nil {
		return err
	}
	_, err = b.out.Write(append(data, '\n'))
	return err
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.max {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
