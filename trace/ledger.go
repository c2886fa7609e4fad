package trace

import (
	"fmt"
	"iter"
	"slices"
	"strconv"
	"sync"
	"time"
)

const (
	chunkBits = 12
	chunkSize = 1 << chunkBits
)

// nav is what the ledger keeps beside each node, in chunks parallel to the
// nodes: the edges whose source is the node. It holds no pointers, so the
// garbage collector does not scan it. It changes after the append when a
// later node links here.
//
// Most nodes are the source of one edge at most (a chain of causes), so the
// first edge is kept in the nav itself: out < 0 is that single edge, its
// owner being -out-1 and its relation in count's bits 24-30. A second edge
// moves it to the edges column, and out > 0 is then the newest edge, as
// index+1, of a list running to the oldest; count is their number. out == 0
// is no edge.
type nav struct {
	out   int32
	count uint32 // number of edges (or, when out < 0, 1 and the relation), and selfTarget
}

const (
	// selfTarget marks a node some link of which has target == the node's id.
	selfTarget = 1 << 31
	relShift   = 24
	relMask    = 0x7f << relShift
)

// edgeCount returns the number of edges whose source is the node.
func (v *nav) edgeCount() int {
	if v.out < 0 {
		return 1
	}
	return int(v.count &^ selfTarget)
}

// addEdge records the edge of owner's link with relation rel from this
// node, in l.
func (v *nav) addEdge(l *Ledger, owner int32, rel LinkRelation) {
	switch {
	case v.out == 0:
		v.out = -owner - 1
		v.count = v.count&selfTarget | uint32(rel)<<relShift | 1
		return
	case v.out < 0: // move the single edge to the column
		l.edges.push(l.nedge, edge{owner: -v.out - 1, rel: LinkRelation(v.count & relMask >> relShift)})
		l.nedge++
		v.out = l.nedge
		v.count = v.count&selfTarget | 1
	}
	l.edges.push(l.nedge, edge{owner: owner, rel: rel, next: v.out})
	l.nedge++
	v.out = l.nedge
	v.count++
}

// edge is a link of node owner whose source is another node or a plan path.
// A node's edges form a list from the newest (nav.out) to the oldest.
type edge struct {
	owner int32
	rel   LinkRelation
	next  int32 // older edge with the same source, as index+1; 0 for none
}

// column is an append-only sequence stored in fixed-size chunks: growing it
// never copies, and a chunk, once allocated, stays where it is, so readers
// can use entries below a length they saw under the lock.
type column[T any] struct{ chunks [][]T }

func (c *column[T]) at(i int32) *T { return &c.chunks[i>>chunkBits][i&(chunkSize-1)] }

// push stores v at index i, the column's current length.
func (c *column[T]) push(i int32, v T) {
	if int(i)&(chunkSize-1) == 0 {
		c.chunks = append(c.chunks, make([]T, chunkSize))
	}
	c.chunks[i>>chunkBits][i&(chunkSize-1)] = v
}

// timeKey orders the time index by (timestamp, sequence).
type timeKey struct {
	ts  int64
	idx int32
}

func (a timeKey) less(b timeKey) bool { return a.ts < b.ts || (a.ts == b.ts && a.idx < b.idx) }

// Ledger is kgents' trace store: an append-only, validated, indexed set of
// nodes in append order. The zero Ledger is not usable; call [NewLedger].
// See the package documentation for the append rules and the concurrency
// contract.
type Ledger struct {
	mu     sync.RWMutex
	blocks []*block
	n      int
	ids    idIndex
	edges  column[edge]
	nedge  int32
	// links whose source is a plan path, by source text
	planOut map[string][]edge
	// links whose target is not their node's id, by target text
	foreignTargets map[string][]int32

	byOrigin postingsIndex
	byPhase  [len(allPhases) + 1][]int32
	byWalk   postingsIndex
	byTag    postingsIndex

	// The time index. Nodes [0, timePrefix) were appended in timestamp order,
	// so in position order they are sorted by (timestamp, sequence) and need
	// no other index. Later nodes are in byTime and late.
	timePrefix int
	lastTS     int64     // the last node's timestamp
	byTime     []timeKey // sorted (in bulk mode: in append order until sortBulk)
	late       []timeKey // sorted; nodes appended older than byTime's end
	bulk       bool      // rebuilding from disk: sort the time index once at the end
	totalLinks int

	dmu      sync.Mutex // guards digests, digested and head (taken under mu.RLock)
	digests  column[Digest]
	digested int
	head     Digest

	sealed error // when set, Append returns it
}

