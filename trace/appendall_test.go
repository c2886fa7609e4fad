package trace

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kgents/kgents-core/trace/internal/faultfs"
)

// AppendAll of nodes that append cleanly gives the ledger that appending
// them one by one gives, in memory and on disk, for any split into calls.
func TestAppendAllEqualsAppends(t *testing.T) {
	nodes := randomNodes(rand.New(rand.NewPCG(31, 32)), 600)
	want := fingerprint(buildLedger(t, nodes))
	rng := rand.New(rand.NewPCG(1, 1))
	l := NewLedger()
	fs := faultfs.New()
	d, err := Open(testDir, &OpenOptions{fs: fs, SegmentSize: 16 << 10})
	if err != nil {
		t.Fatal(err)
	}
	for rest := nodes; len(rest) > 0; {
		k := min(len(rest), rng.IntN(40))
		if err := l.AppendAll(rest[:k]); err != nil {
			t.Fatal(err)
		}
		if err := d.AppendAll(rest[:k]); err != nil {
			t.Fatal(err)
		}
		rest = rest[k:]
	}
	if fingerprint(l) != want || fingerprint(d.Ledger) != want {
		t.Fatal("AppendAll changed the ledger")
	}
	head := d.Head()
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d2, err := Open(testDir, &OpenOptions{fs: fs})
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	if fingerprint(d2.Ledger) != want || d2.Head() != head || d2.Verify() != nil {
		t.Fatal("the reopened ledger differs")
	}
}

