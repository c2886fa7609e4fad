package laws

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/kgents/kgents-core/laws/term"
)

// RecordFormat names the version of the JSON records below. Every record
// carries it in its "format" field; a change that removes or retypes a
// field gets a new version, while new optional fields may be added within
// one.
const RecordFormat = "kgents-lawcheck/1"

// Record kinds: a result of checking a law, or a law as listed.
const (
	KindResult = "result"
	KindLaw    = "law"
)

// Record is the machine form of a [Result]: the JSON that `lawcheck run
// -json`, `lawcheck check -json` and `lawcheck replay -json` write, one
// record per law and per line. Its fields are documented in the README
// (section lawcheck -json).
type Record struct {
	// Format is RecordFormat; Kind is KindResult.
	Format    string `json:"format"`
	Kind      string `json:"kind"`
	Instance  string `json:"instance"`
	Law       string `json:"law"`
	Structure string `json:"structure"`
	Equation  string `json:"equation"`
	// Status is "passed", "failed" or "errored", or "proved" (lawcheck
	// check: every case of a finite space was evaluated).
	Status    Status `json:"status"`
	Cases     int    `json:"cases"`
	Discarded int    `json:"discarded"`
	// Engine is "rapid" or "gopter"; lawcheck check also writes
	// "exhaustive" (every case enumerated) and "replay" (one saved case
	// evaluated again).
	Engine Engine `json:"engine"`
	// Seed is the seed in decimal (a uint64 does not fit a JSON number
	// exactly). It is absent when no seed replays the run: a pass on a
	// seed the engine drew and did not disclose, an exhaustive
	// enumeration, or a replayed case saved without one.
	Seed       string  `json:"seed,omitempty"`
	DurationMS float64 `json:"duration_ms"`
	// Message explains an errored result, or a failure that did not
	// reproduce.
	Message        string      `json:"message,omitempty"`
	Counterexample *RecordCase `json:"counterexample,omitempty"`
	// Replay is the command that replays the result, when known.
	Replay string `json:"replay,omitempty"`
	// Site is where the instance was registered, or for a JSON operad
	// where the law is written (file:line:col); Notes are the result's
	// notes (a saved case replayed first, or that now passes).
	Site  string   `json:"site,omitempty"`
	Notes []string `json:"notes,omitempty"`
}

// RecordCase is a [Counterexample] in a [Record].
type RecordCase struct {
	Bindings []RecordBinding `json:"bindings"`
	// LHS and RHS are present when the law is an equation.
	LHS       *RecordValue `json:"lhs,omitempty"`
	RHS       *RecordValue `json:"rhs,omitempty"`
	Diff      string       `json:"diff,omitempty"`
	Message   string       `json:"message,omitempty"`
	PanicSite string       `json:"panic_site,omitempty"`
	Shrink    RecordShrink `json:"shrink"`
	// Unshrunk is the first failing case, present when shrinking stopped
	// at its time bound.
	Unshrunk *RecordCase `json:"unshrunk,omitempty"`
}

// RecordShrink is a [ShrinkInfo] in a [Record].
type RecordShrink struct {
	Tries      int     `json:"tries"`
	DurationMS float64 `json:"duration_ms"`
	BoundHit   bool    `json:"bound_hit"`
	// By is ShrinkInfo.By: "exhaustive enumeration" or "replay" when no
	// shrinker ran (tries and duration_ms are then 0), absent otherwise.
	By string `json:"by,omitempty"`
}

// RecordValue is a value of a case, twice: as text in the term grammar of
// laws/term (terms as they print, constants as the parser reads them,
// other values as applications: list(1, 2), map(pair("a", 1)),
// classic.Tree(...)), and as JSON when the value has a faithful JSON
// encoding (absent for NaN, functions, channels, and maps whose keys are
// not strings or numbers).
type RecordValue struct {
	Text string          `json:"text"`
	JSON json.RawMessage `json:"json,omitempty"`
}

// RecordBinding is one variable of a case.
type RecordBinding struct {
	Name string `json:"name"`
	RecordValue
}

// LawRecord is a registered law as `lawcheck list -json` writes it, one
// per line.
type LawRecord struct {
	// Format is RecordFormat; Kind is KindLaw.
	Format    string `json:"format"`
	Kind      string `json:"kind"`
	Instance  string `json:"instance"`
	Law       string `json:"law"`
	Structure string `json:"structure"`
	Equation  string `json:"equation"`
}

// LawRecordOf returns the list record of law l of instance.
func LawRecordOf(instance string, l Law) LawRecord {
	return LawRecord{Format: RecordFormat, Kind: KindLaw, Instance: instance, Law: l.Name, Structure: l.Structure, Equation: l.Equation}
}

// RecordOf returns the record of r.
func RecordOf(r Result) Record {
	rec := Record{
		Format: RecordFormat, Kind: KindResult,
		Instance: r.Instance, Law: r.Law, Structure: r.Structure, Equation: r.Equation,
		Status: r.Status, Cases: r.Cases, Discarded: r.Discarded, Engine: r.Engine,
		DurationMS: ms(r.Duration.Microseconds()),
		Message:    r.Message, Counterexample: recordCase(r.Counterexample), Replay: r.Replay,
		Site: r.Site, Notes: r.Notes,
	}
	if r.Seed != 0 {
		rec.Seed = strconv.FormatUint(r.Seed, 10)
	}
	return rec
}

func ms(us int64) float64 { return float64(us) / 1000 }

