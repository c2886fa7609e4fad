package laws

import (
	"flag"
	"fmt"
	"math"
	"math/bits"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws/observe"
	"github.com/kgents/kgents-core/laws/term"
)

// observeFlag is -laws.observe: absent or "" (off), bare or "1"/"true"
// (on, into observe.DefaultDir), or a directory.
type observeFlag struct{ dir string }

func (f *observeFlag) String() string   { return f.dir }
func (f *observeFlag) IsBoolFlag() bool { return true }
func (f *observeFlag) Set(s string) error {
	f.dir = observeDir(s)
	return nil
}

// observeDir turns a setting of -laws.observe or LAWS_OBSERVE into a
// directory: "" and false values turn observation off.
func observeDir(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "0", "false", "off", "no":
		return ""
	case "1", "true", "on", "yes":
		return observe.DefaultDir
	}
	return s
}

// flagObserve exists only in test binaries, like the other -laws.* flags:
// a program that imports laws keeps its command line as it is and uses
// Options.Observe or LAWS_OBSERVE.
var flagObserve = func() *observeFlag {
	f := &observeFlag{}
	if testing.Testing() {
		flag.Var(f, "laws.observe", "laws: write PBT observations (one JSON line per case, the format Tyche reads) to "+observe.DefaultDir+", or to -laws.observe=DIR (env LAWS_OBSERVE=1 or DIR)")
	}
	return f
}()

// observeSetting is where observations go for a run with opts: Options,
// then -laws.observe, then LAWS_OBSERVE (read when the run starts).
func observeSetting(optsDir string) string {
	if optsDir != "" {
		return optsDir
	}
	if flagObserve.dir != "" {
		return flagObserve.dir
	}
	return observeDir(os.Getenv("LAWS_OBSERVE"))
}

// observer writes the observations of one law run. A nil *observer is
// off: every method returns at once, so that a run without observation
// pays one nil check a case.
type observer struct {
	w      *observe.Writer
	err    error
	engine Engine
	asked  int
	start  time.Time      // when the run's observer was made
	law    observe.Object // instance, law, structure, equation: in the result
	clock  caseClock      // the parts of the case being evaluated
	// idle is when the last shrinking case was written, since start: the
	// shrinker's work on the next candidate begins there.
	idle time.Duration
	enc  caseEncoder // the encoding of test cases, reused
	// shrinking: the first failure has been seen; later cases are shrink
	// steps.
	shrinking bool
	// phase, when set, is how every case is generated (Replayed).
	phase string
	// gaveUp counts given-up cases by reason, for the alert about filters.
	gaveUp map[string]int
}

// newObserver opens the observations file of a run of law on instance, or
// returns nil when observation is off. A directory that cannot be written
// turns observation off for the run and is reported in its Result.
func newObserver(dir, instance string, l Law, c config) *observer {
	if dir == "" {
		return nil
	}
	ob := &observer{engine: c.engine, asked: c.effectiveChecks(), gaveUp: map[string]int{}, start: time.Now()}
	ob.clock.origin = ob.start
	w, err := observe.Create(dir, observe.Run{Property: instance + "/" + l.Name})
	if err != nil {
		ob.err = err
		return ob
	}
	ob.w, ob.law = w, observe.Object{
		{Key: "instance", Value: instance}, {Key: "law", Value: l.Name},
		{Key: "structure", Value: l.Structure}, {Key: "equation", Value: l.Equation},
	}
	return ob
}

// observed wraps the check of l so that every case it evaluates, while
// generating or shrinking, is written as a test case. The engines need no
// change: they evaluate the wrapped law as they would the law. A panic
// (a Discard, or a failure of the instance) is recorded and passed on
// unchanged.
func observed(l Law, ob *observer) Law {
	if ob == nil || ob.w == nil || l.check == nil {
		return l
	}
	check := l.check
	l.check = func(d *Draws) (o outcome) {
		how := ob.how()
		d.clock = &ob.clock
		ob.clock.begin()
		defer func() {
			end := ob.clock.now()
			d.clock = nil
			if p := recover(); p != nil {
				if !isEngineSignal(p) {
					po := panicOutcome(p)
					po.bindings = d.bindings
					ob.testCase(po, generatedAs(how, d), end)
					ob.seen(po)
				}
				panic(p)
			}
			oo := o
			oo.bindings = d.bindings
			ob.testCase(oo, generatedAs(how, d), end)
			ob.seen(oo)
		}()
		return check(d)
	}
	return l
}

// how says how the next case is generated: a shrink step once a failure
// has been seen, otherwise as the run's phase says (replayed), otherwise
// at random.
func (ob *observer) how() string {
	if ob == nil {
		return ""
	}
	switch {
	case ob.shrinking:
		return observe.ShrinkStep
	case ob.phase != "":
		return ob.phase
	}
	return observe.Random
}

// generatedAs refines how for a case the engine generated (random): a
// case that received a mined constant says so, one that received a
// boundary value and no constant says that; a case that drew only plain
// values, and a replayed case or a shrink step, keeps how.
func generatedAs(how string, d *Draws) string {
	if how != observe.Random {
		return how
	}
	k := d.src.TakeDrawn()
	for i := range d.bindings {
		k |= d.bindings[i].drawn
	}
	return kindLabel(k)
}

// kindLabel names a set of kinds drawn: mined constant before boundary,
// random for none.
func kindLabel(k generators.Kinds) string {
	switch {
	case k.Mined():
		return observe.Mined
	case k.Boundary():
		return observe.Boundary
	}
	return observe.Random
}

// special reports whether how says a case received special values: only
// such a case gets a generated:x feature per variable, since in a random
// case every variable is random, and the feature would repeat
// how_generated at a cost on every case.
func special(how string) bool {
	return how == observe.Boundary || how == observe.Mined
}

