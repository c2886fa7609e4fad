package trace

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unsafe"

	"github.com/kgents/kgents-core/trace/internal/index"
)

// This file holds the record encoding (doc.go, "On-disk format"): the bytes of
// a record frame and the canonical form a digest is computed over.

func appendUvarint(b []byte, v uint64) []byte { return binary.AppendUvarint(b, v) }

func appendStr(b []byte, s string) []byte {
	b = appendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendStrs(b []byte, ss []string) []byte {
	b = appendUvarint(b, uint64(len(ss)))
	for _, s := range ss {
		b = appendStr(b, s)
	}
	return b
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// appendRecord appends the record encoding of n to b.
func appendRecord(b []byte, n *TraceNode) []byte {
	b = appendStr(b, n.id)
	b = appendStr(b, n.origin)
	s := n.ctx.stimulus
	b = appendStr(b, s.kind)
	b = appendStr(b, s.content)
	b = appendStr(b, s.source)
	b = appendStr(b, s.meta)
	r := &n.ctx.response
	b = appendStr(b, r.kind)
	b = appendStr(b, r.content)
	b = appendBool(b, !r.failed)
	b = appendStr(b, r.meta)
	u := n.ctx.umwelt
	b = appendStr(b, u.observer)
	b = appendStr(b, u.role)
	b = appendStrs(b, u.caps)
	b = appendStrs(b, u.percs)
	b = append(b, byte(u.trust))
	b = appendUvarint(b, uint64(len(n.links)))
	for i := range n.links {
		l := &n.links[i]
		b = appendStr(b, l.source)
		b = appendStr(b, l.target)
		b = append(b, byte(l.relation))
		b = appendStr(b, l.meta)
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(n.ts))
	e := n.ext
	b = appendStr(b, string(e.phase))
	b = appendStr(b, e.walkID)
	b = appendStrs(b, e.tags)
	b = appendStr(b, e.meta)
	return b
}

var errRecord = errors.New("malformed record")

type recordDecoder struct {
	s   string
	i   int
	err error
	a   *arena
}

// arena hands out decoded nodes, the parts of their contexts and their
// small slices (tags, sets, links) from shared chunks (index.Arena), so that
// replaying a ledger does not allocate each one, and remembers the last
// lists and context it decoded, which the next node often repeats.
type arena struct {
	strs    index.Arena[string]
	links   index.Arena[Link]
	nodes   index.Arena[TraceNode]
	ctxs    index.Arena[nodeContext]
	stims   index.Arena[Stimulus]
	umwelts index.Arena[Umwelt]
	ctx     *nodeContext // the last context handed out, which the next node may share
	exts    index.Arena[nodeExtras]
	ext     *nodeExtras // the last extras handed out from exts
	lists   [3][]string // the last node's lists, by lastCaps, lastPercs, lastTags
	sorted  [2]*string  // the last lists of capabilities and perceptions found strictly sorted
	// own, if set, makes the decoder copy the strings it keeps instead of
	// taking substrings of the record: for records whose bytes are not
	// the decoder's to keep (a mapped segment, released after recovery).
	own *ownStrings
}

// ownStrings holds copies of decoded strings, packed into chunks. A field
// that repeats the same field of the node decoded before it (an origin, a
// kind, an observer: most of a record's strings in a ledger) shares that
// node's copy instead, so that a ledger read from disk holds one copy of
// what its nodes repeat, not one per node. Nodes never modify their
// strings, so sharing is safe.
type ownStrings struct {
	b    strings.Builder // the chunk being filled; earlier bytes never change
	last [numSlots]string
}

// The fields whose last value ownStrings remembers.
const (
	slotOrigin = iota
	slotStimKind
	slotStimContent
	slotStimSource
	slotStimMeta
	slotRespKind
	slotRespContent
	slotRespMeta
	slotObserver
	slotRole
	slotLinkMeta
	slotPhase
	slotWalk
	slotMeta
	numSlots
)

// ownChunk is the size of ownStrings' chunks. A string longer than an
// eighth of it gets memory of its own.
const ownChunk = 128 << 10

// copy returns a copy of s in a chunk. The chunks come from
// strings.Builder, whose Grow does not zero the memory it is about to
// fill.
func (o *ownStrings) copy(s string) string {
	if len(s) == 0 {
		return ""
	}
	if o.b.Cap()-o.b.Len() < len(s) {
		if len(s) > ownChunk/8 {
			return strings.Clone(s)
		}
		o.b = strings.Builder{}
		o.b.Grow(ownChunk)
	}
	o.b.WriteString(s)
	all := o.b.String()
	return all[len(all)-len(s):]
}

// keep returns s as the value of field slot: the last node's copy if it
// is the same, otherwise a new one.
func (o *ownStrings) keep(slot int, s string) string {
	if s == o.last[slot] {
		return o.last[slot]
	}
	s = o.copy(s)
	o.last[slot] = s
	return s
}

const (
	lastCaps = iota
	lastPercs
	lastTags
)

// last returns where the list of kind k of the last decoded node is kept,
// or nil if a is nil.
func (a *arena) last(k int) *[]string {
	if a == nil {
		return nil
	}
	return &a.lists[k]
}

// strictlySorted is strictlySorted(s) for a list of kind k (lastCaps or
// lastPercs) from a's decoder: a list shared with earlier nodes is checked
// once.
func (a *arena) strictlySorted(k int, s []string) bool {
	if a == nil || len(s) < 2 {
		return strictlySorted(s)
	}
	if a.sorted[k] == unsafe.SliceData(s) { // the arena hands out a list's memory once
		return true
	}
	if !strictlySorted(s) {
		return false
	}
	a.sorted[k] = unsafe.SliceData(s)
	return true
}

const nodeChunk = 128

func (a *arena) takeNode() *TraceNode {
	if a == nil {
		return new(TraceNode)
	}
	return a.nodes.One(nodeChunk)
}

// context returns a context holding s, r and u. From an arena, it shares
// what repeats the last node's context: the stimulus, the umwelt, or the
// whole context. Nodes of one observer mostly repeat their stimulus and
// umwelt and differ in their response, and a ledger read from disk keeps
// one copy of what they repeat: 144 bytes less per node than a context of
// its own, and the whole context (80 bytes) when it repeats.
func (a *arena) context(s *Stimulus, r *Response, u *Umwelt) *nodeContext {
	if a == nil {
		oc := &ownContext{stim: *s, umw: *u}
		oc.ctx = nodeContext{stimulus: &oc.stim, umwelt: &oc.umw, response: *r}
		return &oc.ctx
	}
	last := a.ctx
	var stim *Stimulus
	if last != nil && *last.stimulus == *s {
		stim = last.stimulus
	} else {
		stim = a.stims.One(nodeChunk)
		*stim = *s
	}
	var umw *Umwelt
	if last != nil && sameUmwelt(last.umwelt, u) {
		umw = last.umwelt
	} else {
		umw = a.umwelts.One(nodeChunk)
		*umw = *u
	}
	if last != nil && stim == last.stimulus && umw == last.umwelt && last.response == *r {
		return last
	}
	c := a.ctxs.One(nodeChunk)
	*c = nodeContext{stimulus: stim, umwelt: umw, response: *r}
	a.ctx = c
	return c
}

// extras returns extras holding e: noExtras if it is empty, the last
// node's if they are the same (tags shared with the last node's, as the
// decoder shares equal lists, count as the same), otherwise a copy from the
// arena.
func (a *arena) extras(e *nodeExtras) *nodeExtras {
	if a == nil || e.empty() {
		return extrasOf(e)
	}
	if l := a.ext; l != nil && l.phase == e.phase && l.walkID == e.walkID && l.meta == e.meta &&
		len(l.tags) == len(e.tags) && unsafe.SliceData(l.tags) == unsafe.SliceData(e.tags) {
		return l
	}
	c := a.exts.One(nodeChunk)
	*c = *e
	a.ext = c
	return c
}

// sameUmwelt reports whether a and b are equal, given that the decoder
// shares a list of capabilities or perceptions with the last node's
// whenever they are equal: equal lists are then the same memory.
func sameUmwelt(a, b *Umwelt) bool {
	return a.observer == b.observer && a.role == b.role && a.trust == b.trust && a.set == b.set &&
		len(a.caps) == len(b.caps) && unsafe.SliceData(a.caps) == unsafe.SliceData(b.caps) &&
		len(a.percs) == len(b.percs) && unsafe.SliceData(a.percs) == unsafe.SliceData(b.percs)
}

func (a *arena) takeStrs(n int) []string {
	if a == nil {
		return make([]string, n)
	}
	return a.strs.Take(n)
}

func (a *arena) takeLinks(n int) []Link {
	if a == nil {
		return make([]Link, n)
	}
	return a.links.Take(n)
}

// fail records the first error. It also empties d.s, so that the fast
// paths, which check only bounds, fall through to the slow ones, which see
// the error.
func (d *recordDecoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s at byte %d", errRecord, what, d.i)
		d.s = ""
	}
}

// uvarint decodes a uvarint. The one-byte case (nearly every length and
// count) takes a fast path.
func (d *recordDecoder) uvarint() uint64 {
	if i, s := d.i, d.s; i < len(s) && s[i] < 0x80 {
		d.i = i + 1
		return uint64(s[i])
	}
	return d.uvarintSlow()
}

func (d *recordDecoder) uvarintSlow() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	for shift, j := uint(0), 0; ; shift, j = shift+7, j+1 {
		if d.i >= len(d.s) || j == binary.MaxVarintLen64 {
			d.fail("truncated or overlong uvarint")
			return 0
		}
		c := d.s[d.i]
		d.i++
		if j == binary.MaxVarintLen64-1 && c > 1 {
			d.fail("uvarint overflows 64 bits")
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			if c == 0 && j > 0 {
				d.fail("non-minimal uvarint")
			}
			return v
		}
	}
}

