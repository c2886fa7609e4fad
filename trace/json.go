package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/kgents/kgents-core/internal/jsontext"
	"github.com/kgents/kgents-core/internal/pyjson"
)

// This file carries kgents' to_dict / from_dict shape and its store file
// ({"version": 1, "nodes": [...]}) over to Go.

// formatTimestamp formats like Python's isoformat() on a naive datetime: the
// fraction is omitted entirely when the microseconds are zero.
func formatTimestamp(t time.Time) string { return pyjson.FormatTimestamp(t) }

// Python's datetime holds the years 1 to 9999: the naive timestamps, in
// microseconds, that kgents can read.
var (
	pyMinTS = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	pyMaxTS = time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC).UnixMicro()
)

// checkPython reports what kgents' to_dict could not have written, and so
// what its from_dict (and ParseNode) would not read back: the zero TraceNode,
// an unknown relation, phase or trust level, or a timestamp outside Python's
// years 1 to 9999.
func checkPython(n *TraceNode) error {
	if n.ctx == nil {
		return errZeroNode
	}
	if n.ts < pyMinTS || n.ts > pyMaxTS {
		return &FieldError{Node: strconv.Quote(n.id), Field: "timestamp",
			Value: formatTimestamp(n.Timestamp()), Err: fmt.Errorf("%w: Python's datetime holds years 1 to 9999", ErrOutOfRange)}
	}
	return checkNode(n)
}

var errZeroNode = fmt.Errorf("%w: the zero TraceNode (build nodes with New)", ErrInvalidNode)

// checkBuilt refuses a nil node and the zero TraceNode, which no
// constructor returns, before anything reads them.
func checkBuilt(n *TraceNode) error {
	if n == nil {
		return fmt.Errorf("%w: nil node", ErrInvalidNode)
	}
	if n.ctx == nil {
		return errZeroNode
	}
	return nil
}

// MarshalJSON encodes the node in kgents' to_dict shape, with the keys in
// kgents' order, sets as sorted lists and metadata keys sorted. It refuses,
// with a *FieldError naming the field and the value, a node that kgents could
// not have written: one with an unknown relation, phase or trust level, or a
// timestamp outside the years 1 to 9999 that Python's datetime holds.
func (n *TraceNode) MarshalJSON() ([]byte, error) {
	if err := checkPython(n); err != nil {
		return nil, err
	}
	return n.appendJSON(nil), nil
}

