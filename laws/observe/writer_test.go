package observe_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kgents/kgents-core/laws/observe"
)

func TestWrittenObservationsReadBackAsWritten(t *testing.T) {
	dir := t.TempDir()
	w, err := observe.Create(dir, observe.Run{Property: "int_subtraction/associativity", Start: sampleStart})
	if err != nil {
		t.Fatal(err)
	}
	if got := filepath.Base(w.Path()); !strings.HasPrefix(got, "int_subtraction.associativity.") || !strings.HasSuffix(got, ".jsonl") {
		t.Errorf("file name %q does not name the property", got)
	}
	want := sampleRun()
	for i := range want {
		if err := w.Write(&want[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := observe.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d observations, want %d", len(got), len(want))
	}
	for i, g := range got {
		if g.Property != "int_subtraction/associativity" || g.RunStart != w.RunStart() {
			t.Errorf("observation %d: property %q run_start %v, want the run's", i, g.Property, g.RunStart)
		}
		wi := want[i]
		if g.Type != wi.Type || g.Status != wi.Status || g.StatusReason != wi.StatusReason ||
			g.HowGenerated != wi.HowGenerated || g.Title != wi.Title || g.Content != wi.Content {
			t.Errorf("observation %d: read %+v, wrote %+v", i, g, wi)
		}
		if g.Type == observe.TestCase && !strings.Contains(wi.Representation, "\xff") && g.Representation != wi.Representation {
			t.Errorf("observation %d: representation %q, wrote %q", i, g.Representation, wi.Representation)
		}
	}
	if n, _ := got[0].Features.Number("size:x"); n != 1 {
		t.Errorf("feature size:x reads as %v, want 1", n)
	}
	if s, _ := got[1].Arguments.String("t"); s != "seq(a, id())" {
		t.Errorf("argument t reads as %q", s)
	}
	if s, _ := got[1].Arguments.String("nan"); s != "NaN" {
		t.Errorf("a NaN argument reads as %q, want the string NaN (JSON has no NaN)", s)
	}
	if n, _ := got[3].Details.Number("cases"); n != 7 {
		t.Errorf("info details read as %+v", got[3].Details)
	}
}

func TestWriterKeepsAtMostMaxTestCasesAndSaysHowManyItLeftOut(t *testing.T) {
	w, err := observe.Create(t.TempDir(), observe.Run{Property: "p/q", MaxTestCases: 5})
	if err != nil {
		t.Fatal(err)
	}
	for range 8 {
		if err := w.Write(&observe.Observation{Type: observe.TestCase, Status: observe.Passed}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Write(&observe.Observation{Type: observe.Info, Title: "kept", Content: "messages have their own bound"}); err != nil {
		t.Fatal(err)
	}
	if written, dropped := w.Counts(); written != 5 || dropped != 3 {
		t.Errorf("Counts = %d written, %d dropped; want 5, 3", written, dropped)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	obs, err := observe.ReadFile(w.Path())
	if err != nil {
		t.Fatal(err)
	}
	cases, alerts := 0, 0
	for _, o := range obs {
		switch o.Type {
		case observe.TestCase:
			cases++
		case observe.Alert:
			alerts++
			if !strings.Contains(o.Content, "3 observations") {
				t.Errorf("alert %q does not say how many were left out", o.Content)
			}
		}
	}
	if cases != 5 || alerts != 1 || len(obs) != 7 {
		t.Errorf("file holds %d test cases, %d alerts, %d lines; want 5, 1, 7", cases, alerts, len(obs))
	}
}

func TestWriterIsSafeForConcurrentWrites(t *testing.T) {
	w, err := observe.Create(t.TempDir(), observe.Run{Property: "p/q"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				o := observe.Observation{Type: observe.TestCase, Status: observe.Passed,
					Features: observe.Object{{Key: "g", Value: g}, {Key: "i", Value: i}}}
				if err := w.Write(&o); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	obs, err := observe.ReadFile(w.Path())
	if err != nil {
		t.Fatalf("interleaved writes tore a line: %v", err)
	}
	if len(obs) != 800 {
		t.Errorf("read %d observations, want 800", len(obs))
	}
}

func TestWriterAfterCloseSaysItIsClosed(t *testing.T) {
	w, err := observe.Create(t.TempDir(), observe.Run{Property: "p/q"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := w.Write(&observe.Observation{Type: observe.TestCase}); !errors.Is(err, observe.ErrClosed) {
		t.Errorf("Write after Close = %v, want ErrClosed", err)
	}
}

func TestCreateNamesTheDirectoryItCannotMake(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := observe.Create(filepath.Join(file, "sub"), observe.Run{Property: "p/q"})
	if err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("Create under a file = %v, want an error naming %s", err, file)
	}
}

// Durations are written as exact numbers of seconds that every JSON
// reader takes for the duration's seconds.
func TestDurationsAreWrittenAsExactSeconds(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: `{"d":0}`, 1500: `{"d":1500e-9}`, time.Second: `{"d":1000000000e-9}`,
		1: `{"d":1e-9}`, -time.Millisecond: `{"d":-1000000e-9}`, 2*time.Second + time.Millisecond: `{"d":2001000000e-9}`,
	} {
		b, _ := observe.Object{observe.Duration("d", d)}.MarshalJSON()
		if string(b) != want {
			t.Errorf("%v: %s, want %s", d, b, want)
		}
		var got struct{ D float64 }
		if err := json.Unmarshal(b, &got); err != nil || got.D != d.Seconds() {
			t.Errorf("%v: %s reads as %v (%v), want %v", d, b, got.D, err, d.Seconds())
		}
	}
}

// Many blocks: the background writes keep every line whole and in order.
func TestWriterWritesManyBlocksInOrder(t *testing.T) {
	w, err := observe.Create(t.TempDir(), observe.Run{Property: "p/q", MaxTestCases: 4000})
	if err != nil {
		t.Fatal(err)
	}
	pad := strings.Repeat("x", 200)
	for i := range 4000 {
		o := observe.Observation{Type: observe.TestCase, Status: observe.Passed, Representation: pad,
			Features: observe.Object{observe.Int("i", int64(i))}}
		if err := w.Write(&o); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	obs, err := observe.ReadFile(w.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 4000 {
		t.Fatalf("read %d observations, want 4000", len(obs))
	}
	for i, o := range obs {
		if n, _ := o.Features.Number("i"); int(n) != i {
			t.Fatalf("line %d holds case %v", i+1, n)
		}
	}
}

// A result message is text (as Tyche shows it) whose details read back.
func TestResultContentReadsBack(t *testing.T) {
	details := observe.Object{{Key: "status", Value: "failed"}, observe.Int("cases", 30), {Key: "counterexample", Value: "x = 1\ny = \"```\""}}
	o := observe.Observation{Type: observe.Info, Title: observe.ResultTitle, Content: observe.ResultContent("**failed**", details)}
	got, ok := observe.ResultDetails(&o)
	if !ok {
		t.Fatalf("no details in %q", o.Content)
	}
	if s, _ := got.String("counterexample"); s != "x = 1\ny = \"```\"" {
		t.Errorf("counterexample %q", s)
	}
	if n, _ := got.Number("cases"); n != 30 {
		t.Errorf("cases %v", n)
	}
	if _, ok := observe.ResultDetails(&observe.Observation{Type: observe.Info, Title: observe.ResultTitle, Content: "no details"}); ok {
		t.Error("details found in a message without them")
	}
}

// WriteEncoded adds the run's property and run_start to a test case its
// caller encoded, keeps the bound on test cases, and refuses what is not
// an object.
func TestWriteEncodedEndsTheLineAndKeepsTheBound(t *testing.T) {
	s := compileSchema(t)
	w, err := observe.Create(t.TempDir(), observe.Run{Property: "p/q", Start: sampleStart, MaxTestCases: 2})
	if err != nil {
		t.Fatal(err)
	}
	obj := []byte(`{"type":"test_case","status":"passed","status_reason":"","representation":"x = 1","arguments":{"x":1},"how_generated":"random","features":{},"coverage":null,"timing":{"generate:x":12e-9,"execute:test":0},"metadata":{}}`)
	for range 3 {
		if err := w.WriteEncoded(obj); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WriteEncoded([]byte(`"x"`)); err == nil {
		t.Error("WriteEncoded took a string for an object")
	}
	if written, dropped := w.Counts(); written != 2 || dropped != 1 {
		t.Errorf("wrote %d, left out %d; want 2 and 1", written, dropped)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteEncoded(obj); !errors.Is(err, observe.ErrClosed) {
		t.Errorf("WriteEncoded after Close = %v, want ErrClosed", err)
	}
	obs, err := observe.ReadFile(w.Path())
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(w.Path())
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	for i, line := range lines {
		if err := validateLine(s, line); err != nil {
			t.Errorf("line %d: %v\n%s", i+1, err, line)
		}
	}
	if len(obs) != 3 || obs[0].Property != "p/q" || obs[0].RunStart != w.RunStart() || obs[2].Title != "observations left out" {
		t.Errorf("read back %+v", obs)
	}
}
