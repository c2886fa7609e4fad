package index

import "slices"

// Graph holds a ledger's nodes by position and the edges of the causal
// graph between them. An edge goes from a link's source to the node that
// carries the link, its owner; a source is a node (by position) or a plan
// path (by text). Relations are small numbers (1 to 31) that the graph only
// stores and filters on.
//
// Nodes live in chunks of ChunkSize, each with a nav per node: the edges
// whose source is the node. A chunk is one allocation, node pointers first,
// so the garbage collector scans only them; once allocated, a chunk stays
// where it is, so readers can use positions below a length they saw under
// the ledger's lock.
//
// Most nodes are the source of one edge at most (a chain of causes), so the
// first edge is kept in the nav itself; a second moves it to the edges
// column, where a node's edges form a list from the newest to the oldest.
//
// A Graph is generic in its node type only where it holds nodes (Add, Node,
// Snapshot): the code that adds and follows edges lives on the non-generic
// graph it embeds, so it is compiled once, without the dictionary a generic
// method takes, and small parts of it are inlined into the ledger's append.
type Graph[N any] struct {
	graph
	nodes []*[ChunkSize]*N
}

type graph struct {
	blocks []*block
	n      int
	edges  Column[edge]
	nedge  int32
	// links whose source is a plan path, by source text
	planOut map[string][]edge
	// links whose target is not their node's id, by target text
	foreignTargets map[string][]int32
	totalLinks     int
}

// chunk is the memory of ChunkSize nodes: Graph keeps a pointer to its
// nodes, graph one to its navs.
type chunk[N any] struct {
	nodes [ChunkSize]*N
	navs  block
}

type block [ChunkSize]nav

// nav is what the graph keeps beside each node: the edges whose source is
// the node. It changes after the append when a later node links here.
//
// out < 0 is a single edge, its owner being -out-1 and its relation in
// count's bits 24-30. out > 0 is the newest edge, as index+1 in the edges
// column, of a list running to the oldest; count is their number. out == 0
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

// edge is a link of node owner whose source is another node or a plan path.
type edge struct {
	owner int32
	rel   uint8
	next  int32 // older edge with the same source, as index+1; 0 for none
}

// NewGraph returns an empty graph.
func NewGraph[N any]() Graph[N] {
	return Graph[N]{graph: graph{planOut: make(map[string][]edge), foreignTargets: make(map[string][]int32)}}
}

// Len returns the number of nodes.
func (g *graph) Len() int { return g.n }

// Node returns the node at position i, which must be below Len.
func (g *Graph[N]) Node(i int32) *N { return g.nodes[i>>ChunkBits][i&(ChunkSize-1)] }

func (g *graph) nav(i int32) *nav { return &g.blocks[i>>ChunkBits][i&(ChunkSize-1)] }

// Add appends n, which carries links links, at position Len and returns
// that position. Its edges are added afterwards, with AddEdge, AddPlanEdge
// and AddTarget.
func (g *Graph[N]) Add(n *N, links int) int32 {
	idx := int32(g.n)
	if idx&(ChunkSize-1) == 0 {
		c := new(chunk[N])
		g.nodes = append(g.nodes, &c.nodes)
		g.blocks = append(g.blocks, &c.navs)
	}
	g.nodes[idx>>ChunkBits][idx&(ChunkSize-1)] = n
	g.add(links)
	return idx
}

func (g *graph) add(links int) {
	g.n++
	g.totalLinks += links
}

// AddFirstEdge is AddEdge's common case (a chain's), small enough to be
// inlined: it records the edge if it is the first from src, and otherwise
// reports false and changes nothing.
func (g *graph) AddFirstEdge(src, owner int32, rel uint8) bool {
	v := g.nav(src)
	if v.out != 0 {
		return false
	}
	v.out = -owner - 1
	v.count = v.count&selfTarget | uint32(rel)<<relShift | 1
	return true
}

// AddEdge records the edge from the node at src to owner with relation rel.
func (g *graph) AddEdge(src, owner int32, rel uint8) {
	if g.AddFirstEdge(src, owner, rel) {
		return
	}
	v := g.nav(src)
	if v.out < 0 { // move the single edge to the column
		g.edges.Push(g.nedge, edge{owner: -v.out - 1, rel: uint8(v.count & relMask >> relShift)})
		g.nedge++
		v.out = g.nedge
		v.count = v.count&selfTarget | 1
	}
	g.edges.Push(g.nedge, edge{owner: owner, rel: rel, next: v.out})
	g.nedge++
	v.out = g.nedge
	v.count++
}

