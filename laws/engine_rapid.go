package laws

import (
	"flag"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/kgents/kgents-core/generators"
)

// rapid is configured only through its command-line flags, which are
// global. laws reads them once (so -rapid.checks, -rapid.seed and
// -rapid.shrinktime work for every engine) and, while law runs are under
// way, sets them to what those runs ask for: the run's checks, seed and
// shrink bound, and no fail files (laws keeps its own failures, per
// instance and law, in testdata/laws). Runs that ask for the same
// settings run together; a run that asks for others waits until they
// finish. When the last law run finishes the user's values are back, so
// a rapid test of the user's own that is not a law run sees its own
// settings.
var (
	rapidMu       sync.Mutex
	rapidCond     = sync.NewCond(&rapidMu)
	rapidActive   int           // law runs using the current settings
	rapidCurrent  rapidSettings // what the flags hold while rapidActive > 0
	rapidUserOnce sync.Once
	rapidUser     rapidSettings
	// privateFlags is a parsed flag set that stands in for the program's
	// command line while law runs are under way if that is not parsed
	// (a plain program, or a TestMain before m.Run): rapid consults
	// testing.Short, which needs the testing flags registered and the
	// command line parsed. In a program that is not a test binary it also
	// holds the testing flags, which the program's command line must not
	// gain.
	privateFlags *flag.FlagSet
	swappedFrom  *flag.FlagSet // the program's command line while privateFlags stands in
	rapidFlags   = map[string]*flag.Flag{}
)

type rapidSettings struct {
	checks     int
	seed       uint64
	shrinkTime time.Duration
	nofailfile bool
}

// rapidUserFlags returns rapid's flag settings as the user gave them, read
// on first use (after flag parsing).
func rapidUserFlags() rapidSettings {
	rapidUserOnce.Do(func() {
		rapidMu.Lock()
		defer rapidMu.Unlock()
		for _, name := range []string{"rapid.checks", "rapid.seed", "rapid.shrinktime", "rapid.nofailfile"} {
			rapidFlags[name] = flag.Lookup(name)
		}
		rapidUser = readRapidFlags()
		privateFlags = flag.NewFlagSet("laws-testing", flag.ContinueOnError)
		if flag.Lookup("test.short") == nil {
			// testing.Init registers on flag.CommandLine: point it at the
			// private set for that moment.
			user := flag.CommandLine
			flag.CommandLine = privateFlags
			testing.Init()
			flag.CommandLine = user
		}
		_ = privateFlags.Parse(nil)
	})
	return rapidUser
}

func readRapidFlags() rapidSettings {
	var s rapidSettings
	if f := rapidFlags["rapid.checks"]; f != nil {
		s.checks, _ = strconv.Atoi(f.Value.String())
	}
	if f := rapidFlags["rapid.seed"]; f != nil {
		s.seed, _ = strconv.ParseUint(f.Value.String(), 10, 64)
	}
	if f := rapidFlags["rapid.shrinktime"]; f != nil {
		s.shrinkTime, _ = time.ParseDuration(f.Value.String())
	}
	if f := rapidFlags["rapid.nofailfile"]; f != nil {
		s.nofailfile = f.Value.String() == "true"
	}
	return s
}

func writeRapidFlags(s rapidSettings) {
	set := func(name, v string) {
		if f := rapidFlags[name]; f != nil {
			_ = f.Value.Set(v)
		}
	}
	set("rapid.checks", strconv.Itoa(s.checks))
	set("rapid.seed", strconv.FormatUint(s.seed, 10))
	set("rapid.shrinktime", s.shrinkTime.String())
	set("rapid.nofailfile", strconv.FormatBool(s.nofailfile))
}

