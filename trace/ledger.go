package trace

import (
	"fmt"
	"iter"
	"strconv"
	"sync"
	"time"

	"github.com/kgents/kgents-core/trace/internal/index"
)

// Ledger is kgents' trace store: an append-only, validated, indexed set of
// nodes in append order. The zero Ledger is not usable; call [NewLedger].
// See the package documentation for the append rules and the concurrency
// contract.
type Ledger struct {
	mu sync.RWMutex
	// The nodes by position, the causal graph, and the indexes (package
	// index): the id index and one per field a query can name.
	g        index.Graph[TraceNode]
	ids      index.IDs
	byOrigin index.Field
	byPhase  [len(allPhases) + 1][]int32
	byWalk   index.Field
	byTag    index.Field
	byTime   index.Times

	dmu      sync.Mutex // guards digests, digested and head (taken under mu.RLock)
	digests  index.Column[Digest]
	digested int
	head     Digest

	sealed error // when set, Append returns it
}

// NewLedger returns an empty in-memory ledger.
func NewLedger() *Ledger {
	return &Ledger{g: index.NewGraph[TraceNode](), ids: index.NewIDs(), byTime: index.NewTimes()}
}

func (l *Ledger) node(i int32) *TraceNode { return l.g.Node(i) }

// ledgerIDs resolves positions to ids for the id index.
type ledgerIDs Ledger

func (l *ledgerIDs) IDAt(pos int32) string { return (*Ledger)(l).g.Node(pos).id }

func (l *Ledger) resolver() index.Resolver { return (*ledgerIDs)(l) }

// lookup returns the position of the node with the given id. mu is held.
func (l *Ledger) lookup(id string) (int32, bool) { return l.ids.Get(id, l.resolver()) }

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
	var probe index.Probe
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
func (l *Ledger) check(n *TraceNode, pend map[string]*pendingNode, srcs []int32, probe *index.Probe) ([]int32, error) {
	return l.checkHinted(n, pend, srcs, probe, nil)
}

// checkHinted is check given where the sources of n's links probably are
// (replay's read-ahead found them there): hints[i], if it is a position in
// the ledger, is taken for link i's source when the node there has the
// source's id, which makes it the source, as ids are unique; otherwise the
// source is looked up as check does.
func (l *Ledger) checkHinted(n *TraceNode, pend map[string]*pendingNode, srcs []int32, probe *index.Probe, hints []int32) ([]int32, error) {
	if !l.ids.IsNew(n.id, l.resolver(), probe) {
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
		if i < len(hints) && hints[i] >= 0 && int(hints[i]) < l.g.Len() && l.node(hints[i]).id == lk.source {
			srcTS = l.node(hints[i]).ts
			srcs = append(srcs, hints[i])
		} else if last := int32(l.g.Len() - 1); last >= 0 && l.node(last).id == lk.source { // a chain: no lookup
			srcTS = l.node(last).ts
			srcs = append(srcs, last)
		} else if j, ok := l.lookup(lk.source); ok {
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
	if n.ext.phase != "" || !n.ctx.umwelt.trust.valid() {
		if err := checkEnums(n); err != nil {
			return nil, err
		}
	}
	return srcs, nil
}

// insert adds a node checked by check: srcs is what check returned (the
// position of each link's source, -1 for plans, and every source is in the
// ledger by now); probe is check's.
func (l *Ledger) insert(n *TraceNode, srcs []int32, probe *index.Probe) {
	idx := l.g.Add(n, len(n.links))
	// The common cases (PutNext, AddFirstEdge) are inlined; their callers
	// call the rest only when they decline.
	if !l.ids.PutNext(n.id, probe) {
		l.ids.Put(n.id, idx, l.resolver(), probe)
	}
	for i := range n.links {
		lk := &n.links[i]
		if j := srcs[i]; j >= 0 {
			if !l.g.AddFirstEdge(j, idx, uint8(lk.relation)) {
				l.g.AddEdge(j, idx, uint8(lk.relation))
			}
		} else {
			l.g.AddPlanEdge(lk.source, idx, uint8(lk.relation))
		}
		l.g.AddTarget(idx, lk.target, lk.target == n.id)
	}
	l.byOrigin.List(n.origin).Add(idx)
	e := n.ext
	if e.phase != "" {
		pi := phaseIndex(e.phase)
		l.byPhase[pi] = append(l.byPhase[pi], idx)
	}
	if e.walkID != "" {
		l.byWalk.List(e.walkID).Add(idx)
	}
	for _, t := range e.tags {
		if p := l.byTag.List(t); p.Last() != idx { // a tag given twice is listed once
			p.Add(idx)
		}
	}
	l.byTime.Add(n.ts, idx)
}

// Len returns the number of nodes.
func (l *Ledger) Len() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.g.Len()
}

// Get returns the node with the given id and true, or nil and false: the
// comma-ok form, for callers that branch on presence. Find is the same
// lookup for callers that want an error.
func (l *Ledger) Get(id string) (*TraceNode, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	i, ok := l.lookup(id)
	if !ok {
		return nil, false
	}
	return l.node(i), true
}

// Find returns the node with the given id, or a *TraceNotFoundError that
// matches ErrTraceNotFound (kgents' get_or_raise): Get's one lookup, with
// absence as an error that can be returned and matched with errors.Is.
func (l *Ledger) Find(id string) (*TraceNode, error) {
	n, ok := l.Get(id)
	if !ok {
		return nil, &TraceNotFoundError{TraceID: id}
	}
	return n, nil
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
	i, ok := l.lookup(id)
	if !ok {
		return 0
	}
	return uint64(i) + 1
}

// snapshot returns the nodes as of now, taken under the read lock. Nodes
// below its length never change, so they can be read without the lock.
func (l *Ledger) snapshot() index.Snapshot[TraceNode] {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.g.Snapshot()
}

// All iterates over the nodes in append order, as of the call. It holds no
// lock while the loop body runs.
func (l *Ledger) All() iter.Seq[*TraceNode] {
	return func(yield func(*TraceNode) bool) {
		s := l.snapshot()
		for i := 0; i < s.Len(); i++ {
			if !yield(s.Node(i)) {
				return
			}
		}
	}
}

// IDs returns the ids of all nodes in append order.
func (l *Ledger) IDs() []string {
	s := l.snapshot()
	ids := make([]string, s.Len())
	for i := range ids {
		ids[i] = s.Node(i).id
	}
	return ids
}

// Nodes returns all nodes in append order.
func (l *Ledger) Nodes() []*TraceNode {
	s := l.snapshot()
	ns := make([]*TraceNode, s.Len())
	for i := range ns {
		ns[i] = s.Node(i)
	}
	return ns
}

// Recent returns the last n nodes in append order (fewer if the ledger is
// shorter; none for n <= 0, unlike kgents' recent(0), which returns all).
func (l *Ledger) Recent(n int) []*TraceNode {
	s := l.snapshot()
	if n <= 0 {
		return nil
	}
	total := s.Len()
	n = min(n, total)
	out := make([]*TraceNode, 0, n)
	for i := total - n; i < total; i++ {
		out = append(out, s.Node(i))
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
	s := Stats{TotalNodes: l.g.Len(), TotalLinks: l.g.TotalLinks(), ByOrigin: l.byOrigin.Counts(),
		ByPhase: map[Phase]int{}, Walks: l.byWalk.Values(), WalkCounts: l.byWalk.Counts()}
	for i, p := range allPhases {
		if c := len(l.byPhase[i+1]); c > 0 {
			s.ByPhase[p] = c
		}
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
