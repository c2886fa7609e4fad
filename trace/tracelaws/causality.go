package tracelaws

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kgents/kgents-core/generators"
	"github.com/kgents/kgents-core/laws"
	"github.com/kgents/kgents-core/trace"
)

// Store is what the causality laws look at: the nodes a store kept, in
// order, and its navigation. *trace.Ledger is one; a model of kgents' Python
// store is another (and breaks the laws).
type Store interface {
	Nodes() []*trace.TraceNode
	Parents(id string, rels ...trace.LinkRelation) []*trace.TraceNode
	Children(id string, rels ...trace.LinkRelation) []*trace.TraceNode
	Ancestors(id string, maxDepth int, rels ...trace.LinkRelation) []*trace.TraceNode
	Descendants(id string, maxDepth int, rels ...trace.LinkRelation) []*trace.TraceNode
}

// Submission is a sequence of nodes offered to a store, valid or not.
type Submission []*trace.TraceNode

// String prints the submission as id@µs with <-source per link and (to target) when
// the target is not the node itself.
func (s Submission) String() string {
	var b strings.Builder
	for i, n := range s {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s@%d", n.ID(), n.Timestamp().Sub(t0).Microseconds())
		for k := range n.NumLinks() {
			l := n.Link(k)
			fmt.Fprintf(&b, "<-%s", l.Source())
			if l.Target() != n.ID() {
				fmt.Fprintf(&b, "(to %s)", l.Target())
			}
		}
	}
	return "[" + b.String() + "]"
}

// Submissions generates what agents might offer a store: ids that repeat,
// custom ids, links to earlier, later, equal-time and missing sources, to
// plans, and links whose target is not their node.
func Submissions() generators.Gen[Submission] {
	ids := []string{"trace-1", "trace-2", "trace-3", "trace-4", "trace-5", "custom-a", "custom-b"}
	return generators.Custom("trace.Submissions", func(s *generators.Source) Submission {
		var out Submission
		for range intn(s, 0, 7) {
			id := pick(s, ids)
			f := trace.Fields{ID: id, Timestamp: at(intn(s, 0, 8))}
			for range intn(s, 0, 2) {
				var src string
				switch intn(s, 0, 3) {
				case 0:
					src = pick(s, plans)
				case 1:
					src = "trace-99"
				default:
					if len(out) == 0 {
						src = pick(s, ids)
					} else {
						src = out[intn(s, 0, len(out)-1)].ID()
					}
				}
				target := id
				if s.Choose(3) == 0 {
					target = pick(s, ids)
				}
				f.Links = append(f.Links, trace.NewLink(src, target, pick(s, relations), nil))
			}
			out = append(out, trace.New(f))
		}
		return out
	})
}

// CausalityLaws checks, on stores built from generated submissions:
//
//	causality             every stored link to a trace points to a node stored
//	                      before it with a strictly earlier timestamp
//	navigation_agrees     A ∈ Parents(B, r) ⇔ B ∈ Children(A, r)
//	ancestors_closure     Ancestors(B) is the transitive closure of Parents
//	descendants_mirror    A ∈ Ancestors(B) ⇔ B ∈ Descendants(A)
func CausalityLaws(build func([]*trace.TraceNode) Store) laws.LawSet {
	gen := Submissions()
	stored := func(d *laws.Draws) Store { return build(laws.Draw(d, "submitted", gen)) }
	return laws.NewLawSet("Causality", nil,
		laws.Property("causality", "∀ stored B, ∀ trace link A→B: A stored before B and ts(A) < ts(B)", func(d *laws.Draws) error {
			nodes := stored(d).Nodes()
			for i, b := range nodes {
				for k := range b.NumLinks() {
					l := b.Link(k)
					if l.IsPlan() {
						continue
					}
					j := slices.IndexFunc(nodes[:i], func(a *trace.TraceNode) bool { return a.ID() == l.Source() })
					if j < 0 {
						return fmt.Errorf("%s links to %s, which is not stored before it", b.ID(), l.Source())
					}
					if !nodes[j].Timestamp().Before(b.Timestamp()) {
						return fmt.Errorf("%s links to %s, which is not older", b.ID(), l.Source())
					}
				}
			}
			return nil
		}),
		laws.Property("navigation_agrees", "A ∈ Parents(B, r) ⇔ B ∈ Children(A, r)", func(d *laws.Draws) error {
			st := stored(d)
			nodes := st.Nodes()
			for _, r := range relations {
				for _, a := range nodes {
					for _, b := range nodes {
						up := slices.Contains(ids(st.Parents(b.ID(), r)), a.ID())
						down := slices.Contains(ids(st.Children(a.ID(), r)), b.ID())
						if up != down {
							return fmt.Errorf("%v: %s ∈ Parents(%s) is %v but %s ∈ Children(%s) is %v",
								r, a.ID(), b.ID(), up, b.ID(), a.ID(), down)
						}
					}
				}
			}
			return nil
		}),
		laws.Property("ancestors_closure", "Ancestors(B) = Parents(B) ∪ Parents(Parents(B)) ∪ …", func(d *laws.Draws) error {
			st := stored(d)
			for _, b := range st.Nodes() {
				want := map[string]bool{}
				frontier := []string{b.ID()}
				for len(frontier) > 0 {
					var next []string
					for _, id := range frontier {
						for _, p := range st.Parents(id) {
							if !want[p.ID()] && p.ID() != b.ID() {
								want[p.ID()] = true
								next = append(next, p.ID())
							}
						}
					}
					frontier = next
				}
				got := ids(st.Ancestors(b.ID(), 0))
				if len(got) != len(want) {
					return fmt.Errorf("Ancestors(%s) = %v, closure has %d nodes", b.ID(), got, len(want))
				}
				for _, id := range got {
					if !want[id] {
						return fmt.Errorf("Ancestors(%s) = %v includes %s", b.ID(), got, id)
					}
				}
			}
			return nil
		}),
		laws.Property("descendants_mirror", "A ∈ Ancestors(B) ⇔ B ∈ Descendants(A)", func(d *laws.Draws) error {
			st := stored(d)
			nodes := st.Nodes()
			for _, a := range nodes {
				desc := ids(st.Descendants(a.ID(), 0))
				for _, b := range nodes {
					if a.ID() == b.ID() {
						continue
					}
					if slices.Contains(ids(st.Ancestors(b.ID(), 0)), a.ID()) != slices.Contains(desc, b.ID()) {
						return fmt.Errorf("%s ∈ Ancestors(%s) disagrees with %s ∈ Descendants(%s)", a.ID(), b.ID(), b.ID(), a.ID())
					}
				}
			}
			return nil
		}),
	)
}

func ids(ns []*trace.TraceNode) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.ID()
	}
	return out
}