// withRapidSettings runs f while rapid's flags equal want (with fail files
// off).
func withRapidSettings(want rapidSettings, f func()) {
	user := rapidUserFlags()
	want.nofailfile = true
	rapidMu.Lock()
	for rapidActive > 0 && rapidCurrent != want {
		rapidCond.Wait()
	}
	if rapidActive == 0 {
		writeRapidFlags(want)
		rapidCurrent = want
	}
	rapidActive++
	// With the command line not parsed, testing.Short would panic: let
	// the private, parsed set stand in while law runs are under way.
	if swappedFrom == nil && !flag.Parsed() {
		swappedFrom, flag.CommandLine = flag.CommandLine, privateFlags
	}
	rapidMu.Unlock()
	defer func() {
		rapidMu.Lock()
		defer rapidMu.Unlock()
		rapidActive--
		if rapidActive == 0 {
			if swappedFrom != nil {
				flag.CommandLine, swappedFrom = swappedFrom, nil
			}
			writeRapidFlags(user)
			rapidCurrent = rapidSettings{}
			rapidCond.Broadcast()
		}
	}()
	f()
}

// runState follows one law through the cases an engine runs: counts before
// the first failure, the first failing case, and the most recent case.
type runState struct {
	held, discarded int
	first           *outcome
	firstAt         time.Time
	last            outcome
	tries           int
}

func (st *runState) observe(o outcome) {
	st.last = o
	if st.first != nil {
		st.tries++
		return
	}
	switch o.kind {
	case holds:
		st.held++
	case discarded:
		st.discarded++
	case violated, errored, unusable:
		f := o
		st.first = &f
		st.firstAt = time.Now()
	}
}

var rapidSeedRE = regexp.MustCompile(`-rapid\.seed=(\d+)`)

// forLaw returns the configuration for one law: its own number of cases,
// when it has one, replaces the run's.
func (c config) forLaw(law Law) config {
	if law.Checks > 0 {
		c.checks, c.explicitChecks = law.Checks, true
	}
	return c
}

// refuse returns the reason a law cannot run with c, or "".
func refuse(law Law, c config) string {
	switch n := c.effectiveChecks(); {
	case law.Checks < 0:
		return "law " + law.Name + " asks for a negative number of cases (" + itoa(law.Checks) + ")"
	case c.checks > MaxChecks:
		return "refused: " + itoa(c.checks) + " cases asked, more than laws.MaxChecks (" + itoa(MaxChecks) + ")"
	case n <= 0:
		return "refused: no case asked (" + itoa(n) + " cases): a law checked on no case has not passed"
	}
	return ""
}

func runRapid(law Law, c config) (r Result) {
	c, law = c.forLaw(law), law.withConstants()
	r.Engine, r.Seed = Rapid, c.seed
	if msg := refuse(law, c); msg != "" {
		r.Status, r.Message = Errored, msg
		return r
	}
	var st runState
	scratch := &Draws{bindings: make([]Binding, 0, 8)}
	prop := func(t *rapid.T) {
		o := evalWith(law, generators.RapidSource(t), nil, nil, scratch)
		shrinking := st.first != nil
		st.observe(o)
		// rapid accepts a shrink only if it fails with the same message
		// from the same place, so a violation never shrinks into a panic,
		// nor a panic into another.
		switch o.kind {
		case discarded:
			t.Skip("discarded")
		case violated:
			t.Fatalf("kgents/laws: violated")
		case errored:
			t.Fatalf("kgents/laws: errored at %s", o.where)
		case unusable:
			if shrinking && st.first.kind != unusable {
				t.Skip("not a case")
			}
			t.Fatalf("kgents/laws: generators failed")
		}
	}
	tb := &captureTB{name: "kgents_laws_" + law.Name} // rapid looks for fail files under this name
	want := rapidSettings{checks: c.rapidChecks(), seed: c.seed, shrinkTime: c.shrinkTime}
	start := time.Now()
	withRapidSettings(want, func() { tb.run(func() { rapid.Check(tb, prop) }) })
	end := time.Now()

	r.Cases, r.Discarded = st.held, st.discarded
	r.Duration = end.Sub(start)
	if m := rapidSeedRE.FindStringSubmatch(tb.errors()); m != nil {
		r.Seed, _ = strconv.ParseUint(m[1], 10, 64)
	}
	switch {
	case st.first != nil:
		final := st.last
		reproduced := final.sameFailure(*st.first)
		if !reproduced {
			final = *st.first
		}
		hit := c.shrinkTime > 0 && end.Sub(st.firstAt) >= c.shrinkTime
		finish(&r, law, c, &st, final, reproduced, hit)
		r.Duration = time.Since(start)
	case tb.failed:
		r.Status = Errored
		r.Message = rapidMessage(tb.errors(), &st)
	default:
		r.Status = Passed
		checkEnoughCases(&r, c.effectiveChecks())
	}
	return r
}