// str decodes a string: a substring of d.s, or "" (which, unlike an empty
// substring, holds no pointer for the garbage collector to follow). Strings
// shorter than 128 bytes, whose length is one byte, take a fast path.
func (d *recordDecoder) str() string {
	if i, s := d.i, d.s; i < len(s) && s[i] < 0x80 {
		if j := i + 1 + int(s[i]); j <= len(s) {
			d.i = j
			if j == i+1 {
				return ""
			}
			return s[i+1 : j]
		}
	}
	return d.strSlow()
}

func (d *recordDecoder) strSlow() string {
	n := d.uvarintSlow()
	if d.err != nil {
		return ""
	}
	if n > uint64(len(d.s)-d.i) {
		d.fail("string runs past the end")
		return ""
	}
	s := d.s[d.i : d.i+int(n)]
	d.i += int(n)
	if n == 0 {
		return ""
	}
	return s
}

// field decodes a string that the node keeps as its field slot: a
// substring of d.s, or a copy if d's arena owns its strings.
func (d *recordDecoder) field(slot int) string {
	s := d.str()
	if d.a != nil && d.a.own != nil {
		return d.a.own.keep(slot, s)
	}
	return s
}

// unique is field for a string that rarely repeats the last node's (an
// id): if d's arena owns its strings, it is copied without a comparison.
func (d *recordDecoder) unique() string {
	s := d.str()
	if d.a != nil && d.a.own != nil {
		return d.a.own.copy(s)
	}
	return s
}