// NewLedger returns an empty in-memory ledger.
func NewLedger() *Ledger {
	return &Ledger{
		ids:            newIDIndex(),
		planOut:        make(map[string][]edge),
		foreignTargets: make(map[string][]int32),
	}
}

// block holds chunkSize consecutive nodes and their navs. Only the nodes
// hold pointers, and they come first, so the garbage collector scans only
// them. Once allocated, a block stays where it is.
type block struct {
	nodes [chunkSize]*TraceNode
	navs  [chunkSize]nav
}

func (l *Ledger) node(i int32) *TraceNode { return l.blocks[i>>chunkBits].nodes[i&(chunkSize-1)] }

func (l *Ledger) nav(i int32) *nav { return &l.blocks[i>>chunkBits].navs[i&(chunkSize-1)] }

// Append adds n after checking it as kgents does: duplicate id first, then
// each link in order (plan links skipped; the source must exist and be
// strictly earlier), then the enum fields. A failed append changes nothing.
// Errors match ErrDuplicateTrace, ErrTraceNotFound, ErrCausalityViolation or
// ErrInvalidNode.
func (l *Ledger) Append(n *TraceNode) error {
	if err := checkBuilt(n); err != nil {
		return err
	}
	var buf [8]int32
	var probe idProbe
	l.mu.Lock()
	if err := l.sealed; err != nil {
		l.mu.Unlock()
		return err
	}
	srcs, err := l.check(n, nil, buf[:0], &probe)
	if err == nil {
		l.insert(n, srcs, &probe)
	}
	l.mu.Unlock()
	return err
}

// pendingNode is a node accepted by a durable ledger but not yet committed.
type pendingNode struct {
	ts     int64
	digest Digest
	idx    int32 // the position it will have in the ledger
}

// check validates n against the ledger and the pending nodes (which may be
// nil). It returns the position of each link's source (-1 for plan links;
// l.n or more for pending sources). probe receives what the id index needs
// to insert n's id.
func (l *Ledger) check(n *TraceNode, pend map[string]*pendingNode, srcs []int32, probe *idProbe) ([]int32, error) {
	return l.checkHinted(n, pend, srcs, probe, nil)
}