// checkEnoughCases turns a pass on fewer cases than asked into an error:
// a law that held on fewer cases did not pass.
func checkEnoughCases(r *Result, want int) {
	if r.Status == Passed && r.Cases < want {
		r.Status = Errored
		r.Message = "only " + itoa(r.Cases) + " of the " + itoa(want) + " cases asked for were checked: the law has not passed"
	}
}

func rapidMessage(s string, st *runState) string {
	if strings.Contains(s, "only generated") {
		return "too many discarded cases: " + casesHeld(st.held) + " and " + itoa(st.discarded) + " were discarded"
	}
	return "rapid: " + strings.TrimSpace(s)
}

func statusOf(k outcomeKind) Status {
	if k == violated {
		return Failed
	}
	return Errored
}

// flakyRuns is how many times a final counterexample is evaluated again
// to see that it reproduces.
const flakyRuns = 4

// finish fills r from the engine's final case. A failure that the engine
// could not reproduce, or whose final case does not fail again on every
// one of flakyRuns evaluations, is flaky: the law, its instance or its
// generators are not deterministic, and the case is reported as such,
// not as an ordinary counterexample. Generators that could not produce a
// case (a too strict filter) report their message in Result.Message, as
// running out of cases does.
func finish(r *Result, law Law, c config, st *runState, final outcome, reproduced, engineHit bool) {
	r.Status = statusOf(st.first.kind)
	if st.first.kind == unusable {
		r.Message = "the generators could not produce a case: " + st.first.message
		return
	}
	if reproduced {
		cx, last := conclude(law, c, st, final, engineHit)
		if replays(law, last) {
			r.Counterexample = cx
			return
		}
	}
	r.Flaky = true
	r.Counterexample = caseOf(*st.first)
	r.Counterexample.Shrink = ShrinkInfo{Tries: st.tries, Duration: time.Since(st.firstAt), Bound: c.shrinkTime}
	r.Message = "flaky: the failure did not reproduce when the case was evaluated again: the law, its instance or its generators are not deterministic; the case shown is the first failure seen"
}

// replays evaluates the case again flakyRuns times from its values and
// reports whether it failed the same way every time. A case whose law
// draws more than its bindings (a choice not bound to a variable) cannot
// be rebuilt from its values and is taken as reproduced.
func replays(law Law, want outcome) bool {
	values, _ := valuesOf(want)
	for range flakyRuns {
		src := generators.Replay(nil)
		o := evalWith(law, src, values, nil, nil)
		if src.Draws() > 0 {
			return true
		}
		if !o.sameFailure(want) {
			return false
		}
	}
	return true
}

// conclude finishes a counterexample that the engine has shrunk: it runs
// the structural shrinkers of its variables (terms) and the value passes
// within what is left of the time bound, then builds the reported case,
// with the unshrunk first case attached when shrinking hit its bound.
func conclude(law Law, c config, st *runState, final outcome, engineHit bool) (*Counterexample, outcome) {
	tries, hit := st.tries, engineHit
	if !hit && !c.noPostShrink {
		deadline := st.firstAt.Add(c.shrinkTime)
		if c.shrinkTime <= 0 {
			deadline = time.Now().Add(time.Minute)
		}
		for round := 0; round < 8 && !hit; round++ {
			var n int
			var progress, ok bool
			if hasStructuralShrinker(final) {
				final, n, hit, ok = postShrink(law, final, deadline)
				tries += n
				progress = ok
			}
			if !hit {
				final, n, hit, ok = valuePasses(law, final, deadline)
				tries += n
				progress = progress || ok
			}
			if !progress {
				break
			}
		}
	}
	cx := caseOf(final)
	cx.Shrink = ShrinkInfo{Tries: tries, Duration: time.Since(st.firstAt), Bound: c.shrinkTime, BoundHit: hit}
	if hit {
		cx.Original = caseOf(*st.first)
	}
	return cx, final
}

