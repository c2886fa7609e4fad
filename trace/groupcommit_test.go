package trace

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kgents/kgents-core/trace/internal/faultfs"
)

// TestPendingSurvivesClearingStaleEntries: finish leaves a batch's entries
// in d.pend and clears it only now and then, putting back the entries of
// the batch being filled. Here the clear comes while node c waits in that
// batch: c must still be known as pending afterwards, both as a duplicate
// and as a link's source. Then many batches go by and d.pend stays small.
func TestPendingSurvivesClearingStaleEntries(t *testing.T) {
	fs := faultfs.New()
	var gated atomic.Bool
	entered, release := make(chan struct{}), make(chan struct{})
	fs.FailSync = func(faultfs.Op) bool {
		if gated.Load() {
			entered <- struct{}{}
			<-release
		}
		return false
	}
	d := openFS(t, fs, OpenOptions{})
	node := func(id string, ts int64, src string) *TraceNode {
		f := Fields{ID: id, Timestamp: at(ts)}
		if src != "" {
			f.Links = []Link{NewLink(src, id, Causes, nil)}
		}
		return New(f)
	}
	appendAll(t, d, []*TraceNode{node("a", 1, "")})
	errs := make(chan error, 3)
	gated.Store(true)
	go func() { errs <- d.Append(node("b", 2, "a")) }()
	<-entered // b's batch is in its fsync
	go func() { errs <- d.Append(node("c", 3, "b")) }()
	for staged := false; !staged; time.Sleep(time.Millisecond) {
		d.mu.Lock()
		staged = len(d.cur.nodes) == 1
		d.mu.Unlock()
	}
	d.mu.Lock()
	d.stale = 1 << 30 // finishing b's batch clears d.pend
	d.mu.Unlock()
	release <- struct{}{}
	<-entered // c's batch is in its fsync, b's finished
	d.mu.Lock()
	_, pending := d.pend["c"]
	size := len(d.pend)
	d.mu.Unlock()
	if !pending || size != 1 {
		gated.Store(false)
		close(release) // let the flusher go before failing
		t.Fatalf("after the clear, d.pend holds %d entries, c among them: %v", size, pending)
	}
	if err := d.Append(node("c", 9, "")); !errors.Is(err, ErrDuplicateTrace) {
		t.Errorf("a second c while c is pending: %v", err)
	}
	go func() { errs <- d.Append(node("d", 4, "c")) }()
	gated.Store(false)
	release <- struct{}{}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if got := d.Causes("d"); len(got) != 1 || got[0].ID() != "c" {
		t.Fatalf("d's causes: %v", got)
	}

	// Many batches later, d.pend has been cleared again and again.
	for i := range 2*minStalePend/64 + 2 {
		chunk := make([]*TraceNode, 64)
		for k := range chunk {
			chunk[k] = node(fmt.Sprintf("n%d-%d", i, k), 10, "")
		}
		if err := d.AppendAll(chunk); err != nil {
			t.Fatal(err)
		}
	}
	d.mu.Lock()
	size = len(d.pend)
	d.mu.Unlock()
	if size > minStalePend+64 {
		t.Errorf("d.pend holds %d entries", size)
	}
	if err := d.Append(node("n0-0", 11, "")); !errors.Is(err, ErrDuplicateTrace) {
		t.Errorf("a committed id appended again: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	r, _, err := openReadOnly(fs, testDir)
	if err != nil {
		t.Fatal(err)
	}
	if want := 4 + 64*(2*minStalePend/64+2); r.Len() != want {
		t.Fatalf("reopened: %d nodes, want %d", r.Len(), want)
	}
}
