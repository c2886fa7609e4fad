package trace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	b = appendJSONStrings(b, n.ctx.umwelt.caps)
	b = append(b, `,"perceptions":`...)
	b = appendJSONStrings(b, n.ctx.umwelt.percs)
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
	b = jsontext.AppendString(b, formatTimestamp(n.Timestamp()))
	b = append(b, `,"phase":`...)
	b = appendOptString(b, string(n.phase))
	b = append(b, `,"walk_id":`...)
	b = appendOptString(b, n.walkID)
	b = append(b, `,"tags":`...)
	b = appendJSONStrings(b, n.tags)
	b = append(b, `,"metadata":`...)
	b = append(b, metaJSON(n.meta)...)
	return append(b, '}')
}

func appendOptString(b []byte, s string) []byte {
	if s == "" {
		return append(b, "null"...)
	}
	return jsontext.AppendString(b, s)
}

func appendJSONStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsontext.AppendString(b, s)
	}
	return append(b, ']')
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

type nodeParser struct {
	node string // id, or position while the id is unknown
	err  error
}

func (p *nodeParser) fail(field string, raw json.RawMessage, why error) {
	if p.err == nil {
		v := string(raw)
		if len(v) > 80 {
			v = v[:77] + "..."
		}
		p.err = &FieldError{Node: p.node, Field: field, Value: v, Err: why}
	}
}

func (p *nodeParser) object(field string, raw json.RawMessage) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		p.fail(field, raw, fmt.Errorf("%w: want an object", ErrWrongType))
		return nil
	}
	return m
}

func (p *nodeParser) str(field string, raw json.RawMessage, def string, nullable bool) string {
	if raw == nil {
		return def
	}
	if nullable && string(raw) == "null" {
		return ""
	}
	var s string
	if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		p.fail(field, raw, fmt.Errorf("%w: want a string", ErrWrongType))
	}
	return s
}

func (p *nodeParser) strs(field string, raw json.RawMessage) []string {
	if raw == nil {
		return nil
	}
	var ss []string
	if raw[0] != '[' || json.Unmarshal(raw, &ss) != nil {
		p.fail(field, raw, fmt.Errorf("%w: want a list of strings", ErrWrongType))
	}
	return ss
}

func (p *nodeParser) meta(field string, raw json.RawMessage) string {
	if raw == nil || string(raw) == "null" {
		return ""
	}
	if raw[0] != '{' {
		p.fail(field, raw, fmt.Errorf("%w: want an object", ErrWrongType))
		return ""
	}
	s, err := canonicalObject(raw)
	if err != nil {
		p.fail(field, raw, fmt.Errorf("%w: %v", ErrWrongType, err))
	}
	return s
}

