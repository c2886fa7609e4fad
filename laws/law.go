package laws

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"

	"github.com/kgents/kgents-core/generators"
)

// A Law is one executable property of a structure: a name, the equation or
// statement it checks as text, and a check that draws the law's variables,
// evaluates both sides and compares them. Build laws with [Equation],
// [PartialEquation] or [Property].
type Law struct {
	// Name identifies the law within an instance, for example
	// "associativity". It becomes a subtest name.
	Name string
	// Equation is the law as text, for example "(x·y)·z = x·(y·z)".
	Equation string
	// Structure names the law set that declared the law, for example
	// "Semigroup"; [LawSet.Laws] fills it in.
	Structure string
	// Checks, when positive, is the number of cases this law needs to pass,
	// in place of the run's number (both engines honour it); use it for a
	// law whose cases are costly or whose bug needs more cases. It is
	// bounded by [MaxChecks].
	Checks int

	check func(d *Draws) outcome
	// origin is the file:line of the code that built the law (the first
	// caller outside package laws): its package's literals are the
	// constants that special cases draw.
	origin string
	// special are the constants mined for origin, resolved when a run
	// starts (see withConstants).
	special *generators.Special
	// given, when set, are the constants given by WithConstants, which
	// win over those mined for origin.
	given *generators.Special
}

// withConstants returns l with its mined constants resolved, once per run
// rather than once per case.
func (l Law) withConstants() Law {
	if l.given != nil {
		l.special = l.given
		return l
	}
	near, far := constantsOf(l.origin)
	l.special = &generators.Special{Near: near, Far: far}
	return l
}

// MaxChecks bounds the number of cases asked of one law: a larger number
// is refused up front rather than run for years or overflowing an engine's
// arithmetic (and then passing on no case at all).
const MaxChecks = 1 << 24

// Draws is the record of the variables a law draws for one case. Laws draw
// through [Draw], which binds a name to each value so that a failure
// report can show them.
type Draws struct {
	src      *generators.Source
	bindings []Binding
	// override, when set, gives the values of the first draws in order:
	// that is how a case is re-evaluated with a shrunk value; overrideShrink
	// gives their structural shrink candidates, when known.
	override       []any
	overrideShrink []func() []shrinkCand
	// clock, set only while a case is observed, times each draw (see
	// caseClock): unobserved, Draw reads no clock.
	clock *caseClock
}

// A Binding is one variable of a case: its name and the value drawn.
type Binding struct {
	Name  string
	Value any

	shrink func() []shrinkCand // the value's structural shrink candidates, if any
	// gen is the generator the value was drawn from (a generators.Gen[T];
	// nil for a bound value): the value shrink passes stay within what it
	// can produce.
	gen any
	// drawn is the kinds of special value the draw received (none when
	// plain, or when the value was given rather than drawn).
	drawn generators.Kinds
}

// canProduce tells whether b's generator can produce v (Gen.Produces,
// called through reflection: this is the shrinking path, and recording a
// typed function for every draw would cost an allocation per draw).
func (b Binding) canProduce(v any) bool {
	if b.gen == nil || v == nil {
		return false
	}
	m := reflect.ValueOf(b.gen).MethodByName("Produces")
	if !m.IsValid() || m.Type().NumIn() != 1 || !reflect.TypeOf(v).AssignableTo(m.Type().In(0)) {
		return false
	}
	// A value assignable to the parameter's type (an int for a Gen[any]
	// made by generators.Box) is passed boxed to that type.
	arg := reflect.New(m.Type().In(0)).Elem()
	arg.Set(reflect.ValueOf(v))
	return m.Call([]reflect.Value{arg})[0].Bool()
}

// shrinkCand is a structural shrink candidate of a binding, with its own
// candidates.
type shrinkCand struct {
	value any
	next  func() []shrinkCand
}

func treeCands[T any](v generators.Shrinkable[T]) func() []shrinkCand {
	return func() []shrinkCand {
		cs := v.Shrinks()
		out := make([]shrinkCand, len(cs))
		for i, c := range cs {
			out[i] = shrinkCand{c.Value, treeCands(c)}
		}
		return out
	}
}

func genCands[T any](g generators.Gen[T], v T) func() []shrinkCand {
	return func() []shrinkCand {
		cs := g.Candidates(v)
		out := make([]shrinkCand, len(cs))
		for i, c := range cs {
			out[i] = shrinkCand{c, genCands(g, c)}
		}
		return out
	}
}

