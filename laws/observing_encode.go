package laws

import (
	"math"
	"math/bits"
	"reflect"
	"strconv"
	"time"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/internal/jsontext"
	"github.com/kgents/kgents-core/laws/observe"
	"github.com/kgents/kgents-core/laws/term"
)

// caseEncoder writes the JSON line of each observed case straight from
// the case's outcome into one buffer that the run reuses, and hands it to
// the writer whole (observe.Writer.WriteEncoded): no observe.Observation
// is built per case, a value's text is built once for the representation
// and the arguments, and what repeats from case to case (the keys of each
// variable, escaped) is encoded once per run. The schema tests of this
// package validate every line it writes.
type caseEncoder struct {
	line  []byte
	texts []byte    // the escaped text of each binding's value
	spans [][2]int  // where each binding's text is in texts
	lens  []int     // the length of each binding's text, unescaped
	vars  []varKeys // by binding position
	durs  []time.Duration
}

// keyKind names the members that a variable gives a case.
type keyKind uint8

const (
	keyArg keyKind = iota // the variable in arguments
	keyValue
	keyBits
	keyLength
	keySpecial
	keyTextSize
	keyTermNodes
	keyTermDepth
	keyMaxArity
	keyRoot
	keyGenerated
	keyGenerate
	numKeys
)

var keyPrefixes = [numKeys]string{"", "value:", "bits:", "length:", "special:", "text size:",
	"term nodes:", "term depth:", "max arity:", "root:", "generated:", "generate:"}

// varKeys is what the variable at one position of a law's cases writes
// the same way in every case: its part of the representation (`x = `)
// and its keys (`"value:x":`), escaped once.
type varKeys struct {
	name string
	nth  int // how many bindings before this one in the case have its name
	rep  []byte
	keys [numKeys][]byte // each built when first used
}

// key returns the member key of kind k. The n-th binding of a name that
// a case binds more than once is keyed `name#n` (from the second on), so
// that every member of arguments, features and timing has a key of its
// own: a JSON reader that keeps the last of equal keys would otherwise
// lose the first binding.
func (v *varKeys) key(k keyKind) []byte {
	if v.keys[k] == nil {
		name := v.name
		if v.nth > 0 {
			name += "#" + strconv.Itoa(v.nth+1)
		}
		v.keys[k] = append(jsontext.AppendString(nil, keyPrefixes[k]+name), ':')
	}
	return v.keys[k]
}

// varAt returns the keys of the variable bound at position i of bs: a
// law's variables are almost always the same at the same positions, so
// the keys of the case before serve again.
func (e *caseEncoder) varAt(bs []Binding, i int) *varKeys {
	for len(e.vars) <= i {
		e.vars = append(e.vars, varKeys{})
	}
	name, nth := bs[i].Name, 0
	for _, b := range bs[:i] {
		if b.Name == name {
			nth++
		}
	}
	v := &e.vars[i]
	if v.rep == nil || v.name != name || v.nth != nth {
		*v = varKeys{name: name, nth: nth, rep: appendEscaped(nil, name+" = ")}
	}
	return v
}

// The labels of how a variable was generated, encoded once.
var (
	randomJSON   = jsontext.AppendString(nil, observe.Random)
	boundaryJSON = jsontext.AppendString(nil, observe.Boundary)
	minedJSON    = jsontext.AppendString(nil, observe.Mined)
)

// Keys that are the same for every law.
var (
	shrinkKey        = []byte(`"shrink":`)
	executeKey       = []byte(`"execute:test":`)
	unlabeledKey     = []byte(`"` + unlabeled + `":`)
	undefinedSideKey = []byte(`"undefined side":`)
)

func kindJSON(k generators.Kinds) []byte {
	switch {
	case k.Mined():
		return minedJSON
	case k.Boundary():
		return boundaryJSON
	}
	return randomJSON
}