// target decodes a link's target, sharing id (the node's own, which a
// link's target usually is) when it is the same.
func (d *recordDecoder) target(id string) string {
	s := d.str()
	if d.a != nil && d.a.own != nil {
		if s == id {
			return id
		}
		return d.a.own.copy(s)
	}
	return s
}

func (d *recordDecoder) byte1() byte {
	if d.err != nil {
		return 0
	}
	if d.i >= len(d.s) {
		d.fail("truncated")
		return 0
	}
	c := d.s[d.i]
	d.i++
	return c
}

// strs decodes a list of strings. If it equals *last (when last is not nil:
// the last list of the same kind decoded, in a node before), it returns
// *last: consecutive nodes usually share an observer's capabilities and
// perceptions, and often their tags. Nodes never modify their lists, so
// sharing one is safe, and it saves the memory and the garbage collector's
// work of a copy per node.
func (d *recordDecoder) strs(last *[]string) []string {
	n := d.uvarint()
	if d.err != nil || n == 0 {
		return nil
	}
	if n > uint64(len(d.s)-d.i) { // every string takes at least one byte
		d.fail("list runs past the end")
		return nil
	}
	if last != nil && len(*last) == int(n) {
		at, same := d.i, true
		for _, s := range *last {
			if d.str() != s {
				same = false
				break
			}
		}
		switch {
		case d.err != nil:
			return nil
		case same:
			return *last
		}
		d.i = at
	}
	ss := d.a.takeStrs(int(n))
	for i := range ss {
		ss[i] = d.unique()
	}
	if last != nil && d.err == nil {
		*last = ss
	}
	return ss
}