// Draw draws a value for the variable name from g and records the binding.
// Later draws may depend on earlier values (draw an arity, then an index
// below it).
func Draw[T any](d *Draws, name string, g generators.Gen[T]) T {
	i := len(d.bindings)
	b := Binding{Name: name, gen: g}
	if i < len(d.override) {
		if o, ok := d.override[i].(T); ok {
			b.Value = o
			if i < len(d.overrideShrink) && d.overrideShrink[i] != nil {
				b.shrink = d.overrideShrink[i]
			} else if g.HasShrinker() {
				b.shrink = genCands(g, o)
			}
			d.bindings = append(d.bindings, b)
			d.drew()
			return o
		}
	}
	if !g.HasShrinker() {
		v := g.Draw(d.src)
		b.Value, b.drawn = v, d.src.TakeDrawn()
		d.bindings = append(d.bindings, b)
		d.drew()
		return v
	}
	sv := g.DrawShrinkable(d.src)
	b.Value, b.shrink, b.drawn = sv.Value, treeCands(sv), d.src.TakeDrawn()
	d.bindings = append(d.bindings, b)
	d.drew()
	return sv.Value
}

// bind records a variable whose value is not drawn (it repeats an earlier
// one), respecting an override like Draw.
func bind[T any](d *Draws, name string, v T) T {
	if i := len(d.bindings); i < len(d.override) {
		if o, ok := d.override[i].(T); ok {
			v = o
		}
	}
	d.bindings = append(d.bindings, Binding{Name: name, Value: v})
	return v
}

// Source returns the choice source of the case, for generators that need
// to draw without binding a variable.
func (d *Draws) Source() *generators.Source { return d.src }

// Discard abandons the current case: it is neither a pass nor a failure,
// and is counted as discarded in the result. Use it for cases where the
// law does not apply. A law that discards almost every case is reported as
// Errored (the generators do not produce cases the law applies to).
func (d *Draws) Discard(reason string) {
	panic(discardSignal{reason})
}

type discardSignal struct{ reason string }

// Equation returns a law that holds when, for every case, the two sides
// computed by sides are equal by eq.
//
//	laws.Equation("associativity", "(x·y)·z = x·(y·z)", eq, func(d *laws.Draws) (int, int) {
//	    x, y, z := laws.Draw(d, "x", g), laws.Draw(d, "y", g), laws.Draw(d, "z", g)
//	    return (x - y) - z, x - (y - z)
//	})
func Equation[R any](name, equation string, eq Eq[R], sides func(d *Draws) (lhs, rhs R)) Law {
	return Law{Name: name, Equation: equation, origin: callerOrigin(), check: func(d *Draws) outcome {
		l, r := sides(d)
		if eq.Equal(l, r) {
			return outcome{kind: holds}
		}
		return outcome{kind: violated, lhs: l, rhs: r, sides: true, diff: eq.diffAny}
	}}
}

// A Side is one side of a partial equation: a value, or the error that
// makes it undefined.
type Side[R any] struct {
	Value R
	Err   error
}

// SideOf makes a Side from the usual (value, error) pair.
func SideOf[R any](v R, err error) Side[R] { return Side[R]{Value: v, Err: err} }

// PartialEquation returns a law between partial operations: it holds when
// both sides are undefined, or both are defined and equal by eq. A side
// defined while the other is not is a violation, reported with the error.
func PartialEquation[R any](name, equation string, eq Eq[R], sides func(d *Draws) (lhs, rhs Side[R])) Law {
	return Law{Name: name, Equation: equation, origin: callerOrigin(), check: func(d *Draws) outcome {
		l, r := sides(d)
		switch {
		case l.Err != nil && r.Err != nil:
			return outcome{kind: holds}
		case l.Err != nil || r.Err != nil:
			return outcome{kind: violated, lhs: sideText(l), rhs: sideText(r), sides: true,
				message: "one side is undefined and the other is not"}
		case eq.Equal(l.Value, r.Value):
			return outcome{kind: holds}
		}
		return outcome{kind: violated, lhs: l.Value, rhs: r.Value, sides: true, diff: eq.diffAny}
	}}
}

type undefinedSide string

func (u undefinedSide) String() string { return string(u) }

func sideText[R any](s Side[R]) any {
	if s.Err != nil {
		return undefinedSide("undefined: " + s.Err.Error())
	}
	return s.Value
}