// testCase records one evaluated case: its outcome, how it was made and
// where its time went (see caseClock), the case having ended at end.
func (ob *observer) testCase(out outcome, how string, end time.Duration) {
	if ob == nil || ob.w == nil {
		return
	}
	var status observe.Status
	var reason string
	switch out.kind {
	case holds:
		status = observe.Passed
	case violated, errored:
		status, reason = observe.Failed, failureReason(out)
	case discarded, unusable:
		status, reason = observe.GaveUp, out.message
		if out.kind == unusable {
			reason = "the generators could not build a case: " + out.message
		}
		if how != observe.ShrinkStep {
			ob.gaveUp[reason]++
		}
	}
	e := &ob.enc
	bs := out.bindings
	texts, spans, lens := e.texts[:0], e.spans[:0], e.lens[:0]
	for _, b := range bs {
		start := len(texts)
		var n int
		texts, n = appendText(texts, b.Value)
		spans, lens = append(spans, [2]int{start, len(texts)}), append(lens, n)
	}
	e.texts, e.spans, e.lens = texts, spans, lens

	line := append(e.line[:0], `{"type":"test_case","status":"`...)
	line = append(line, status...)
	line = append(line, `","status_reason":`...)
	line = jsontext.AppendString(line, reason)
	line = append(line, `,"representation":"`...)
	for i := range bs {
		if i > 0 {
			line = append(line, `\n`...)
		}
		line = append(line, e.varAt(bs, i).rep...)
		line = append(line, texts[spans[i][0]:spans[i][1]]...)
	}
	line = append(line, `","arguments":{`...)
	for i, b := range bs {
		if i > 0 {
			line = append(line, ',')
		}
		line = append(line, e.vars[i].key(keyArg)...)
		line = appendArgument(line, b.Value, texts[spans[i][0]:spans[i][1]])
	}
	line = append(line, `},"how_generated":`...)
	line = jsontext.AppendString(line, how)
	line = append(line, `,"features":{`...)
	open := len(line)
	specialCase := special(how)
	for i, b := range bs {
		v := &e.vars[i]
		if x, ok := b.Value.(int); ok {
			// The most common value: its digits are already in texts.
			line = append(member(line, open, v.key(keyValue)), texts[spans[i][0]:spans[i][1]]...)
			line = strconv.AppendInt(member(line, open, v.key(keyBits)), int64(bitSize(int64(x))), 10)
		} else {
			line = appendFeatures(line, open, v, b.Value, lens[i])
		}
		if specialCase && b.gen != nil {
			line = append(member(line, open, v.key(keyGenerated)), kindJSON(b.drawn)...)
		}
	}
	if out.sides && status == observe.Failed {
		if side := undefinedSideOf(out); side != "" {
			line = member(line, open, undefinedSideKey)
			line = jsontext.AppendString(line, side)
		}
	}
	line = append(line, `},"coverage":null,"timing":{`...)
	line = ob.appendTiming(line, bs, out.kind, how, end)
	line = append(line, `},"metadata":{}}`...)
	e.line = line
	if err := ob.w.WriteEncoded(line); err != nil && ob.err == nil {
		ob.err = err
	}
}

// member appends the key of a member of the object whose members begin
// at open, after a comma unless it is the first.
func member(line []byte, open int, key []byte) []byte {
	if len(line) > open {
		line = append(line, ',')
	}
	return append(line, key...)
}

// appendEscaped appends s escaped as the inside of a JSON string.
func appendEscaped(dst []byte, s string) []byte {
	n := len(dst)
	dst = jsontext.AppendString(dst, s)
	copy(dst[n:], dst[n+1:len(dst)-1])
	return dst[:len(dst)-2]
}

// appendText appends the term-grammar text of a bound value, escaped for
// a JSON string, and returns its length unescaped: integers and booleans
// without building a string, as they are the most common values.
func appendText(dst []byte, v any) ([]byte, int) {
	n := len(dst)
	switch x := v.(type) {
	case int:
		dst = strconv.AppendInt(dst, int64(x), 10)
	case int64:
		dst = strconv.AppendInt(dst, x, 10)
	case int32:
		dst = strconv.AppendInt(dst, int64(x), 10)
	case uint64:
		dst = strconv.AppendUint(dst, x, 10)
	case bool:
		dst = strconv.AppendBool(dst, x)
	default:
		_, text := argumentOf(v)
		return appendEscaped(dst, text), len(text)
	}
	return dst, len(dst) - n
}

// appendArgument appends a bound value as a JSON argument (see
// argumentOf), given its text as appendText escaped it.
func appendArgument(dst []byte, v any, text []byte) []byte {
	switch x := v.(type) {
	case int, int64, int32, uint64, bool:
		return append(dst, text...)
	case string:
		return jsontext.AppendString(dst, x)
	case float64:
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			return observe.AppendFloat(dst, x)
		}
	}
	dst = append(dst, '"')
	dst = append(dst, text...)
	return append(dst, '"')
}