func (n *TraceNode) appendJSON(b []byte) []byte {
	b = append(b, `{"id":`...)
	b = jsontext.AppendString(b, n.id)
	b = append(b, `,"origin":`...)
	b = jsontext.AppendString(b, n.origin)
	b = append(b, `,"stimulus":{"kind":`...)
	b = jsontext.AppendString(b, n.ctx.stimulus.kind)
	b = append(b, `,"content":`...)
	b = jsontext.AppendString(b, n.ctx.stimulus.content)
	b = append(b, `,"source":`...)
	b = jsontext.AppendString(b, n.ctx.stimulus.source)
	b = append(b, `,"metadata":`...)
	b = append(b, metaJSON(n.ctx.stimulus.meta)...)
	b = append(b, `},"response":{"kind":`...)
	b = jsontext.AppendString(b, n.ctx.response.kind)
	b = append(b, `,"content":`...)
	b = jsontext.AppendString(b, n.ctx.response.content)
	b = append(b, `,"success":`...)
	b = strconv.AppendBool(b, !n.ctx.response.failed)
	b = append(b, `,"metadata":`...)
	b = append(b, metaJSON(n.ctx.response.meta)...)
	b = append(b, `},"umwelt":{"observer_id":`...)
	b = jsontext.AppendString(b, n.ctx.umwelt.observer)
	b = append(b, `,"role":`...)
	b = jsontext.AppendString(b, n.ctx.umwelt.role)
	b = append(b, `,"capabilities":`...)
	b = pyjson.AppendStrings(b, n.ctx.umwelt.caps, jsontext.AppendString)
	b = append(b, `,"perceptions":`...)
	b = pyjson.AppendStrings(b, n.ctx.umwelt.percs, jsontext.AppendString)
	b = append(b, `,"trust_level":`...)
	b = strconv.AppendUint(b, uint64(n.ctx.umwelt.trust), 10)
	b = append(b, `},"links":[`...)
	for i := range n.links {
		lk := &n.links[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"source":`...)
		b = jsontext.AppendString(b, lk.source)
		b = append(b, `,"target":`...)
		b = jsontext.AppendString(b, lk.target)
		b = append(b, `,"relation":`...)
		b = jsontext.AppendString(b, lk.relation.String())
		b = append(b, `,"metadata":`...)
		b = append(b, metaJSON(lk.meta)...)
		b = append(b, '}')
	}
	b = append(b, `],"timestamp":`...)
	b = pyjson.AppendTimestamp(b, n.Timestamp())
	b = append(b, `,"phase":`...)
	b = appendOptString(b, string(n.ext.phase))
	b = append(b, `,"walk_id":`...)
	b = appendOptString(b, n.ext.walkID)
	b = append(b, `,"tags":`...)
	b = pyjson.AppendStrings(b, n.ext.tags, jsontext.AppendString)
	b = append(b, `,"metadata":`...)
	b = append(b, metaJSON(n.ext.meta)...)
	return append(b, '}')
}

func appendOptString(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return jsontext.AppendString(b, s)
}

// ParseNode decodes one node from kgents' to_dict shape. Unlike kgents it
// validates: "id" and "timestamp" are required, every present field must have
// the right type, and enum values must be known. Input that is not JSON gives
// a *SyntaxError with the line and column; other errors are *FieldError values
// that name the node, the field and the value. Other missing fields take
// kgents' from_dict defaults.
//
// The timestamp is read as Python's fromisoformat reads it: "T" or a space
// between date and time, any fraction of a second (cut to microseconds), and
// an optional "Z" or "+hh:mm" offset, converted to UTC (the covenant package
// reads the same forms).
func ParseNode(data []byte) (*TraceNode, error) {
	return parseNode(data, "")
}

// parseNode decodes one node; pos is its place in a store file ("nodes[3]"),
// "" for ParseNode, whose input has not been checked for syntax yet.
func parseNode(data []byte, pos string) (*TraceNode, error) {
	node := pos // what errors call the node: its id once known
	r, serr := pyjson.Open(data, "(node)", func(p pyjson.Problem) error { return fieldError(node, p) })
	if serr != nil {
		return nil, &SyntaxError{In: "node", Line: serr.Line, Column: serr.Column, Err: serr.Err, Hint: serr.Hint}
	}
	if r.Err() != nil {
		return nil, r.Err()
	}
	n := &TraceNode{ctx: &nodeContext{}}
	if r.Require("id") {
		n.id = r.String("id", "")
	}
	if r.Err() != nil {
		return nil, r.Err()
	}
	node = strconv.Quote(n.id)
	if pos != "" {
		node += " (" + pos + ")"
	}
	if r.Require("timestamp") {
		if t, ok := r.Time("timestamp"); ok {
			// An offset can carry a time across either end of Python's years.
			if n.ts = naiveMicros(t); n.ts < pyMinTS || n.ts > pyMaxTS {
				raw, _ := r.Raw("timestamp")
				r.Fail("timestamp", raw, fmt.Errorf("%w: Python's datetime holds years 1 to 9999", ErrOutOfRange))
			}
		}
	}
	n.origin = r.String("origin", "unknown")
	n.ctx.stimulus = &defaultStimulus
	if o, ok := r.Object("stimulus"); ok {
		n.ctx.stimulus = &Stimulus{kind: o.String("kind", "unknown"), content: o.String("content", ""),
			source: o.String("source", ""), meta: metaField(o, "metadata"), set: true}
	}
	n.ctx.response = defaultResponse
	if o, ok := r.Object("response"); ok {
		n.ctx.response = Response{kind: o.String("kind", "unknown"), content: o.String("content", ""),
			meta: metaField(o, "metadata"), failed: !o.Bool("success", true), set: true}
	}
	n.ctx.umwelt = &systemUmwelt
	if o, ok := r.Object("umwelt"); ok {
		n.ctx.umwelt = &Umwelt{observer: o.String("observer_id", "unknown"), role: o.String("role", "developer"),
			caps: sortedSet(stringsField(o, "capabilities")), percs: sortedSet(stringsField(o, "perceptions")),
			trust: trustField(o, "trust_level"), set: true}
	}
	items, _ := r.List("links", "want a list")
	for i, it := range items {
		o, ok := r.Item("links", i, it)
		if !ok {
			break
		}
		n.links = append(n.links, linkField(o))
	}
	var ext nodeExtras
	if ph, _ := r.OptString("phase"); ph != "" {
		if phaseIndex(Phase(ph)) < 0 {
			raw, _ := r.Raw("phase")
			r.Fail("phase", raw, ErrUnknownValue)
		}
		ext.phase = Phase(ph)
	}
	ext.walkID, _ = r.OptString("walk_id")
	if raw, _ := r.Raw("tags"); raw != nil && string(raw) != "null" {
		ext.tags = stringsField(r, "tags")
	}
	ext.meta = metaField(r, "metadata")
	n.ext = extrasOf(&ext)
	if r.Err() != nil {
		return nil, r.Err()
	}
	return n, nil
}

// linkField reads one item of "links": source, target and relation are
// required, all three reported missing before any is read.
func linkField(o *pyjson.Reader) Link {
	for _, k := range [...]string{"source", "target", "relation"} {
		o.Require(k)
	}
	lk := Link{source: o.String("source", ""), target: o.String("target", "")}
	if rel := o.String("relation", ""); o.Err() == nil {
		r, err := ParseLinkRelation(rel)
		if err != nil {
			raw, _ := o.Raw("relation")
			o.Fail("relation", raw, ErrUnknownValue)
		}
		lk.relation = r
	}
	lk.meta = metaField(o, "metadata")
	return lk
}

// trustField reads a trust level: an integer 0..3, 0 when absent.
func trustField(o *pyjson.Reader, key string) TrustLevel {
	t := o.Int(key, 0, "want an integer 0..3")
	if raw, _ := o.Raw(key); o.Err() == nil && (t < 0 || t > 3) {
		o.Fail(key, raw, ErrUnknownValue)
	}
	return TrustLevel(t)
}

// stringsField reads a list of strings as kgents' from_dict does, through
// encoding/json: a null item reads as "".
func stringsField(o *pyjson.Reader, key string) []string {
	raw, ok := o.Raw(key)
	if !ok {
		return nil
	}
	var ss []string
	if raw[0] != '[' || json.Unmarshal(raw, &ss) != nil {
		o.Wrong(key, raw, "want a list of strings")
	}
	return ss
}

// metaField reads a metadata object into its canonical text; absent, null
// and {} give "".
func metaField(o *pyjson.Reader, key string) string {
	raw, ok := o.Raw(key)
	if !ok || string(raw) == "null" {
		return ""
	}
	if raw[0] != '{' {
		o.Wrong(key, raw, "want an object")
		return ""
	}
	s, err := canonicalObject(raw)
	if err != nil {
		o.Fail(key, raw, fmt.Errorf("%w: %v", ErrWrongType, err))
	}
	return s
}

// fieldError turns a reader's problem with a field of node into a
// *FieldError; the value is cut to 80 bytes.
func fieldError(node string, p pyjson.Problem) error {
	v := string(p.Value)
	if len(v) > 80 {
		v = v[:77] + "..."
	}
	err := p.Err
	switch {
	case p.Want != "":
		err = fmt.Errorf("%w: %s", ErrWrongType, p.Want)
	case errors.Is(err, pyjson.ErrMissing):
		err = ErrMissingField
	case errors.Is(err, pyjson.ErrTimestamp):
		err = fmt.Errorf("%w: %s", ErrWrongType, pyjson.TimestampForms)
	}
	return &FieldError{Node: node, Field: p.Field, Value: v, Err: err}
}

// StoreVersion is the version of kgents' store file that ReadStore reads and
// WriteStore writes.
const StoreVersion = 1

// ReadStore reads a kgents store file ({"version": 1, "nodes": [...]}) into a
// new ledger. Unlike kgents' load it validates: every node is decoded as by
// ParseNode and appended in file order under the ledger's rules, so a
// duplicate id, a dangling link or a causality violation is an error naming
// the node and its position.
//
// A file that is not JSON, or has anything but white space after its object,
// gives an error with the line and column; a "version" or "nodes" of the
// wrong type gives a *FieldError naming it.
func ReadStore(r io.Reader) (*Ledger, error) {
	var file struct {
		Version *int              `json:"version"`
		Nodes   []json.RawMessage `json:"nodes"`
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("trace: store: %w", err)
	}
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, storeFileError(data, err)
	}
	if file.Version == nil {
		return nil, &FieldError{Node: "(store)", Field: "version", Err: ErrMissingField}
	}
	if *file.Version != StoreVersion {
		return nil, &FieldError{Node: "(store)", Field: "version", Value: strconv.Itoa(*file.Version), Err: ErrUnknownValue}
	}
	l := NewLedger()
	for i, raw := range file.Nodes {
		pos := fmt.Sprintf("nodes[%d]", i)
		n, err := parseNode(raw, pos)
		if err != nil {
			return nil, err
		}
		if err := l.Append(n); err != nil {
			return nil, fmt.Errorf("trace: store %s (%q): %w", pos, n.id, err)
		}
	}
	return l, nil
}

// storeFileError places an error from decoding a store file's outer object.
func storeFileError(data []byte, err error) error {
	if serr := syntaxError("store", data, err); serr != nil {
		return serr
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && (te.Field == "version" || te.Field == "nodes") {
		want := "want an integer"
		if te.Field == "nodes" {
			want = "want a list of nodes"
		}
		return &FieldError{Node: "(store)", Field: te.Field, Value: te.Value, Err: fmt.Errorf("%w: %s", ErrWrongType, want)}
	}
	if errors.As(err, &te) && te.Field == "" {
		return fmt.Errorf("trace: store: want an object {\"version\": 1, \"nodes\": [...]}, not %s", te.Value)
	}
	return fmt.Errorf("trace: store: %w", err)
}

// WriteStore writes the ledger as a kgents store file: {"version": 1,
// "nodes": [...]} with the nodes in append order, indented by two spaces like
// kgents' save. A node kgents could not read (see [TraceNode.MarshalJSON])
// makes it write nothing and return an error naming the node, its position
// and the field. The nodes are those of the moment it is called: nodes
// appended while it writes are left out.
func WriteStore(w io.Writer, l *Ledger) error {
	// Every node is checked before anything is written, so that a refused
	// node leaves w untouched; then the nodes are written one at a time, so
	// that it holds one node's encoding rather than the whole file's.
	nodes := slices.Collect(l.All())
	for i, node := range nodes {
		if err := checkPython(node); err != nil {
			return fmt.Errorf("trace: store nodes[%d]: %w", i, err)
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if len(nodes) == 0 {
		bw.WriteString("{\n  \"version\": 1,\n  \"nodes\": []\n}\n")
		return bw.Flush()
	}
	bw.WriteString("{\n  \"version\": 1,\n  \"nodes\": [")
	var raw []byte
	var node bytes.Buffer
	for i, nd := range nodes {
		if i > 0 {
			bw.WriteByte(',')
		}
		// Each node sits two levels deep: its lines after the first take
		// the indentation of that depth as their prefix.
		bw.WriteString("\n    ")
		raw = nd.appendJSON(raw[:0])
		node.Reset()
		if err := json.Indent(&node, raw, "    ", "  "); err != nil {
			return fmt.Errorf("trace: store: %w", err)
		}
		bw.Write(node.Bytes())
	}
	bw.WriteString("\n  ]\n}\n")
	return bw.Flush()
}