// Property returns a law stated as a predicate: check returns nil when the
// case satisfies the law and an error saying what went wrong otherwise.
// Use it for laws that are not equations, such as implications.
func Property(name, statement string, check func(d *Draws) error) Law {
	return Law{Name: name, Equation: statement, origin: callerOrigin(), check: func(d *Draws) outcome {
		if err := check(d); err != nil {
			return outcome{kind: violated, message: err.Error()}
		}
		return outcome{kind: holds}
	}}
}

// Renamed returns a copy of l with another name and equation text; use it
// to adapt a generic law to a structure's notation.
func (l Law) Renamed(name, equation string) Law {
	l.Name, l.Equation = name, equation
	return l
}

type outcomeKind int

const (
	holds outcomeKind = iota
	violated
	discarded
	errored
	// unusable: the generators could not produce a case (a Filter that
	// rejects too much). Found while generating, it errors the law; found
	// while shrinking, the candidate is simply not a counterexample.
	unusable
)

// sameFailure reports whether o fails the way f does, which is what a
// shrink candidate must do to replace f: the same kind, and for a panic
// the same place.
func (o outcome) sameFailure(f outcome) bool {
	return o.kind == f.kind && (o.kind != errored || o.where == f.where)
}

// outcome is the result of one case of one law.
type outcome struct {
	kind     outcomeKind
	bindings []Binding
	lhs, rhs any
	sides    bool // lhs and rhs are meaningful
	diff     func(a, b any) string
	message  string // violated Property, undefined side, discard reason, or panic
	where    string // for a panic: the frame that panicked
}

// eval runs one case of law on src. It never panics: a panic in a
// generator, the instance or the equality becomes an errored outcome, and
// a Discard becomes a discarded one.
func eval(law Law, src *generators.Source) outcome {
	return evalWith(law, src, nil, nil, nil)
}

// evalWith is eval with the values of the first draws given (and their
// structural shrink candidates). scratch, when not nil, is a Draws reused
// from case to case by one run (its bindings are copied out only for a
// failing case, which is kept).
//
// A case drawn from the engine (no override) first draws a fair coin: on
// heads the case is special, and the generators also draw boundary values
// and the constants of the package that built the law.
func evalWith(law Law, src *generators.Source, override []any, shrinks []func() []shrinkCand, scratch *Draws) (o outcome) {
	d := scratch
	if d == nil {
		d = &Draws{}
	}
	d.src, d.override, d.overrideShrink, d.bindings = src, override, shrinks, d.bindings[:0]
	defer func() {
		src.EndCase()
		if p := recover(); p != nil {
			if isEngineSignal(p) {
				panic(p) // rapid's own control flow (such as running out of data while shrinking)
			}
			o = panicOutcome(p)
		}
		o.bindings = d.bindings
		if scratch != nil && o.kind != holds && o.kind != discarded {
			o.bindings = append([]Binding(nil), d.bindings...)
		}
	}()
	if law.check == nil {
		panic(fmt.Sprintf("laws: law %q has no check; build laws with Equation, PartialEquation or Property", law.Name))
	}
	if override == nil {
		src.MaybeSpecialCase(law.special)
	}
	return law.check(d)
}

// isEngineSignal reports whether a panic is rapid's control flow rather
// than a failure: rapid panics with values of its own unexported types to
// reject a case (for example when a shrunk bitstream runs out).
func isEngineSignal(p any) bool {
	t := reflect.TypeOf(p)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t != nil && t.PkgPath() == "pgregory.net/rapid"
}

func panicOutcome(p any) outcome {
	if ds, ok := p.(discardSignal); ok {
		return outcome{kind: discarded, message: ds.reason}
	}
	msg := fmt.Sprint(p)
	if err, ok := p.(error); ok {
		msg = err.Error()
		var fe *generators.FilterError
		if errors.As(err, &fe) {
			return outcome{kind: unusable, message: msg}
		}
	}
	return outcome{kind: errored, message: "panic: " + msg, where: panicSite()}
}

// panicSite returns the innermost frame outside the runtime and this
// package, which is where user code panicked.
func panicSite() string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") &&
			!strings.Contains(f.Function, "kgents-core/laws.") {
			return fmt.Sprintf("%s (%s:%d)", f.Function, f.File, f.Line)
		}
		if !more {
			return ""
		}
	}
}