// AddPlanEdge records the edge from the plan path source to owner.
func (g *graph) AddPlanEdge(source string, owner int32, rel uint8) {
	g.planOut[source] = append(g.planOut[source], edge{owner: owner, rel: rel})
}

// AddTarget records that a link of owner has the given target; self says
// that the target is owner's own id.
func (g *graph) AddTarget(owner int32, target string, self bool) {
	if self {
		g.nav(owner).count |= selfTarget
	} else if t := g.foreignTargets[target]; len(t) == 0 || t[len(t)-1] != owner {
		g.foreignTargets[target] = append(t, owner)
	}
}

// TotalLinks returns the number of links of all nodes.
func (g *graph) TotalLinks() int { return g.totalLinks }

// Snapshot returns a view of the first Len nodes that stays valid, without
// any lock, while nodes are added.
func (g *Graph[N]) Snapshot() Snapshot[N] {
	return Snapshot[N]{nodes: g.nodes[:len(g.nodes):len(g.nodes)], n: g.n}
}

// Snapshot is the nodes of a Graph as of one moment.
type Snapshot[N any] struct {
	nodes []*[ChunkSize]*N
	n     int
}

// Len returns the number of nodes.
func (s Snapshot[N]) Len() int { return s.n }

// Node returns the node at position i, which must be below Len.
func (s Snapshot[N]) Node(i int) *N { return s.nodes[i>>ChunkBits][i&(ChunkSize-1)] }

// OutCount returns how many edges have the node at src, or the plan path
// source, as their source; src < 0 when source is not a node.
func (g *graph) OutCount(src int32, source string) int {
	size := len(g.planOut[source])
	if src >= 0 {
		v := g.nav(src)
		if v.out < 0 {
			size++
		} else {
			size += int(v.count &^ selfTarget)
		}
	}
	return size
}

// Targeting returns, in append order, the nodes with a link whose target is
// target, where id is the node at position self when self >= 0.
func (g *graph) Targeting(target string, self int32) []int32 {
	f := g.foreignTargets[target]
	var own []int32
	if self >= 0 && g.nav(self).count&selfTarget != 0 {
		own = []int32{self}
	}
	return Union([][]int32{f, own}, len(f)+len(own))
}

// TargetingCount is len(Targeting(target, self)) without building it, when
// target is the id of the node at self (as it is for a ledger).
func (g *graph) TargetingCount(target string, self int32) int {
	c := len(g.foreignTargets[target])
	if self >= 0 && g.nav(self).count&selfTarget != 0 {
		c++
	}
	return c
}

// Children returns, in append order and without duplicates, the owners of
// the edges from source (the node at src, when src >= 0, and the plan path
// source) whose relation is in rels: bit r for relation r, 0 for all.
func (g *graph) Children(src int32, source string, rels uint32) []int32 {
	var out []int32
	add := func(owner int32, rel uint8) {
		if rels != 0 && rels&(1<<rel) == 0 {
			return
		}
		if len(out) > 0 && out[len(out)-1] == owner {
			return
		}
		out = append(out, owner)
	}
	if src >= 0 {
		// The list runs from the newest edge to the oldest.
		v := g.nav(src)
		if v.out < 0 {
			add(-v.out-1, uint8(v.count&relMask>>relShift))
		}
		for ei := v.out; ei > 0; {
			e := g.edges.At(ei - 1)
			add(e.owner, e.rel)
			ei = e.next
		}
		slices.Reverse(out)
	}
	if plan := g.planOut[source]; len(plan) > 0 {
		fromNode := len(out)
		for _, e := range plan {
			add(e.owner, e.rel)
		}
		if fromNode > 0 && len(out) > fromNode {
			slices.Sort(out)
			out = slices.Compact(out)
		}
	}
	return out
}

// BreadthFirst continues a breadth-first search whose first level is first,
// never returning start (when start >= 0) or a position twice; next appends
// the neighbours of a position to out. maxDepth limits the levels (0 or
// less: no limit).
func BreadthFirst(first []int32, start int32, maxDepth int, next func(i int32, out []int32) []int32) []int32 {
	seen := make(map[int32]bool, 16)
	if start >= 0 {
		seen[start] = true
	}
	var order []int32
	for _, j := range first {
		if !seen[j] {
			seen[j] = true
			order = append(order, j)
		}
	}
	frontier := order
	var buf []int32
	for depth := 1; len(frontier) > 0 && (maxDepth <= 0 || depth < maxDepth); depth++ {
		begin := len(order)
		for _, i := range frontier {
			buf = next(i, buf[:0])
			for _, j := range buf {
				if !seen[j] {
					seen[j] = true
					order = append(order, j)
				}
			}
		}
		frontier = order[begin:]
	}
	return order
}