func recordCase(c *Counterexample) *RecordCase {
	if c == nil {
		return nil
	}
	rc := &RecordCase{
		Bindings: make([]RecordBinding, 0, len(c.Bindings)),
		Diff:     c.Diff, Message: c.Message, PanicSite: c.PanicSite,
		Shrink:   RecordShrink{Tries: c.Shrink.Tries, DurationMS: ms(c.Shrink.Duration.Microseconds()), BoundHit: c.Shrink.BoundHit, By: c.Shrink.By},
		Unshrunk: recordCase(c.Original),
	}
	for _, b := range c.Bindings {
		rc.Bindings = append(rc.Bindings, RecordBinding{Name: b.Name, RecordValue: ValueOf(b.Value)})
	}
	if c.HasSides {
		l, r := ValueOf(c.LHS), ValueOf(c.RHS)
		rc.LHS, rc.RHS = &l, &r
	}
	return rc
}

// ValueOf returns v as a record value: its term-grammar text and, when it
// has one, its JSON encoding.
func ValueOf(v any) RecordValue {
	return RecordValue{Text: TermText(v), JSON: jsonValue(v)}
}

func jsonValue(v any) (raw json.RawMessage) {
	defer func() {
		if recover() != nil {
			raw = nil
		}
	}()
	switch v.(type) {
	case json.Marshaler, encoding.TextMarshaler:
	case fmt.Stringer, error:
		// Their own text is what they mean (terms, for instance); their
		// fields, if any, are an implementation.
		b, err := json.Marshal(TermText(v))
		if err != nil {
			return nil
		}
		return b
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

// TermText prints v in the term grammar of laws/term: values with a String
// method (terms among them) by that method, constants (numbers, strings,
// booleans) as the parser reads them, nil as nil(), and composite values
// as applications: a slice or array as list(...), a map as
// map(pair(k, v), ...) in key order, a struct as its type name applied to
// its exported fields, a pointer as what it points to. Output longer than
// MaxValueLen is cut as in [FormatValue].
func TermText(v any) string {
	var b strings.Builder
	writeTerm(&b, reflect.ValueOf(v), 0)
	return cut(b.String())
}

func cut(s string) string {
	if len(s) <= MaxValueLen {
		return s
	}
	n := MaxValueLen
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return fmt.Sprintf("%s… (%d more bytes)", s[:n], len(s)-n)
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

const maxTermDepth = 64

func writeTerm(b *strings.Builder, v reflect.Value, depth int) {
	if b.Len() > MaxValueLen {
		return
	}
	if !v.IsValid() {
		b.WriteString("nil()")
		return
	}
	if depth > maxTermDepth {
		b.WriteString("deep()")
		return
	}
	if v.CanInterface() {
		switch x := v.Interface().(type) {
		case *term.Term:
			if x == nil {
				b.WriteString("nil()")
				return
			}
			b.WriteString(x.String())
			return
		case float64, float32:
			b.WriteString(term.FormatConstant(x))
			return
		case fmt.Stringer:
			if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
				b.WriteString("nil()")
				return
			}
			b.WriteString(safeString(x))
			return
		case error:
			b.WriteString(strconv.Quote(x.Error()))
			return
		}
	}
	switch v.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if v.Kind() == reflect.Bool {
			b.WriteString(strconv.FormatBool(v.Bool()))
		} else if v.CanInt() {
			b.WriteString(strconv.FormatInt(v.Int(), 10))
		} else {
			b.WriteString(strconv.FormatUint(v.Uint(), 10))
		}
	case reflect.Float32, reflect.Float64:
		b.WriteString(term.FormatConstant(v.Float()))
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil()")
			return
		}
		writeTerm(b, v.Elem(), depth+1)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			b.WriteString("list()")
			return
		}
		b.WriteString("list(")
		for i := range v.Len() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeTerm(b, v.Index(i), depth+1)
		}
		b.WriteByte(')')
	case reflect.Map:
		type kv struct {
			k string
			v reflect.Value
		}
		var kvs []kv
		it := v.MapRange()
		for it.Next() {
			var kb strings.Builder
			writeTerm(&kb, it.Key(), depth+1)
			kvs = append(kvs, kv{kb.String(), it.Value()})
		}
		sort.Slice(kvs, func(i, j int) bool { return kvs[i].k < kvs[j].k })
		b.WriteString("map(")
		for i, e := range kvs {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("pair(")
			b.WriteString(e.k)
			b.WriteString(", ")
			writeTerm(b, e.v, depth+1)
			b.WriteByte(')')
		}
		b.WriteByte(')')
	case reflect.Struct:
		b.WriteString(opName(v.Type()))
		b.WriteByte('(')
		first := true
		for i := range v.NumField() {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if !first {
				b.WriteString(", ")
			}
			first = false
			writeTerm(b, v.Field(i), depth+1)
		}
		b.WriteByte(')')
	default:
		// Functions, channels, complex numbers: no term form; a quoted
		// description keeps the text parseable.
		b.WriteString(strconv.Quote(fmt.Sprintf("%v", v)))
	}
}

// opName turns a Go type name into an identifier of the term grammar
// (letters, digits, '_' and '.', starting with a letter or '_').
func opName(t reflect.Type) string {
	name := t.String()
	if name == "" || t.Name() == "" {
		return "struct"
	}
	var b strings.Builder
	for i, r := range name {
		switch {
		case r == '_' || unicode.IsLetter(r) || (i > 0 && (r == '.' || unicode.IsDigit(r))):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}