// checkHinted is check given where the sources of n's links probably are
// (replay's read-ahead found them there): hints[i], if it is a position in
// the ledger, is taken for link i's source when the node there has the
// source's id, which makes it the source, as ids are unique; otherwise the
// source is looked up as check does.
func (l *Ledger) checkHinted(n *TraceNode, pend map[string]*pendingNode, srcs []int32, probe *idProbe, hints []int32) ([]int32, error) {
	x := &l.ids
	var k uint64
	var valid bool
	if x.ord.n > 0 || !x.ord.closed {
		k, valid = x.ord.key(n.id)
	}
	if valid && !x.ord.closed && (x.ord.n == 0 || k > x.ord.last) {
		// The id continues the ordered prefix, which then holds every id:
		// it is new (find's first case, without the call).
		probe.key, probe.flags = k, probeKeyed|probeValid
	} else if _, dup := x.find(l, n.id, k, valid, probe); dup {
		*probe = idProbe{}
		return nil, &DuplicateTraceError{TraceID: n.id}
	}
	if pend != nil {
		if _, dup := pend[n.id]; dup {
			return nil, &DuplicateTraceError{TraceID: n.id}
		}
	}
	for i := range n.links {
		lk := &n.links[i]
		if !lk.relation.valid() {
			return nil, &FieldError{Node: strconv.Quote(n.id), Field: fmt.Sprintf("links[%d].relation", i),
				Value: lk.relation.String(), Err: ErrUnknownValue}
		}
		if IsPlanPath(lk.source) {
			srcs = append(srcs, -1)
			continue
		}
		var srcTS int64
		if i < len(hints) && hints[i] >= 0 && int(hints[i]) < l.n && l.node(hints[i]).id == lk.source {
			srcTS = l.node(hints[i]).ts
			srcs = append(srcs, hints[i])
		} else if last := int32(l.n - 1); last >= 0 && l.node(last).id == lk.source { // a chain: lookup's shortcut, without the call
			srcTS = l.node(last).ts
			srcs = append(srcs, last)
		} else if j, ok := l.ids.get(l, lk.source); ok {
			srcTS = l.node(j).ts
			srcs = append(srcs, j)
		} else if p, ok := pend[lk.source]; ok {
			srcTS = p.ts
			srcs = append(srcs, p.idx)
		} else {
			return nil, &TraceNotFoundError{TraceID: lk.source, Node: n.id, Link: i}
		}
		if n.ts <= srcTS {
			return nil, &CausalityViolationError{SourceID: lk.source, TargetID: n.id,
				SourceTS: microsTime(srcTS), TargetTS: microsTime(n.ts), Link: i}
		}
	}
	// The links were checked above; checkEnums checks the rest, called only
	// when it has something to find.
	if n.phase != "" || !n.ctx.umwelt.trust.valid() {
		if err := checkEnums(n); err != nil {
			return nil, err
		}
	}
	return srcs, nil
}

// insert adds a node checked by check: srcs is what check returned (the
// position of each link's source, -1 for plans, and every source is in the
// ledger by now); probe is check's.
func (l *Ledger) insert(n *TraceNode, srcs []int32, probe *idProbe) {
	idx := int32(l.n)
	if idx&(chunkSize-1) == 0 {
		l.blocks = append(l.blocks, new(block))
	}
	blk, slot := l.blocks[idx>>chunkBits], idx&(chunkSize-1)
	blk.nodes[slot] = n
	if probe.flags&probeValid == 0 || !l.ids.ord.next(idx, n.id, probe.key) {
		l.ids.put(l, n.id, idx, probe)
	}

	var flags uint32
	l.totalLinks += len(n.links)
	for i := range n.links {
		lk := &n.links[i]
		if j := srcs[i]; j >= 0 {
			if v := l.nav(j); v.out == 0 { // addEdge's first case, without the call
				v.out = -idx - 1
				v.count = v.count&selfTarget | uint32(lk.relation)<<relShift | 1
			} else {
				v.addEdge(l, idx, lk.relation)
			}
		} else {
			l.planOut[lk.source] = append(l.planOut[lk.source], edge{owner: idx, rel: lk.relation})
		}
		if lk.target == n.id {
			flags = selfTarget
		} else if t := l.foreignTargets[lk.target]; len(t) == 0 || t[len(t)-1] != idx {
			l.foreignTargets[lk.target] = append(t, idx)
		}
	}
	blk.navs[slot] = nav{count: flags}
	l.n++

	l.byOrigin.list(n.origin).add(idx)
	if n.phase != "" {
		pi := phaseIndex(n.phase)
		l.byPhase[pi] = append(l.byPhase[pi], idx)
	}
	if n.walkID != "" {
		l.byWalk.list(n.walkID).add(idx)
	}
	for _, t := range n.tags {
		if p := l.byTag.list(t); p.last() != idx { // a tag given twice is listed once
			p.add(idx)
		}
	}

	lastTS := l.lastTS
	l.lastTS = n.ts
	if l.timePrefix == int(idx) && (idx == 0 || lastTS <= n.ts) {
		l.timePrefix++
		return
	}
	k := timeKey{n.ts, idx}
	if l.bulk || len(l.byTime) == 0 || l.byTime[len(l.byTime)-1].ts <= k.ts {
		l.byTime = appendDoubling(l.byTime, k)
		return
	}
	// Out of order. Nearly sorted streams (concurrent producers) land close
	// to the end: insert in place. Others wait in a small sorted buffer that
	// is merged in when it fills, so no append costs more than O(late).
	cmp := func(a, b timeKey) int {
		if a.less(b) {
			return -1
		}
		return 1
	}
	if tail := max(len(l.byTime)-nearEnd, 0); !k.less(l.byTime[tail]) || tail == 0 {
		// Search only the (cached) tail of the index.
		pos, _ := slices.BinarySearchFunc(l.byTime[tail:], k, cmp)
		l.byTime = slices.Insert(l.byTime, tail+pos, k)
		return
	}
	pos, _ := slices.BinarySearchFunc(l.late, k, cmp)
	l.late = slices.Insert(l.late, pos, k)
	if len(l.late) >= maxLate {
		l.mergeLate()
	}
}