// appendFeatures appends the features of one bound value to the features
// object begun at open: an integer's value and size in bits, a float's
// value, a string's or collection's length, for a term its node count,
// depth, root and largest arity, and for any other value the length of
// its text (textLen bytes).
func appendFeatures(line []byte, open int, v *varKeys, val any, textLen int) []byte {
	switch x := val.(type) {
	case int:
		return appendIntFeatures(line, open, v, int64(x))
	case int64:
		return appendIntFeatures(line, open, v, x)
	case float64:
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			return observe.AppendFloat(member(line, open, v.key(keyValue)), x)
		}
		return jsontext.AppendString(member(line, open, v.key(keySpecial)), term.FormatConstant(x))
	case string:
		return strconv.AppendInt(member(line, open, v.key(keyLength)), int64(len(x)), 10)
	case *term.Term:
		if x == nil {
			return line
		}
		arity := 0
		x.Walk(func(t *term.Term) bool { arity = max(arity, t.NumArgs()); return true })
		root := x.Name()
		if x.Kind() == term.Const {
			root = "constant"
		}
		line = strconv.AppendInt(member(line, open, v.key(keyTermNodes)), int64(x.Size()), 10)
		line = strconv.AppendInt(member(line, open, v.key(keyTermDepth)), int64(x.Depth()), 10)
		line = strconv.AppendInt(member(line, open, v.key(keyMaxArity)), int64(arity), 10)
		return jsontext.AppendString(member(line, open, v.key(keyRoot)), root)
	case nil:
		return line
	}
	rv := reflect.ValueOf(val)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.String:
		return strconv.AppendInt(member(line, open, v.key(keyLength)), int64(rv.Len()), 10)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return appendIntFeatures(line, open, v, rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		line = strconv.AppendUint(member(line, open, v.key(keyValue)), rv.Uint(), 10)
		return strconv.AppendInt(member(line, open, v.key(keyBits)), int64(bits.Len64(rv.Uint())), 10)
	case reflect.Float32, reflect.Float64:
		return appendFeatures(line, open, v, rv.Float(), textLen)
	case reflect.Bool:
		return strconv.AppendQuote(member(line, open, v.key(keyValue)), strconv.FormatBool(rv.Bool()))
	}
	// Any other value (a struct, a pointer): the length of its text in the
	// term grammar stands for its size.
	return strconv.AppendInt(member(line, open, v.key(keyTextSize)), int64(textLen), 10)
}

func appendIntFeatures(line []byte, open int, v *varKeys, x int64) []byte {
	line = strconv.AppendInt(member(line, open, v.key(keyValue)), x, 10)
	return strconv.AppendInt(member(line, open, v.key(keyBits)), int64(bitSize(x)), 10)
}

// appendTiming appends the parts of the case that ended at end, in
// seconds, under the names Hypothesis uses: generate:x for the draw of
// each variable x, execute:test for the evaluation, and for a shrink step
// shrink, the shrinker's work on the candidate since the case before was
// written. The parts do not overlap; together they are the case's time. A
// case the generators could not build stopped inside a draw: its time
// after the last finished draw is generate:unlabeled.
func (ob *observer) appendTiming(line []byte, bs []Binding, kind outcomeKind, how string, end time.Duration) []byte {
	c, e := &ob.clock, &ob.enc
	open := len(line)
	if how == observe.ShrinkStep && ob.idle > 0 && c.start >= ob.idle {
		line = observe.AppendNanoseconds(member(line, open, shrinkKey), int64(c.start-ob.idle))
	}
	durs := e.durs[:0]
	prev := c.start
	for _, m := range c.marks {
		durs = append(durs, max(m.at-prev, 0))
		prev = m.at
	}
	e.durs = durs
	for j, m := range c.marks {
		if m.binding >= len(bs) || m.binding >= len(e.vars) || repeated(c.marks, j) {
			continue
		}
		d := durs[j]
		// A binding marked twice (a draw whose value was drawn again) has
		// one member, the sum.
		for k := j + 1; k < len(c.marks); k++ {
			if c.marks[k].binding == m.binding {
				d += durs[k]
			}
		}
		line = observe.AppendNanoseconds(member(line, open, e.vars[m.binding].key(keyGenerate)), int64(d))
	}
	rest := int64(max(end-prev, 0))
	if kind == unusable {
		return observe.AppendNanoseconds(member(line, open, unlabeledKey), rest)
	}
	return observe.AppendNanoseconds(member(line, open, executeKey), rest)
}

// repeated reports whether the binding of the j-th mark was marked
// before.
func repeated(marks []drawMark, j int) bool {
	for _, m := range marks[:j] {
		if m.binding == marks[j].binding {
			return true
		}
	}
	return false
}