// setPhase makes how say phase until it is set back to "": a run that
// replays saved failures before it generates says so.
func (ob *observer) setPhase(phase string) {
	if ob != nil {
		ob.phase, ob.shrinking = phase, false
	}
}

// seen notes an outcome of the engine's own generation: after the first
// failure, cases are shrink steps.
func (ob *observer) seen(out outcome) {
	if ob == nil {
		return
	}
	if out.kind == violated || out.kind == errored || out.kind == unusable {
		ob.shrinking = true
	}
	if ob.shrinking {
		ob.idle = ob.clock.now()
	}
}

// finish writes what the run's cases alone do not say (its result, and
// alerts for many discards or fewer cases than asked) and closes the
// file. Its error, if any, is noted in r.Message: observation never
// changes a verdict.
func (ob *observer) finish(r *Result) {
	if ob == nil {
		return
	}
	if ob.w != nil {
		total := r.Cases + r.Discarded
		if r.Discarded > 0 && r.Discarded*5 >= total {
			ob.message(observe.Alert, "many cases discarded", fmt.Sprintf(
				"%d of %d generated cases were discarded (%s); a filter or a partial operation rejects much of what the generators make.",
				r.Discarded, total, topReasons(ob.gaveUp)))
		}
		if r.Status == Passed && r.Cases < ob.asked {
			ob.message(observe.Alert, "fewer cases than asked", fmt.Sprintf("the law held on %d cases; %d were asked for.", r.Cases, ob.asked))
		}
		if r.Status == Errored && r.Cases < ob.asked && r.Counterexample == nil {
			ob.message(observe.Alert, "fewer cases than asked", fmt.Sprintf("the run stopped after %s; %d were asked for: %s", casesHeld(r.Cases), ob.asked, r.Message))
		}
		res := append(observe.Object{
			{Key: "status", Value: r.Status.String()}, {Key: "cases", Value: r.Cases},
			{Key: "discarded", Value: r.Discarded}, {Key: "engine", Value: string(r.Engine)},
			{Key: "seed", Value: strconv.FormatUint(r.Seed, 10)}, {Key: "duration_s", Value: r.Duration.Seconds()},
		}, ob.law...)
		if r.Message != "" {
			res = append(res, observe.Field{Key: "message", Value: r.Message})
		}
		if c := r.Counterexample; c != nil {
			res = append(res, observe.Field{Key: "counterexample", Value: representationOf(c.Bindings)},
				observe.Field{Key: "shrink_tries", Value: c.Shrink.Tries})
		}
		summary := fmt.Sprintf("**%s**: %s, %d discarded (%s, seed %d)", r.Status, casesHeld(r.Cases), r.Discarded, r.Engine, r.Seed)
		if r.Message != "" {
			summary += ": " + r.Message
		}
		if err := ob.w.Write(&observe.Observation{Type: observe.Info, Title: observe.ResultTitle, Content: observe.ResultContent(summary, res)}); err != nil && ob.err == nil {
			ob.err = err
		}
		if err := ob.w.Close(); err != nil && ob.err == nil {
			ob.err = err
		}
	}
	if ob.err != nil {
		note := "observations not written: " + ob.err.Error()
		if r.Message != "" {
			note = r.Message + "; " + note
		}
		r.Message = note
	}
}

func (ob *observer) message(t observe.Type, title, content string) {
	if err := ob.w.Write(&observe.Observation{Type: t, Title: title, Content: content}); err != nil && ob.err == nil {
		ob.err = err
	}
}

// representationOf prints bindings as a test case's representation does.
func representationOf(bs []Binding) string {
	var b strings.Builder
	for i, x := range bs {
		if i > 0 {
			b.WriteByte('\n')
		}
		_, text := argumentOf(x.Value)
		b.WriteString(x.Name + " = " + text)
	}
	return b.String()
}

func topReasons(m map[string]int) string {
	best, n := "", 0
	for k, v := range m {
		if v > n || (v == n && k < best) {
			best, n = k, v
		}
	}
	if best == "" {
		return "no reason recorded"
	}
	return fmt.Sprintf("most often: %s, %d times", best, n)
}

func failureReason(out outcome) string {
	if out.kind == errored {
		if out.where != "" {
			return out.message + " at " + out.where
		}
		return out.message
	}
	if out.message != "" {
		return out.message
	}
	return "lhs != rhs"
}

func undefinedSideOf(out outcome) string {
	_, l := out.lhs.(undefinedSide)
	_, r := out.rhs.(undefinedSide)
	switch {
	case l && r:
		return "both"
	case l:
		return "lhs"
	case r:
		return "rhs"
	}
	return "neither"
}

// argumentOf returns a bound value as a JSON argument and as text in the
// term grammar: numbers, strings and booleans as themselves, anything
// else as its term text.
func argumentOf(v any) (arg any, text string) {
	switch x := v.(type) {
	case int:
		return x, strconv.Itoa(x)
	case int64:
		return x, strconv.FormatInt(x, 10)
	case int32:
		return x, strconv.FormatInt(int64(x), 10)
	case uint64:
		return x, strconv.FormatUint(x, 10)
	case bool:
		return x, strconv.FormatBool(x)
	case string:
		s := TermText(x)
		return x, s
	case float64:
		s := term.FormatConstant(x)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return s, s
		}
		return x, s
	}
	s := TermText(v)
	return s, s
}

// bitSize is the size of an integer: the bits of its magnitude, 0 for 0,
// 64 for the most negative.
func bitSize(x int64) int {
	if x < 0 {
		return bits.Len64(uint64(-(x + 1)) + 1)
	}
	return bits.Len64(uint64(x))
}