const (
	nearEnd = 2048 // out-of-order timestamps this close to the end are inserted in place
	maxLate = 4096 // the others are merged in when this many are waiting
)

// appendDoubling is append, except that a full slice doubles its capacity:
// append grows large slices by a quarter, copying each element about four
// times over a million appends.
func appendDoubling[T any](s []T, v T) []T {
	if len(s) == cap(s) && len(s) >= 1024 {
		t := make([]T, len(s), 2*len(s))
		copy(t, s)
		s = t
	}
	return append(s, v)
}

// sortBulk ends bulk mode: the keys appended unsorted are sorted once, which
// for a whole ledger read from disk costs far less than keeping them sorted
// one insertion at a time. mu is held.
func (l *Ledger) sortBulk() {
	if !l.bulk {
		return
	}
	l.bulk = false
	l.byTime = sortTimeKeys(l.byTime)
}

// sortTimeKeys sorts keys that are in sequence order by (timestamp,
// sequence): a stable least-significant-digit radix sort on the timestamp,
// one pass per byte of the timestamps' range in microseconds (three passes
// up to 16 seconds, four up to 71 minutes). It returns the sorted keys, in
// keys or in a new slice.
func sortTimeKeys(keys []timeKey) []timeKey {
	if len(keys) < 2 {
		return keys
	}
	lo, hi := keys[0].ts, keys[0].ts
	for _, k := range keys {
		lo, hi = min(lo, k.ts), max(hi, k.ts)
	}
	span := uint64(hi) - uint64(lo)
	tmp := make([]timeKey, len(keys))
	src, dst := keys, tmp
	for shift := uint(0); shift < 64 && span>>shift != 0; shift += 8 {
		var count [256]int
		for _, k := range src {
			count[byte((uint64(k.ts)-uint64(lo))>>shift)]++
		}
		pos := 0
		for i, c := range count {
			count[i] = pos
			pos += c
		}
		for _, k := range src {
			b := byte((uint64(k.ts) - uint64(lo)) >> shift)
			dst[count[b]] = k
			count[b]++
		}
		src, dst = dst, src
	}
	return src
}

func (l *Ledger) mergeLate() {
	merged := make([]timeKey, 0, len(l.byTime)+len(l.late)+len(l.late))
	i, j := 0, 0
	for i < len(l.byTime) && j < len(l.late) {
		if l.late[j].less(l.byTime[i]) {
			merged = append(merged, l.late[j])
			j++
		} else {
			merged = append(merged, l.byTime[i])
			i++
		}
	}
	merged = append(merged, l.byTime[i:]...)
	merged = append(merged, l.late[j:]...)
	l.byTime, l.late = merged, l.late[:0]
}

// Len returns the number of nodes.
func (l *Ledger) Len() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.n
}

// Get returns the node with the given id.
func (l *Ledger) Get(id string) (*TraceNode, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	i, ok := l.ids.get(l, id)
	if !ok {
		return nil, false
	}
	return l.node(i), true
}

