package trace

import (
	"slices"
	"time"

	"github.com/kgents/kgents-core/trace/internal/index"
)

// Query selects nodes; its filters are ANDed, as in kgents' TraceQuery. A zero
// field does not filter. Results come in append order.
//
// After and Before are read as node timestamps are: as the naive wall-clock
// reading of the time in its own zone (so time.Now() is the local clock, as
// in kgents), compared exactly, sub-microsecond part included.
type Query struct {
	After     time.Time // exclusive: timestamp > After
	Before    time.Time // exclusive: timestamp < Before
	Origins   []string  // origin is one of these
	Phases    []Phase   // phase is one of these (nodes without a phase never match)
	WalkID    string    // walk equals this
	Tags      []string  // any tag is one of these
	LinksTo   string    // some link's target equals this
	LinksFrom string    // some link's source equals this
	Offset    int       // skip this many matches
	Limit     int       // return at most this many; 0 means no limit
}

// Query returns the nodes that match q, in append order. It is served by the
// most selective index the query names, never by a scan of the ledger unless
// the query names no filter.
func (l *Ledger) Query(q Query) []*TraceNode {
	var out []*TraceNode
	if q.Limit > 0 {
		out = make([]*TraceNode, 0, min(q.Limit, 1024))
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.query(&q, func(n *TraceNode) bool {
		out = append(out, n)
		return true
	})
	return out
}

// Count returns the number of nodes Query(q) would return.
func (l *Ledger) Count(q Query) int {
	c := 0
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.query(&q, func(*TraceNode) bool { c++; return true })
	return c
}

type compiled struct {
	q                *Query
	after, before    int64
	hasAfter, hasBef bool
}

func (c *compiled) match(n *TraceNode) bool {
	q := c.q
	if c.hasAfter && n.ts <= c.after {
		return false
	}
	if c.hasBef && n.ts >= c.before {
		return false
	}
	if len(q.Origins) > 0 && !slices.Contains(q.Origins, n.origin) {
		return false
	}
	if len(q.Phases) > 0 && (n.ext.phase == "" || !slices.Contains(q.Phases, n.ext.phase)) {
		return false
	}
	if q.WalkID != "" && n.ext.walkID != q.WalkID {
		return false
	}
	if len(q.Tags) > 0 && !slices.ContainsFunc(n.ext.tags, func(t string) bool { return slices.Contains(q.Tags, t) }) {
		return false
	}
	if q.LinksTo != "" && !slices.ContainsFunc(n.links, func(lk Link) bool { return lk.target == q.LinksTo }) {
		return false
	}
	if q.LinksFrom != "" && !slices.ContainsFunc(n.links, func(lk Link) bool { return lk.source == q.LinksFrom }) {
		return false
	}
	return true
}

// query calls yield for each match, honouring offset and limit. mu is held.
func (l *Ledger) query(q *Query, yield func(*TraceNode) bool) {
	c := compiled{q: q}
	if !q.After.IsZero() {
		c.after, c.hasAfter = naiveAfter(q.After), true
	}
	if !q.Before.IsZero() {
		c.before, c.hasBef = naiveBefore(q.Before), true
	}
	skip, taken := max(q.Offset, 0), 0
	emit := func(i int32) bool {
		n := l.node(i)
		if !c.match(n) {
			return true
		}
		if skip > 0 {
			skip--
			return true
		}
		taken++
		return yield(n) && (q.Limit <= 0 || taken < q.Limit)
	}
	cands, all := l.candidates(&c)
	if all {
		for i := 0; i < l.g.Len(); i++ {
			if !emit(int32(i)) {
				return
			}
		}
		return
	}
	for _, i := range cands {
		if !emit(i) {
			return
		}
	}
}

// candidates returns, in append order and without duplicates, a superset of
// the matches drawn from the smallest index the query names; all is true when
// the query names no index.
func (l *Ledger) candidates(c *compiled) (cands []int32, all bool) {
	q := c.q
	best := -1
	var pick func() []int32
	consider := func(size int, f func() []int32) {
		if best < 0 || size < best {
			best, pick = size, f
		}
	}
	if c.hasAfter || c.hasBef {
		r := l.byTime.Range(c.after, c.before, c.hasAfter, c.hasBef, func(i int32) int64 { return l.node(i).ts })
		consider(r.Len(), r.Positions)
	}
	if len(q.Origins) > 0 {
		consider(l.byOrigin.Union(q.Origins))
	}
	if len(q.Phases) > 0 {
		var lists [][]int32
		size := 0
		for _, p := range q.Phases {
			if i := phaseIndex(p); i > 0 {
				lists = append(lists, l.byPhase[i])
				size += len(l.byPhase[i])
			}
		}
		consider(size, func() []int32 { return index.Union(lists, size) })
	}
	if q.WalkID != "" {
		w := l.byWalk.Get(q.WalkID)
		consider(w.Len(), func() []int32 {
			if w == nil {
				return nil
			}
			return w.Slice()
		})
	}
	if len(q.Tags) > 0 {
		consider(l.byTag.Union(q.Tags))
	}
	if q.LinksTo != "" {
		self := l.position(q.LinksTo)
		consider(l.g.TargetingCount(q.LinksTo, self), func() []int32 { return l.g.Targeting(q.LinksTo, self) })
	}
	if q.LinksFrom != "" {
		src := l.position(q.LinksFrom)
		consider(l.g.OutCount(src, q.LinksFrom), func() []int32 { return l.g.Children(src, q.LinksFrom, 0) })
	}
	if pick == nil {
		return nil, true
	}
	return pick(), false
}

// position returns the position of the node with the given id, or -1. mu
// is held.
func (l *Ledger) position(id string) int32 {
	if i, ok := l.lookup(id); ok {
		return i
	}
	return -1
}

// relSet returns rels as a set for index.Graph.Children (0: all).
func relSet(rels []LinkRelation) uint32 {
	var set uint32
	for _, r := range rels {
		set |= 1 << (r & 31)
	}
	return set
}

// children returns, in append order and without duplicates, the nodes with a
// link from source whose relation is in rels (all relations when rels is
// empty). mu is held.
func (l *Ledger) children(source string, rels []LinkRelation) []int32 {
	return l.g.Children(l.position(source), source, relSet(rels))
}

// parents returns the nodes that the links of node i (with a relation in rels)
// come from, in link order, without duplicates. mu is held.
func (l *Ledger) parents(i int32, rels []LinkRelation, out []int32) []int32 {
	n := l.node(i)
	for k := range n.links {
		lk := &n.links[k]
		if len(rels) > 0 && !slices.Contains(rels, lk.relation) {
			continue
		}
		j, ok := l.lookup(lk.source)
		if ok && !slices.Contains(out, j) {
			out = append(out, j)
		}
	}
	return out
}

func (l *Ledger) nodes(idx []int32) []*TraceNode {
	if len(idx) == 0 {
		return nil
	}
	out := make([]*TraceNode, len(idx))
	for k, i := range idx {
		out[k] = l.node(i)
	}
	return out
}

// Parents returns the nodes that id's links come from, restricted to the
// given relations (all when none are given), in link order without
// duplicates. Plan sources are not nodes and are not returned.
func (l *Ledger) Parents(id string, rels ...LinkRelation) []*TraceNode {
	l.mu.RLock()
	defer l.mu.RUnlock()
	i, ok := l.lookup(id)
	if !ok {
		return nil
	}
	return l.nodes(l.parents(i, rels, nil))
}

// Children returns the nodes carrying a link from id (a node id or a plan
// path) with one of the given relations (all when none are given), in append
// order without duplicates.
func (l *Ledger) Children(id string, rels ...LinkRelation) []*TraceNode {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.nodes(l.children(id, rels))
}

// Causes returns the nodes that caused id: the sources of its CAUSES links.
// Unlike kgents' get_causes it reads the links of node id itself, so it returns
// custom ids too and always agrees with Effects: A is in Causes(B) exactly
// when B is in Effects(A).
func (l *Ledger) Causes(id string) []*TraceNode { return l.Parents(id, Causes) }

// Effects returns the nodes with a CAUSES link from id.
func (l *Ledger) Effects(id string) []*TraceNode { return l.Children(id, Causes) }

// Continuations returns the nodes with a CONTINUES link from id.
func (l *Ledger) Continuations(id string) []*TraceNode { return l.Children(id, Continues) }

// Branches returns the nodes with a BRANCHES link from id.
func (l *Ledger) Branches(id string) []*TraceNode { return l.Children(id, Branches) }

// Fulfillments returns the nodes with a FULFILLS link from id (a node or a
// plan path).
func (l *Ledger) Fulfillments(id string) []*TraceNode { return l.Children(id, Fulfills) }

// Ancestors returns every node reachable from id by following links back to
// their sources, breadth first (nearest first), without id itself and without
// duplicates. maxDepth limits the number of hops (0 or less: no limit); rels
// restricts the relations followed (all when none are given).
func (l *Ledger) Ancestors(id string, maxDepth int, rels ...LinkRelation) []*TraceNode {
	l.mu.RLock()
	defer l.mu.RUnlock()
	start, ok := l.lookup(id)
	if !ok {
		return nil
	}
	return l.nodes(index.BreadthFirst(l.parents(start, rels, nil), start, maxDepth, func(i int32, out []int32) []int32 {
		return l.parents(i, rels, out)
	}))
}

// Descendants returns every node reachable from id (a node id or a plan path)
// by following links forward to the nodes that carry them, breadth first,
// without duplicates. maxDepth and rels are as for Ancestors.
func (l *Ledger) Descendants(id string, maxDepth int, rels ...LinkRelation) []*TraceNode {
	l.mu.RLock()
	defer l.mu.RUnlock()
	start := l.position(id)
	set := relSet(rels)
	return l.nodes(index.BreadthFirst(l.g.Children(start, id, set), start, maxDepth, func(i int32, out []int32) []int32 {
		return append(out, l.g.Children(i, l.node(i).id, set)...)
	}))
}