// decodeRecord decodes a record. The node's strings share one copy of p; it
// and its slices come from a, which may be nil.
func decodeRecord(p []byte, a *arena) (*TraceNode, error) { return decodeRecordString(string(p), a) }

// decodeRecordString decodes a record held in a string, which the node's
// strings share (a substring of a larger string works: it is not copied).
func decodeRecordString(p string, a *arena) (*TraceNode, error) {
	d := recordDecoder{s: p, a: a}
	n := a.takeNode()
	n.id = d.unique()
	n.origin = d.field(slotOrigin)
	stim := Stimulus{kind: d.field(slotStimKind), content: d.field(slotStimContent), source: d.field(slotStimSource), meta: d.field(slotStimMeta), set: true}
	resp := Response{kind: d.field(slotRespKind), content: d.field(slotRespContent), set: true}
	switch d.byte1() {
	case 0:
		resp.failed = true
	case 1:
	default:
		d.fail("response.success is not 0 or 1")
	}
	resp.meta = d.field(slotRespMeta)
	umw := Umwelt{observer: d.field(slotObserver), role: d.field(slotRole), set: true}
	umw.caps = d.strs(a.last(lastCaps))
	umw.percs = d.strs(a.last(lastPercs))
	umw.trust = TrustLevel(d.byte1())
	if !a.strictlySorted(lastCaps, umw.caps) || !a.strictlySorted(lastPercs, umw.percs) {
		d.fail("umwelt set not sorted and unique")
	}
	if d.err == nil {
		n.ctx = a.context(&stim, &resp, &umw)
	}
	if nl := d.uvarint(); nl > 0 && d.err == nil {
		if nl > uint64(len(d.s)-d.i)/4 {
			d.fail("link list runs past the end")
		} else {
			n.links = d.a.takeLinks(int(nl))
			for i := range n.links {
				n.links[i] = Link{source: d.unique(), target: d.target(n.id), relation: LinkRelation(d.byte1()), meta: d.field(slotLinkMeta)}
			}
		}
	}
	if d.err == nil {
		if len(d.s)-d.i < 8 {
			d.fail("truncated timestamp")
		} else {
			var u uint64
			for k := 7; k >= 0; k-- {
				u = u<<8 | uint64(d.s[d.i+k])
			}
			n.ts = int64(u)
			d.i += 8
		}
	}
	ext := nodeExtras{phase: Phase(d.field(slotPhase)), walkID: d.field(slotWalk)}
	ext.tags = d.strs(a.last(lastTags))
	ext.meta = d.field(slotMeta)
	if d.err == nil && d.i != len(d.s) {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return nil, d.err
	}
	n.ext = a.extras(&ext)
	if err := checkNode(n); err != nil {
		return nil, fmt.Errorf("%w: %v", errRecord, err)
	}
	return n, nil
}

func strictlySorted(s []string) bool {
	for i := 1; i < len(s); i++ {
		if s[i-1] >= s[i] {
			return false
		}
	}
	return true
}

// checkNode checks what the record encoding can hold but a node may not:
// unknown relations, phases and trust levels.
func checkNode(n *TraceNode) error {
	for i := range n.links {
		if !n.links[i].relation.valid() {
			return &FieldError{Node: strconv.Quote(n.id), Field: fmt.Sprintf("links[%d].relation", i),
				Value: n.links[i].relation.String(), Err: ErrUnknownValue}
		}
	}
	return checkEnums(n)
}

// checkEnums is checkNode without the links.
func checkEnums(n *TraceNode) error {
	if phaseIndex(n.ext.phase) < 0 {
		return &FieldError{Node: strconv.Quote(n.id), Field: "phase", Value: string(n.ext.phase), Err: ErrUnknownValue}
	}
	if !n.ctx.umwelt.trust.valid() {
		return &FieldError{Node: strconv.Quote(n.id), Field: "umwelt.trust_level", Value: fmt.Sprint(uint8(n.ctx.umwelt.trust)), Err: ErrUnknownValue}
	}
	return nil
}
