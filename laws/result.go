package laws

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is the outcome of checking one law on one instance. There is no
// "structural" or "skipped" status: a law either held on every case run,
// was falsified, or could not be checked.
type Status int

const (
	// Passed: the law held on every case run.
	Passed Status = iota
	// Failed: a case falsified the law; Result.Counterexample holds the
	// smallest one found.
	Failed
	// Errored: the law could not be checked: the instance, its equality or
	// a generator panicked (Result.Counterexample holds the case that made
	// it panic), or almost every case was discarded.
	Errored
	// Proved: the law held on every case of a finite space, enumerated in
	// full (Result.Cases is its size). Like Passed, it counts as holding.
	Proved
)

// String returns "passed", "failed", "errored" or "proved".
func (s Status) String() string {
	switch s {
	case Passed:
		return "passed"
	case Failed:
		return "failed"
	case Errored:
		return "errored"
	case Proved:
		return "proved"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// MarshalText encodes the status as its name, for JSON output.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a status name.
func (s *Status) UnmarshalText(b []byte) error {
	for _, c := range []Status{Passed, Failed, Errored, Proved} {
		if string(b) == c.String() {
			*s = c
			return nil
		}
	}
	return fmt.Errorf("laws: unknown status %q", b)
}

// Result is the structured outcome of checking one law of one instance.
type Result struct {
	Instance  string
	Law       string
	Structure string
	Equation  string
	Status    Status
	// Cases is the number of generated cases on which the law held (before
	// the failure, if any).
	Cases int
	// Discarded is the number of cases the law did not apply to.
	Discarded int
	Engine    Engine
	// Seed replays a failure: run again with this seed and the failing case
	// is the first one generated. For a pass it is the seed the run started
	// from, or 0 when rapid chose a random one it does not disclose.
	Seed     uint64
	Duration time.Duration
	// Counterexample is the smallest falsifying (Failed) or panicking
	// (Errored) case found; nil for a pass.
	Counterexample *Counterexample
	// Message explains an Errored result that has no counterexample.
	Message string
	// Replay is the exact command that replays the result, when known.
	Replay string
	// Flaky reports a failure that did not reproduce when its case was
	// evaluated again (Message says so): not an ordinary counterexample.
	Flaky bool
	// Site is the file:line where the instance was registered (or checked,
	// for an unregistered instance), or whatever place SiteKind names.
	Site string
	// SiteKind says what Site is, in the words the report prints before
	// it, such as "law written at" for a law read from a file. Empty means
	// "instance registered at".
	SiteKind string
	// Notes are what else the run has to say: a saved case that was
	// replayed first, or that now passes, or an engine the instance
	// asked for.
	Notes []string
}

// Counterexample is one case of a law with everything needed to act on it.
type Counterexample struct {
	// Bindings are the law's variables, in the order drawn.
	Bindings []Binding
	// LHS and RHS are the two sides, when the law is an equation.
	LHS, RHS any
	// HasSides reports whether LHS and RHS are meaningful.
	HasSides bool
	// Diff explains how the sides differ (go-cmp, -lhs +rhs), when the
	// equality can tell.
	Diff string
	// Message is the violated property's message, why a side is undefined,
	// or the panic.
	Message string
	// PanicSite is the function and file:line that panicked, for Errored.
	PanicSite string
	// Shrink says how the case was minimised.
	Shrink ShrinkInfo
	// Original is the first falsifying case found, before shrinking. It is
	// set when shrinking stopped at its time bound, because the reported
	// case may then not be minimal.
	Original *Counterexample
}

// ShrinkInfo describes the minimisation of a counterexample.
type ShrinkInfo struct {
	// Tries is the number of candidate cases evaluated while shrinking.
	Tries int
	// Duration is the time spent shrinking.
	Duration time.Duration
	// BoundHit reports that shrinking stopped at its time bound (Bound).
	BoundHit bool
	Bound    time.Duration
	// By, when not empty, says that no shrinker ran and why the case is
	// the one to act on: [ShrinkByEnumeration] or [ShrinkByReplay]. Tries
	// and Duration are then zero.
	By string
}

// How a counterexample is minimal when no shrinker ran (ShrinkInfo.By).
const (
	// ShrinkByEnumeration: the case is the first failure of an
	// enumeration of every case in an order that puts the smallest first
	// (lawcheck check's proofs), so no smaller case fails.
	ShrinkByEnumeration = "exhaustive enumeration"
	// ShrinkByReplay: the case is a saved one, evaluated again as saved;
	// it was minimised when it was first found.
	ShrinkByReplay = "replay"
)

// Report renders the result for a person who has to act on it: the law,
// the smallest case with both sides evaluated and a diff, the engine and
// seed, and the command that replays it.
func (r Result) Report() string {
	var b strings.Builder
	structure := ""
	if r.Structure != "" {
		structure = " [" + r.Structure + "]"
	}
	fmt.Fprintf(&b, "law %s of %s: %s%s\n", r.Law, r.Instance, strings.ToUpper(r.Status.String()), structure)
	fmt.Fprintf(&b, "  equation: %s\n", r.Equation)
	if c := r.Counterexample; c != nil {
		writeCase(&b, c, "  ")
		if c.Shrink.BoundHit {
			fmt.Fprintf(&b, "  shrinking stopped at its time bound (%v): the case above may not be minimal.\n", c.Shrink.Bound)
			if c.Original != nil {
				b.WriteString("  the unshrunk case:\n")
				writeCase(&b, c.Original, "    ")
			}
		}
	}
	if r.Message != "" {
		fmt.Fprintf(&b, "  %s\n", r.Message)
	}
	// Seed 0 is no seed: an exhaustive proof or a replayed case has none,
	// and a seed printed as 0 would replay nothing.
	fmt.Fprintf(&b, "  engine: %s", r.Engine)
	if r.Seed != 0 {
		fmt.Fprintf(&b, ", seed %d", r.Seed)
	}
	b.WriteString("; " + casesHeld(r.Cases))
	if r.Status != Passed && r.Status != Proved {
		b.WriteString(" before this one")
	}
	if r.Discarded > 0 {
		fmt.Fprintf(&b, ", %d discarded", r.Discarded)
	}
	if c := r.Counterexample; c != nil {
		switch c.Shrink.By {
		case ShrinkByEnumeration:
			b.WriteString("; smallest by exhaustive enumeration")
		case ShrinkByReplay:
			b.WriteString("; replayed as saved, not shrunk again")
		default:
			fmt.Fprintf(&b, "; shrunk with %d tries in %v", c.Shrink.Tries, c.Shrink.Duration.Round(time.Microsecond))
		}
	}
	fmt.Fprintf(&b, "; %v\n", r.Duration.Round(time.Microsecond))
	if r.Site != "" && r.Status != Passed {
		kind := r.SiteKind
		if kind == "" {
			kind = "instance registered at"
		}
		fmt.Fprintf(&b, "  %s %s\n", kind, r.Site)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "  %s\n", n)
	}
	if r.Replay != "" {
		fmt.Fprintf(&b, "  replay: %s\n", r.Replay)
	}
	return b.String()
}

func writeCase(b *strings.Builder, c *Counterexample, indent string) {
	for _, v := range c.Bindings {
		fmt.Fprintf(b, "%s%s = %s\n", indent, v.Name, FormatValue(v.Value))
	}
	if c.HasSides {
		fmt.Fprintf(b, "%slhs = %s\n", indent, FormatValue(c.LHS))
		fmt.Fprintf(b, "%srhs = %s\n", indent, FormatValue(c.RHS))
	}
	if c.Message != "" {
		fmt.Fprintf(b, "%s%s\n", indent, c.Message)
	}
	if c.PanicSite != "" {
		fmt.Fprintf(b, "%sat %s\n", indent, c.PanicSite)
	}
	if c.Diff != "" {
		fmt.Fprintf(b, "%sdiff (-lhs +rhs):\n", indent)
		for _, line := range strings.Split(strings.TrimRight(c.Diff, "\n"), "\n") {
			fmt.Fprintf(b, "%s  %s\n", indent, line)
		}
	}
}

// FormatValue prints a value the way failure reports show it: strings
// quoted, floats exactly (with -0, NaN and ±Inf), values with a String
// method by that method (terms print in the lawcheck term syntax), and
// anything else with %+v. Output longer than MaxValueLen bytes is cut, with
// a note of how much was left out; give large values a String method that
// summarises them.
func FormatValue(v any) string {
	s := formatValue(v)
	if len(s) > MaxValueLen {
		cut := MaxValueLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = fmt.Sprintf("%s… (%d more bytes)", s[:cut], len(s)-cut)
	}
	return s
}

// MaxValueLen is the length beyond which FormatValue cuts a value.
const MaxValueLen = 2000

func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case fmt.Stringer:
		return safeString(x)
	case string:
		return strconv.Quote(x)
	case float64:
		return formatFloat(x, 64)
	case float32:
		return formatFloat(float64(x), 32)
	case error:
		return x.Error()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return strconv.Quote(rv.String())
	case reflect.Float32, reflect.Float64:
		return formatFloat(rv.Float(), rv.Type().Bits())
	}
	return fmt.Sprintf("%+v", v)
}

func formatFloat(f float64, bits int) string {
	if f == 0 && math.Signbit(f) {
		return "-0"
	}
	return strconv.FormatFloat(f, 'g', -1, bits)
}

func safeString(s fmt.Stringer) (out string) {
	defer func() {
		if p := recover(); p != nil {
			out = fmt.Sprintf("<String method panicked: %v>", p)
		}
	}()
	return s.String()
}