// Find returns the node with the given id, or a *TraceNotFoundError
// matching ErrTraceNotFound (kgents' get_or_raise).
func (l *Ledger) Find(id string) (*TraceNode, error) {
	if n, ok := l.Get(id); ok {
		return n, nil
	}
	return nil, &TraceNotFoundError{TraceID: id}
}

// Contains reports whether a node with the given id is in the ledger.
func (l *Ledger) Contains(id string) bool {
	_, ok := l.Get(id)
	return ok
}

// Seq returns the 1-based position of the node with the given id in append
// order, or 0.
func (l *Ledger) Seq(id string) uint64 {
	l.mu.RLock()
	defer l.mu.RUnlock()
	i, ok := l.ids.get(l, id)
	if !ok {
		return 0
	}
	return uint64(i) + 1
}

// snapshot returns the blocks and length under the read lock. Nodes below n
// never change, so they can be read without the lock.
func (l *Ledger) snapshot() ([]*block, int) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.blocks[:len(l.blocks):len(l.blocks)], l.n
}

// All iterates over the nodes in append order, as of the call. It holds no
// lock while the loop body runs.
func (l *Ledger) All() iter.Seq[*TraceNode] {
	return func(yield func(*TraceNode) bool) {
		chunks, n := l.snapshot()
		for i := 0; i < n; i++ {
			if !yield(chunks[i>>chunkBits].nodes[i&(chunkSize-1)]) {
				return
			}
		}
	}
}

// IDs returns the ids of all nodes in append order.
func (l *Ledger) IDs() []string {
	chunks, n := l.snapshot()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = chunks[i>>chunkBits].nodes[i&(chunkSize-1)].id
	}
	return ids
}

// Nodes returns all nodes in append order.
func (l *Ledger) Nodes() []*TraceNode {
	chunks, n := l.snapshot()
	ns := make([]*TraceNode, n)
	for i := range ns {
		ns[i] = chunks[i>>chunkBits].nodes[i&(chunkSize-1)]
	}
	return ns
}

// Recent returns the last n nodes in append order (fewer if the ledger is
// shorter; none for n <= 0, unlike kgents' recent(0), which returns all).
func (l *Ledger) Recent(n int) []*TraceNode {
	chunks, total := l.snapshot()
	if n <= 0 {
		return nil
	}
	n = min(n, total)
	out := make([]*TraceNode, 0, n)
	for i := total - n; i < total; i++ {
		out = append(out, chunks[i>>chunkBits].nodes[i&(chunkSize-1)])
	}
	return out
}

// Stats is kgents' stats(): counts by origin, by phase and by walk.
type Stats struct {
	TotalNodes int
	TotalLinks int
	ByOrigin   map[string]int
	ByPhase    map[Phase]int // nodes without a phase are not counted
	Walks      int
	WalkCounts map[string]int
}

// Stats returns the ledger's statistics.
func (l *Ledger) Stats() Stats {
	l.mu.RLock()
	defer l.mu.RUnlock()
	s := Stats{TotalNodes: l.n, TotalLinks: l.totalLinks, ByOrigin: map[string]int{},
		ByPhase: map[Phase]int{}, Walks: len(l.byWalk.m), WalkCounts: map[string]int{}}
	for o, p := range l.byOrigin.m {
		s.ByOrigin[o] = p.n
	}
	for i, p := range allPhases {
		if c := len(l.byPhase[i+1]); c > 0 {
			s.ByPhase[p] = c
		}
	}
	for w, p := range l.byWalk.m {
		s.WalkCounts[w] = p.n
	}
	return s
}

// Walk returns the nodes of a walk in append order (kgents' get_walk_traces).
func (l *Ledger) Walk(walkID string) []*TraceNode {
	if walkID == "" {
		return nil
	}
	return l.Query(Query{WalkID: walkID})
}

// naiveBounds turns exclusive time bounds into microsecond bounds:
// ts > lo and ts < hi.
func naiveAfter(t time.Time) int64 { return naiveMicros(t) }

func naiveBefore(t time.Time) int64 {
	us := naiveMicros(t)
	if t.Nanosecond()%1000 != 0 {
		us++
	}
	return us
}