func caseOf(o outcome) *Counterexample {
	c := &Counterexample{
		Bindings:  o.bindings,
		Message:   o.message,
		PanicSite: o.where,
	}
	if o.sides {
		c.HasSides, c.LHS, c.RHS = true, o.lhs, o.rhs
		if o.diff != nil {
			c.Diff = safeDiff(o.diff, o.lhs, o.rhs)
		}
		if c.Message == "" && FormatValue(o.lhs) == FormatValue(o.rhs) {
			c.Message = whyDiffer(o.lhs, o.rhs)
		}
	}
	return c
}

// whyDiffer explains two sides that print the same but are not equal.
func whyDiffer(l, r any) string {
	const same = "the two sides print the same but are not equal: "
	lt, rt := reflect.TypeOf(l), reflect.TypeOf(r)
	if lt != rt {
		return fmt.Sprintf(same+"lhs is a %v, rhs a %v", lt, rt)
	}
	lv, rv := reflect.ValueOf(l), reflect.ValueOf(r)
	if lv.IsValid() {
		switch lv.Kind() {
		case reflect.Slice, reflect.Map:
			if lv.IsNil() != rv.IsNil() {
				nilSide, emptySide := "lhs", "rhs"
				if rv.IsNil() {
					nilSide, emptySide = "rhs", "lhs"
				}
				return same + nilSide + " is nil and " + emptySide + " is empty but not nil"
			}
		}
	}
	return same + "they differ in something their printing does not show (unexported fields, pointers, precision); see the diff"
}

func safeDiff(diff func(a, b any) string, a, b any) (d string) {
	defer func() {
		if p := recover(); p != nil {
			d = fmt.Sprintf("<diff panicked: %v>", p)
		}
	}()
	return diff(a, b)
}

// captureTB is the rapid.TB laws gives rapid: it keeps rapid's messages
// (to read the seed) instead of printing them, and turns FailNow into a
// panic that run recovers, since rapid.Check ends with FailNow on failure.
type captureTB struct {
	name   string
	mu     sync.Mutex
	msgs   []string
	failed bool
}

type failNow struct{}

func (tb *captureTB) run(f func()) {
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(failNow); !ok {
				panic(p)
			}
		}
	}()
	f()
}

func (tb *captureTB) errors() string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return strings.Join(tb.msgs, "\n")
}

func (tb *captureTB) record(fail bool, s string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	if fail {
		tb.failed = true
		tb.msgs = append(tb.msgs, s)
	}
}

func (tb *captureTB) Helper()                          {}
func (tb *captureTB) Name() string                     { return tb.name }
func (tb *captureTB) Logf(format string, args ...any)  {}
func (tb *captureTB) Log(args ...any)                  {}
func (tb *captureTB) Skipf(format string, args ...any) { tb.SkipNow() }
func (tb *captureTB) Skip(args ...any)                 { tb.SkipNow() }
func (tb *captureTB) SkipNow()                         { panic(failNow{}) }
func (tb *captureTB) Errorf(format string, args ...any) {
	tb.record(true, fmt.Sprintf(format, args...))
}
func (tb *captureTB) Error(args ...any)                 { tb.record(true, fmt.Sprint(args...)) }
func (tb *captureTB) Fatalf(format string, args ...any) { tb.Errorf(format, args...); tb.FailNow() }
func (tb *captureTB) Fatal(args ...any)                 { tb.Error(args...); tb.FailNow() }
func (tb *captureTB) FailNow()                          { tb.record(true, ""); panic(failNow{}) }
func (tb *captureTB) Fail()                             { tb.record(true, "") }
func (tb *captureTB) Failed() bool {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return tb.failed
}