// A refused node refuses the whole call: nothing is appended, the error
// names the node's index and matches Append's error for it, and the ledger
// takes the next call as if the refused one never came.
func TestAppendAllIsAllOrNothing(t *testing.T) {
	a := New(Fields{ID: "a", Timestamp: at(1)})
	b := New(Fields{ID: "b", Timestamp: at(2), Links: []Link{NewLink("a", "b", Causes, nil)}})
	c := New(Fields{ID: "c", Timestamp: at(3), Links: []Link{NewLink("b", "c", Causes, nil)}})
	early := New(Fields{ID: "e", Timestamp: at(2), Links: []Link{NewLink("b", "e", Causes, nil)}})
	dangling := New(Fields{ID: "x", Timestamp: at(9), Links: []Link{NewLink("nowhere", "x", Causes, nil)}})
	cases := []struct {
		nodes []*TraceNode
		index int
		want  error
	}{
		{[]*TraceNode{a, b, a}, 2, ErrDuplicateTrace},
		{[]*TraceNode{a, b, early}, 2, ErrCausalityViolation},
		{[]*TraceNode{a, dangling, b}, 1, ErrTraceNotFound},
		{[]*TraceNode{b, a}, 0, ErrTraceNotFound}, // a source must come first
		{[]*TraceNode{a, nil}, 1, ErrInvalidNode},
	}
	for _, tc := range cases {
		fs := faultfs.New()
		d, err := Open(testDir, &OpenOptions{fs: fs})
		if err != nil {
			t.Fatal(err)
		}
		for _, target := range []interface {
			AppendAll([]*TraceNode) error
			Len() int
		}{NewLedger(), d} {
			err := target.AppendAll(tc.nodes)
			if !errors.Is(err, tc.want) || nodeIndex(err) != fmt.Sprintf("node %d of %d", tc.index, len(tc.nodes)) {
				t.Fatalf("%T %v: %v, want %v at node %d", target, ids(tc.nodes[:1]), err, tc.want, tc.index)
			}
			if target.Len() != 0 {
				t.Fatalf("%T: a refused AppendAll appended %d nodes", target, target.Len())
			}
			if err := target.AppendAll([]*TraceNode{a, b, c}); err != nil {
				t.Fatalf("%T: after a refused AppendAll: %v", target, err)
			}
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
		d2, err := Open(testDir, &OpenOptions{fs: fs})
		if err != nil || !slices.Equal(d2.IDs(), []string{"a", "b", "c"}) {
			t.Fatalf("reopened: %v %v", err, d2.IDs())
		}
		d2.Close()
	}
	if err := NewLedger().AppendAll(nil); err != nil {
		t.Fatal(err)
	}
}

// nodeIndex returns the "node I of N" part of an AppendAll error.
func nodeIndex(err error) string {
	var i, n int
	if err == nil {
		return ""
	}
	msg := err.Error()
	for k := range msg {
		if _, e := fmt.Sscanf(msg[k:], "node %d of %d", &i, &n); e == nil {
			return fmt.Sprintf("node %d of %d", i, n)
		}
	}
	return ""
}

// Concurrent AppendAll calls, single appends and readers: readers see
// whole calls only, and every call's nodes are adjacent. Run with -race.
func TestAppendAllConcurrent(t *testing.T) {
	const writers, calls, size = 4, 30, 5
	mk := func(w, c int) []*TraceNode {
		var ns []*TraceNode
		for i := range size {
			f := Fields{ID: fmt.Sprintf("w%d-c%d-%d", w, c, i), Timestamp: at(int64(c*size + i + 1))}
			if i > 0 {
				f.Links = []Link{NewLink(ns[i-1].ID(), f.ID, Causes, nil)}
			}
			ns = append(ns, New(f))
		}
		return ns
	}
	d, err := Open(testDir, &OpenOptions{fs: faultfs.New(), SegmentSize: 8 << 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, target := range []interface {
		AppendAll([]*TraceNode) error
		Append(*TraceNode) error
		Len() int
		IDs() []string
	}{NewLedger(), d} {
		var done atomic.Bool
		var wg, readers sync.WaitGroup
		readers.Add(1)
		go func() {
			defer readers.Done()
			for !done.Load() {
				if n := target.Len(); n%size != 0 {
					t.Errorf("%T: a reader saw %d nodes: part of a call", target, n)
					return
				}
			}
		}()
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for c := range calls {
					if err := target.AppendAll(mk(w, c)); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		done.Store(true)
		readers.Wait()
		got := target.IDs()
		if len(got) != writers*calls*size {
			t.Fatalf("%T: %d nodes", target, len(got))
		}
		for i := 0; i < len(got); i += size {
			var w, c int
			fmt.Sscanf(got[i], "w%d-c%d-", &w, &c)
			if !slices.Equal(got[i:i+size], ids(mk(w, c))) {
				t.Fatalf("%T: a call's nodes are not adjacent at %d: %v", target, i, got[i:i+size])
			}
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
}

// A crash at every point of a workload of AppendAll calls recovers a
// prefix of the issued nodes that holds every acknowledged call, and ends
// at a call's boundary: a call is one batch, one commit.
func TestCrashAppendAllKeepsCallsWhole(t *testing.T) {
	nodes := crashNodes()
	issued := ids(nodes)
	const group = 3
	run := func(fs *faultfs.FS) []string {
		d, err := Open(testDir, &OpenOptions{fs: fs, SegmentSize: 700})
		if err != nil {
			return nil
		}
		var acked []string
		for i := 0; i < len(nodes); i += group {
			g := nodes[i:min(i+group, len(nodes))]
			if err := d.AppendAll(g); err != nil {
				break
			}
			acked = append(acked, ids(g)...)
		}
		d.Close()
		return acked
	}
	clean := faultfs.New()
	if acked := run(clean); len(acked) != len(nodes) {
		t.Fatalf("clean run acknowledged %d of %d", len(acked), len(nodes))
	}
	total := clean.Ops()
	lengths := map[int]bool{}
	for k := 0; k <= total; k++ {
		fs := faultfs.New()
		fs.CrashAfter(k)
		acked := run(fs)
		for ti, tear := range tears {
			where := fmt.Sprintf("crash after op %d/%d (%v), tear %d %+v", k, total, opAt(clean, k), ti, tear)
			got, _ := checkRecovery(t, fs.Image(tear), issued, acked, where)
			if len(got)%group != 0 && len(got) != len(nodes) {
				t.Fatalf("%s: recovered %d nodes, part of a call", where, len(got))
			}
			lengths[len(got)] = true
		}
	}
	if len(lengths) < len(nodes)/group {
		t.Fatalf("recoveries only ever produced lengths %v", lengths)
	}
}
