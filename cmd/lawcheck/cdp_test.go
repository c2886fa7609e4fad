package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"
)

// A tiny client of the Chrome DevTools Protocol over --remote-debugging-pipe
// (JSON messages ending in NUL on file descriptors 3 and 4), enough to load
// a page, read what it logs, query it and take a screenshot. A pipe needs
// no port, no WebSocket library and no network.

type cdp struct {
	cmd     *exec.Cmd
	toB     *os.File
	mu      sync.Mutex
	nextID  int
	waiting map[int]chan cdpMessage
	events  chan cdpMessage
	session string
	stderr  *lockedBuffer
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *cdpError       `json:"error,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
}

type cdpError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

type lockedBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b = append(l.b, p...)
	return len(p), nil
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return string(l.b)
}

// startBrowser starts headless Chromium and attaches to its page.
func startBrowser(t *testing.T, binary string) *cdp {
	t.Helper()
	inR, inW, err := os.Pipe() // browser reads commands from fd 3
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe() // and writes answers to fd 4
	if err != nil {
		t.Fatal(err)
	}
	c := &cdp{toB: inW, waiting: map[int]chan cdpMessage{}, events: make(chan cdpMessage, 1024), stderr: &lockedBuffer{}}
	c.cmd = exec.Command(binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-extensions", "--hide-scrollbars", "--remote-debugging-pipe",
		"--user-data-dir="+t.TempDir(), "--window-size=1280,900", "about:blank")
	c.cmd.ExtraFiles = []*os.File{inR, outW}
	c.cmd.Stderr = c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", binary, err)
	}
	inR.Close()
	outW.Close()
	t.Cleanup(func() {
		c.toB.Close()
		_ = c.cmd.Process.Kill()
		_ = c.cmd.Wait()
	})
	go c.readLoop(outR)

	var targets struct {
		TargetInfos []struct {
			TargetID string `json:"targetId"`
			Type     string `json:"type"`
		} `json:"targetInfos"`
	}
	c.call(t, "Target.getTargets", nil, &targets)
	id := ""
	for _, ti := range targets.TargetInfos {
		if ti.Type == "page" {
			id = ti.TargetID
		}
	}
	if id == "" {
		t.Fatalf("chromium has no page target: %+v", targets)
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	c.call(t, "Target.attachToTarget", map[string]any{"targetId": id, "flatten": true}, &att)
	c.session = att.SessionID
	for _, m := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		c.call(t, m, nil, nil)
	}
	return c
}

func (c *cdp) readLoop(r *os.File) {
	br := bufio.NewReader(r)
	for {
		b, err := br.ReadBytes(0)
		if err != nil {
			c.mu.Lock()
			for id, ch := range c.waiting {
				close(ch)
				delete(c.waiting, id)
			}
			c.mu.Unlock()
			close(c.events)
			return
		}
		var m cdpMessage
		if json.Unmarshal(b[:len(b)-1], &m) != nil {
			continue
		}
		if m.ID != 0 {
			c.mu.Lock()
			ch := c.waiting[m.ID]
			delete(c.waiting, m.ID)
			c.mu.Unlock()
			if ch != nil {
				ch <- m
			}
			continue
		}
		select {
		case c.events <- m:
		default: // a test that does not read events must not block the browser
		}
	}
}

// call sends a command to the page's session (or the browser before
// attaching) and decodes its result into out.
func (c *cdp) call(t *testing.T, method string, params any, out any) {
	t.Helper()
	if err := c.try(method, params, out); err != nil {
		t.Fatalf("%v\nchromium's stderr:\n%s", err, c.stderr.String())
	}
}

func (c *cdp) try(method string, params any, out any) error {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan cdpMessage, 1)
	c.waiting[id] = ch
	c.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if c.session != "" {
		msg["sessionId"] = c.session
	}
	b, _ := json.Marshal(msg)
	if _, err := c.toB.Write(append(b, 0)); err != nil {
		return fmt.Errorf("cdp %s: %w", method, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			return fmt.Errorf("cdp %s: the browser closed the pipe", method)
		}
		if m.Error != nil {
			return fmt.Errorf("cdp %s: %s", method, m.Error.Message)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-time.After(60 * time.Second):
		return errors.New("cdp " + method + ": no answer in 60s")
	}
}

// pageLoad navigates to url and returns, once the page has loaded and
// its late messages have had a moment to arrive, every error it logged:
// console errors, uncaught exceptions, and the browser's own log entries
// of level error (a request the page's Content-Security-Policy blocked, a
// resource that failed to load).
func (c *cdp) pageLoad(t *testing.T, url string) []string {
	t.Helper()
	c.drain()
	c.call(t, "Page.navigate", map[string]any{"url": url}, nil)
	var errs []string
	deadline := time.After(60 * time.Second)
	loaded := false
	var settle <-chan time.Time
	for {
		select {
		case m, ok := <-c.events:
			if !ok {
				t.Fatalf("the browser exited while loading %s:\n%s", url, c.stderr.String())
			}
			if e := consoleError(m); e != "" {
				errs = append(errs, e)
			}
			if m.Method == "Page.loadEventFired" && !loaded {
				loaded = true
				settle = time.After(500 * time.Millisecond)
			}
		case <-settle:
			return errs
		case <-deadline:
			t.Fatalf("%s did not load in 60s", url)
		}
	}
}

func (c *cdp) drain() {
	for {
		select {
		case <-c.events:
		default:
			return
		}
	}
}

func consoleError(m cdpMessage) string {
	switch m.Method {
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string `json:"type"`
			Args []struct {
				Value any `json:"value"`
			} `json:"args"`
		}
		if json.Unmarshal(m.Params, &p) == nil && (p.Type == "error" || p.Type == "assert") {
			return fmt.Sprintf("console.%s %v", p.Type, p.Args)
		}
	case "Runtime.exceptionThrown":
		return "uncaught exception: " + string(m.Params)
	case "Log.entryAdded":
		var p struct {
			Entry struct {
				Level, Source, Text string
			} `json:"entry"`
		}
		if json.Unmarshal(m.Params, &p) == nil && p.Entry.Level == "error" {
			return p.Entry.Source + ": " + p.Entry.Text
		}
	}
	return ""
}

// eval evaluates a JavaScript expression in the page (DevTools evaluates
// even where the page's policy forbids scripts) and decodes its value.
func (c *cdp) eval(t *testing.T, expr string, out any) {
	t.Helper()
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails any `json:"exceptionDetails"`
	}
	c.call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &r)
	if r.ExceptionDetails != nil {
		t.Fatalf("evaluating %s: %v", expr, r.ExceptionDetails)
	}
	if err := json.Unmarshal(r.Result.Value, out); err != nil {
		t.Fatalf("evaluating %s: %v (%s)", expr, err, r.Result.Value)
	}
}

// screenshot returns a PNG of the whole page, up to maxHeight pixels.
func (c *cdp) screenshot(t *testing.T, maxHeight float64) []byte {
	t.Helper()
	var m struct {
		CSSContentSize struct{ Width, Height float64 } `json:"cssContentSize"`
	}
	c.call(t, "Page.getLayoutMetrics", nil, &m)
	h := min(m.CSSContentSize.Height, maxHeight)
	var shot struct {
		Data string `json:"data"`
	}
	c.call(t, "Page.captureScreenshot", map[string]any{
		"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": 0, "y": 0, "width": m.CSSContentSize.Width, "height": h, "scale": 1},
	}, &shot)
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil {
		t.Fatal(err)
	}
	return png
}