func parseNode(data []byte, pos string) (*TraceNode, error) {
	p := &nodeParser{node: pos}
	if pos == "" { // a store's nodes were parsed with the store
		var top map[string]json.RawMessage
		if err := syntaxError("node", data, json.Unmarshal(data, &top)); err != nil {
			return nil, err
		}
	}
	top := p.object("(node)", data)
	if p.err != nil {
		return nil, p.err
	}
	n := &TraceNode{ctx: &nodeContext{}}
	idRaw, ok := top["id"]
	if !ok {
		p.fail("id", nil, ErrMissingField)
		return nil, p.err
	}
	n.id = p.str("id", idRaw, "", false)
	if p.err != nil {
		return nil, p.err
	}
	p.node = strconv.Quote(n.id)
	if pos != "" {
		p.node += " (" + pos + ")"
	}
	tsRaw, ok := top["timestamp"]
	if !ok {
		p.fail("timestamp", nil, ErrMissingField)
		return nil, p.err
	}
	if s := p.str("timestamp", tsRaw, "", false); p.err == nil {
		t, err := pyjson.ParseTimestamp(s)
		n.ts = naiveMicros(t)
		switch {
		case err != nil:
			p.fail("timestamp", tsRaw, fmt.Errorf("%w: %s", ErrWrongType, pyjson.TimestampForms))
		case n.ts < pyMinTS || n.ts > pyMaxTS: // an offset can carry a time across either end
			p.fail("timestamp", tsRaw, fmt.Errorf("%w: Python's datetime holds years 1 to 9999", ErrOutOfRange))
		}
	}
	n.origin = p.str("origin", top["origin"], "unknown", false)

	n.ctx.stimulus = defaultStimulus
	if raw := top["stimulus"]; raw != nil && string(raw) != "null" {
		if m := p.object("stimulus", raw); m != nil {
			n.ctx.stimulus = Stimulus{kind: p.str("stimulus.kind", m["kind"], "unknown", false),
				content: p.str("stimulus.content", m["content"], "", false),
				source:  p.str("stimulus.source", m["source"], "", false),
				meta:    p.meta("stimulus.metadata", m["metadata"]), set: true}
		}
	}
	n.ctx.response = defaultResponse
	if raw := top["response"]; raw != nil && string(raw) != "null" {
		if m := p.object("response", raw); m != nil {
			n.ctx.response = Response{kind: p.str("response.kind", m["kind"], "unknown", false),
				content: p.str("response.content", m["content"], "", false),
				meta:    p.meta("response.metadata", m["metadata"]), set: true}
			if raw := m["success"]; raw != nil {
				switch string(raw) {
				case "true":
				case "false":
					n.ctx.response.failed = true
				default:
					p.fail("response.success", raw, fmt.Errorf("%w: want true or false", ErrWrongType))
				}
			}
		}
	}
	n.ctx.umwelt = systemUmwelt
	if raw := top["umwelt"]; raw != nil && string(raw) != "null" {
		if m := p.object("umwelt", raw); m != nil {
			u := Umwelt{observer: p.str("umwelt.observer_id", m["observer_id"], "unknown", false),
				role:  p.str("umwelt.role", m["role"], "developer", false),
				caps:  sortedSet(p.strs("umwelt.capabilities", m["capabilities"])),
				percs: sortedSet(p.strs("umwelt.perceptions", m["perceptions"])), set: true}
			if raw := m["trust_level"]; raw != nil {
				t, err := strconv.Atoi(string(raw))
				switch {
				case err != nil:
					p.fail("umwelt.trust_level", raw, fmt.Errorf("%w: want an integer 0..3", ErrWrongType))
				case t < 0 || t > 3:
					p.fail("umwelt.trust_level", raw, ErrUnknownValue)
				}
				u.trust = TrustLevel(t)
			}
			n.ctx.umwelt = u
		}
	}
	if raw := top["links"]; raw != nil && string(raw) != "null" {
		var items []json.RawMessage
		if raw[0] != '[' || json.Unmarshal(raw, &items) != nil {
			p.fail("links", raw, fmt.Errorf("%w: want a list", ErrWrongType))
		}
		for i, it := range items {
			f := fmt.Sprintf("links[%d]", i)
			m := p.object(f, it)
			if m == nil {
				break
			}
			var lk Link
			for _, k := range [...]string{"source", "target", "relation"} {
				if _, ok := m[k]; !ok {
					p.fail(f+"."+k, nil, ErrMissingField)
				}
			}
			lk.source = p.str(f+".source", m["source"], "", false)
			lk.target = p.str(f+".target", m["target"], "", false)
			if rel := p.str(f+".relation", m["relation"], "", false); p.err == nil {
				r, err := ParseLinkRelation(rel)
				if err != nil {
					p.fail(f+".relation", m["relation"], ErrUnknownValue)
				}
				lk.relation = r
			}
			lk.meta = p.meta(f+".metadata", m["metadata"])
			n.links = append(n.links, lk)
		}
	}
	if ph := p.str("phase", top["phase"], "", true); ph != "" {
		if phaseIndex(Phase(ph)) < 0 {
			p.fail("phase", top["phase"], ErrUnknownValue)
		}
		n.phase = Phase(ph)
	}
	n.walkID = p.str("walk_id", top["walk_id"], "", true)
	if raw := top["tags"]; raw != nil && string(raw) != "null" {
		n.tags = p.strs("tags", raw)
	}
	if raw := top["metadata"]; raw != nil {
		n.meta = p.meta("metadata", raw)
	}
	if p.err != nil {
		return nil, p.err
	}
	return n, nil
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
// and the field.
func WriteStore(w io.Writer, l *Ledger) error {
	b := []byte(`{"version":1,"nodes":[`)
	i := 0
	for n := range l.All() {
		if err := checkPython(n); err != nil {
			return fmt.Errorf("trace: store nodes[%d]: %w", i, err)
		}
		if i > 0 {
			b = append(b, ',')
		}
		i++
		b = n.appendJSON(b)
	}
	b = append(b, "]}"...)
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return fmt.Errorf("trace: store: %w", err)
	}
	out.WriteByte('\n')
	_, err := out.WriteTo(w)
	return err
}
