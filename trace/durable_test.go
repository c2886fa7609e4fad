package trace

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kgents/kgents-core/trace/internal/faultfs"
	"github.com/kgents/kgents-core/trace/internal/wal"
)

const testDir = "/ledger"

func openFS(t testing.TB, fs *faultfs.FS, o OpenOptions) *DurableLedger {
	t.Helper()
	o.fs = fs
	d, err := Open(testDir, &o)
	if err != nil {
		t.Fatalf("open: %v\n%s", err, fs.Describe())
	}
	return d
}

func appendAll(t testing.TB, d *DurableLedger, nodes []*TraceNode) {
	t.Helper()
	for _, n := range nodes {
		if err := d.Append(n); err != nil {
			t.Fatalf("append %s: %v", n.ID(), err)
		}
	}
}

func segPath(first uint64) string { return filepath.Join(testDir, wal.SegmentName(first)) }

func TestDurableRoundTripOnDisk(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	nodes := randomNodes(rng, 300)
	appendAll(t, d, nodes)
	want := fingerprint(d.Ledger)
	if err := d.Verify(); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d2, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	if got := fingerprint(d2.Ledger); got != want {
		t.Fatal("reopened ledger differs")
	}
	if r := d2.Recovery(); r.Nodes != 300 || r.TornTail || r.Corrupt != nil || r.Head != d2.Head() {
		t.Fatalf("recovery report %+v", r)
	}
	if !slices.Equal(d2.IDs(), ids(nodes)) {
		t.Fatal("order changed")
	}
	// The indexes rebuilt from disk (the time index in bulk) answer queries
	// as a scan of the nodes does.
	for range 300 {
		q := randomQuery(rng, nodes)
		if got, want := ids(d2.Query(q)), ids(refQuery(nodes, q)); !slices.Equal(got, want) {
			t.Fatalf("reopened ledger, query %+v:\n got %v\nwant %v", q, got, want)
		}
	}
	// Nodes appended after a reopen chain on.
	next := New(Fields{ID: "after", Timestamp: at(1 << 30), Links: []Link{NewLink(nodes[0].ID(), "after", Causes, nil)}})
	if err := d2.Append(next); err != nil {
		t.Fatal(err)
	}
	if err := d2.Verify(); err != nil {
		t.Fatal(err)
	}
	// A second writer is refused while the first holds the directory.
	if _, err := Open(dir, nil); err == nil || !strings.Contains(err.Error(), "lock") {
		t.Fatalf("second Open = %v, want a lock error", err)
	}
	// Read-only opens work beside the writer.
	ro, rec, err := OpenReadOnly(dir)
	if err != nil || rec.Corrupt != nil || ro.Len() != 301 {
		t.Fatalf("read-only open: %v %+v len %d", err, rec, ro.Len())
	}
	if err := ro.Append(New(Fields{})); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("append to read-only ledger: %v", err)
	}
}

func TestDurableAppendValidates(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{})
	defer d.Close()
	appendAll(t, d, []*TraceNode{New(Fields{ID: "a", Timestamp: at(10)})})
	size := func() int { b, _ := fs.Bytes(segPath(1)); return len(b) }
	before := size()
	for _, tc := range []struct {
		n    *TraceNode
		want error
	}{
		{New(Fields{ID: "a", Timestamp: at(20)}), ErrDuplicateTrace},
		{New(Fields{ID: "b", Timestamp: at(20), Links: []Link{NewLink("x", "b", Causes, nil)}}), ErrTraceNotFound},
		{New(Fields{ID: "b", Timestamp: at(10), Links: []Link{NewLink("a", "b", Causes, nil)}}), ErrCausalityViolation},
		{New(Fields{ID: "b", Timestamp: at(10), Phase: "NOPE"}), ErrInvalidNode},
		{nil, ErrInvalidNode},
		{new(TraceNode), ErrInvalidNode}, // the zero node: refused, not a panic
	} {
		if err := d.Append(tc.n); !errors.Is(err, tc.want) {
			t.Errorf("append: %v, want %v", err, tc.want)
		}
	}
	huge := New(Fields{ID: "huge", Timestamp: at(30), Response: NewResponse("text", strings.Repeat("x", wal.MaxPayload), true, nil)})
	if err := d.Append(huge); !errors.Is(err, ErrInvalidNode) {
		t.Errorf("a node larger than a frame: %v", err)
	}
	if _, err := Open(testDir+"2", &OpenOptions{fs: fs, Sync: 9}); err == nil {
		t.Error("unknown sync mode accepted")
	}
	if size() != before || d.Len() != 1 {
		t.Fatal("a refused append reached the disk or the ledger")
	}
	if err := d.Ledger.Append(New(Fields{ID: "z"})); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("append through the embedded Ledger: %v", err)
	}
}

func TestGroupCommitSharesFsyncsAndAcksAfterThem(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{})
	// Record how many nodes are visible at each fsync: an append must not be
	// acknowledged (or visible) before the fsync of its batch.
	acked := make(map[string]bool)
	var ackMu sync.Mutex
	fs.FailSync = func(op faultfs.Op) bool {
		ackMu.Lock()
		defer ackMu.Unlock()
		synced := map[string]bool{}
		for _, id := range syncedIDs(t, fs) {
			synced[id] = true
		}
		for id := range acked {
			if !synced[id] {
				t.Errorf("%s acknowledged before it was fsynced", id)
			}
		}
		return false
	}
	const producers, per = 16, 25
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			prev := ""
			for i := range per {
				f := Fields{ID: fmt.Sprintf("p%d-%d", p, i), Timestamp: at(int64(i + 1))}
				if prev != "" {
					f.Links = []Link{NewLink(prev, f.ID, Causes, nil)}
				}
				if err := d.Append(New(f)); err != nil {
					t.Error(err)
					return
				}
				if !d.Contains(f.ID) || len(d.Causes(f.ID)) != len(f.Links) {
					t.Errorf("%s acknowledged but not visible with its cause", f.ID)
				}
				ackMu.Lock()
				acked[f.ID] = true
				ackMu.Unlock()
				prev = f.ID
			}
		}()
	}
	stop := make(chan struct{})
	readers := make(chan struct{})
	go func() { // readers run beside the appends (checked under -race)
		defer close(readers)
		for {
			select {
			case <-stop:
				return
			default:
			}
			n := d.Len()
			if got := len(d.Query(Query{Tags: nil, After: at(0)})); got < n {
				t.Errorf("query saw %d nodes, Len said %d", got, n)
				return
			}
			_ = d.Head()
		}
	}()
	wg.Wait()
	close(stop)
	<-readers
	syncs := 0
	for _, op := range fs.Trace() {
		if op.Kind == "sync" {
			syncs++
		}
	}
	if syncs >= producers*per {
		t.Fatalf("%d fsyncs for %d appends: no group commit", syncs, producers*per)
	}
	t.Logf("%d appends, %d fsyncs", producers*per, syncs)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestGatherStopsWaitingForProducersThatLeft: after a batch of 16
// producers, gather waits for 16 again. When only one comes back, it polls
// for a while, then parks for the rest of its bounded wait (half the last
// write and fsync), and a Sync cuts that wait short. Nothing is lost on
// the way.
func TestGatherStopsWaitingForProducersThatLeft(t *testing.T) {
	fs := faultfs.New()
	var slow atomic.Bool
	fs.FailSync = func(faultfs.Op) bool {
		if slow.Load() {
			time.Sleep(4 * time.Millisecond) // gather's wait outlasts its poll
		}
		return false
	}
	d := openFS(t, fs, OpenOptions{})
	slow.Store(true)
	var wg sync.WaitGroup
	for p := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.Append(New(Fields{ID: fmt.Sprintf("first-%d", p), Timestamp: at(1)})); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	start := time.Now()
	if err := d.Append(New(Fields{ID: "alone", Timestamp: at(2)})); err != nil {
		t.Fatal(err)
	}
	t.Logf("a lone append after 16 producers took %v", time.Since(start))
	errs := make(chan error, 2)
	go func() { errs <- d.Append(New(Fields{ID: "alone-with-sync", Timestamp: at(3)})) }()
	go func() { errs <- d.Sync() }()
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	l, rec, err := openReadOnly(fs, testDir)
	if err != nil || rec.Corrupt != nil {
		t.Fatalf("reopen: %v %v", err, rec.Corrupt)
	}
	if l.Len() != 18 || !l.Contains("alone") || !l.Contains("alone-with-sync") {
		t.Fatalf("reopened ledger holds %d nodes: %v", l.Len(), l.IDs())
	}
}

// syncedIDs decodes the records that are in the synced part of the segment.
func syncedIDs(t testing.TB, fs *faultfs.FS) []string {
	img := fs.Image(faultfs.Tear{Keep: 0})
	l, _, err := openReadOnly(img, testDir)
	if err != nil {
		t.Fatal(err)
	}
	return l.IDs()
}

func TestTornTailIsCutAndKept(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{})
	appendAll(t, d, randomNodes(rand.New(rand.NewPCG(2, 2)), 20))
	want := fingerprint(d.Ledger)
	d.Close()
	good, _ := fs.Bytes(segPath(1))
	// A batch that was being written: a whole record and half of the next.
	rec := wal.AppendFrame(nil, wal.TypeRecord, 21, appendRecord(nil, New(Fields{ID: "torn", Timestamp: at(1 << 30)})))
	tail := append(slices.Clone(rec), rec[:len(rec)/2]...)
	fs.SetBytes(segPath(1), append(slices.Clone(good), tail...))

	ro, rrec, err := openReadOnly(fs, testDir)
	if err != nil || !rrec.TornTail || rrec.Corrupt != nil || ro.Len() != 20 {
		t.Fatalf("read-only open of a torn tail: %v %+v", err, rrec)
	}
	if rrec.TailSegment != segPath(1) || rrec.TailOffset != int64(len(good)) || rrec.TailFile != "" {
		t.Fatalf("read-only open places the tail at %q offset %d (side file %q), want %q offset %d and none",
			rrec.TailSegment, rrec.TailOffset, rrec.TailFile, segPath(1), len(good))
	}
	if b, _ := fs.Bytes(segPath(1)); len(b) != len(good)+len(tail) {
		t.Fatal("read-only open changed the segment")
	}

	d2 := openFS(t, fs, OpenOptions{})
	r := d2.Recovery()
	if !r.TornTail || r.TailSegment != segPath(1) || r.TailOffset != int64(len(good)) || r.TailBytes != int64(len(tail)) || r.TailFile == "" {
		t.Fatalf("recovery %+v", r)
	}
	if side, ok := fs.Bytes(filepath.Join(testDir, r.TailFile)); !ok || !bytes.Equal(side, tail) {
		t.Fatal("cut bytes not kept in the side file")
	}
	if b, _ := fs.Bytes(segPath(1)); !bytes.Equal(b, good) {
		t.Fatal("segment not truncated to the last commit")
	}
	if fingerprint(d2.Ledger) != want {
		t.Fatal("committed nodes changed")
	}
	if d2.Contains("torn") {
		t.Fatal("uncommitted record loaded")
	}
	appendAll(t, d2, []*TraceNode{New(Fields{ID: "next", Timestamp: at(1 << 31)})})
	d2.Close()
	d3 := openFS(t, fs, OpenOptions{})
	if d3.Recovery().TornTail || d3.Len() != 21 {
		t.Fatalf("after repair: %+v len %d", d3.Recovery(), d3.Len())
	}
	d3.Close()

	// A second tear at the same offset keeps the first side file.
	fs.SetBytes(segPath(1), append(slices.Clone(good), tail[:5]...))
	d4 := openFS(t, fs, OpenOptions{})
	defer d4.Close()
	if r2 := d4.Recovery(); r2.TailFile == r.TailFile || r2.TailFile == "" {
		t.Fatalf("second cut went to %q, first to %q", r2.TailFile, r.TailFile)
	}
	if side, _ := fs.Bytes(filepath.Join(testDir, r.TailFile)); !bytes.Equal(side, tail) {
		t.Fatal("the first side file was overwritten")
	}
}

func TestLostSealIsRewritten(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{})
	appendAll(t, d, randomNodes(rand.New(rand.NewPCG(3, 3)), 5))
	d.Close()
	good, _ := fs.Bytes(segPath(1))
	sealSize := wal.FrameHeaderSize + wal.HeadSize
	fs.SetBytes(segPath(1), good[:len(good)-sealSize+3]) // the seal is torn
	d2 := openFS(t, fs, OpenOptions{})
	if r := d2.Recovery(); !r.TornTail || !r.Resealed || d2.Len() != 5 {
		t.Fatalf("recovery %+v len %d", r, d2.Len())
	}
	d2.Close()
	if b, _ := fs.Bytes(segPath(1)); !bytes.Equal(b, good) {
		t.Fatal("the seal was not rewritten as it was")
	}
}

func TestCorruptionRefusesReadWriteOpen(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{})
	nodes := randomNodes(rand.New(rand.NewPCG(4, 4)), 10)
	appendAll(t, d, nodes[:5]) // batches of one: sequential appends
	appendAll(t, d, nodes[5:])
	d.Close()
	good, _ := fs.Bytes(segPath(1))

	// Find the frame of record 3 and damage its payload.
	off, seq := wal.HeaderSize, uint64(0)
	for seq != 3 {
		f, n, err := wal.DecodeFrame(good[off:])
		if err != nil {
			t.Fatal(err)
		}
		if f.Type == wal.TypeRecord && f.Seq == 3 {
			seq = 3
			break
		}
		off += n
	}
	bad := slices.Clone(good)
	bad[off+wal.FrameHeaderSize+2] ^= 0x10
	fs.SetBytes(segPath(1), bad)

	_, err := Open(testDir, &OpenOptions{fs: fs})
	var ce *CorruptError
	if !errors.As(err, &ce) || !errors.Is(err, ErrCorrupt) {
		t.Fatalf("open = %v, want a CorruptError", err)
	}
	if ce.Segment != segPath(1) || ce.Offset != int64(off) || ce.Seq != 3 {
		t.Fatalf("error names %s offset %d seq %d, want %s offset %d seq 3", ce.Segment, ce.Offset, ce.Seq, segPath(1), off)
	}
	for _, s := range []string{wal.SegmentName(1), fmt.Sprint("offset ", off), "seq 3"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("message %q lacks %q", err, s)
		}
	}
	if b, _ := fs.Bytes(segPath(1)); !bytes.Equal(b, bad) {
		t.Fatal("a refused open changed the segment")
	}
	// The lock was released: a read-only open reads the verified prefix.
	l, rec, err := openReadOnly(fs, testDir)
	if err != nil || rec.Corrupt == nil || rec.Corrupt.Seq != 3 {
		t.Fatalf("read-only: %v %+v", err, rec)
	}
	if !slices.Equal(l.IDs(), ids(nodes[:2])) {
		t.Fatalf("read-only prefix %v, want the first two nodes", l.IDs())
	}
}

func TestTamperingWithValidCRCsBreaksTheChain(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{})
	nodes := randomNodes(rand.New(rand.NewPCG(5, 5)), 6)
	appendAll(t, d, nodes)
	// Rewrite record 4 with other content and a correct CRC, as an attacker
	// who knows the format would.
	seg, _ := fs.Bytes(segPath(1))
	var out []byte
	out = append(out, seg[:wal.HeaderSize]...)
	for off := wal.HeaderSize; off < len(seg); {
		if wal.Unused(seg[off:]) { // the open segment's preallocated space
			out = append(out, seg[off:]...)
			break
		}
		f, n, err := wal.DecodeFrame(seg[off:])
		if err != nil {
			t.Fatal(err)
		}
		if f.Type == wal.TypeRecord && f.Seq == 4 {
			forged := *nodes[3]
			forged.origin = "forged"
			out = wal.AppendFrame(out, wal.TypeRecord, 4, appendRecord(nil, &forged))
		} else {
			out = append(out, seg[off:off+n]...)
		}
		off += n
	}
	fs.SetBytes(segPath(1), out)
	err := d.Verify()
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Seq != 4 || !strings.Contains(err.Error(), "chain head") {
		t.Fatalf("Verify = %v, want the commit of seq 4 to fail its chain head", err)
	}
	d.Close()
	if _, err := Open(testDir, &OpenOptions{fs: fs}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("open after tampering: %v", err)
	}
}

func TestSegmentsRotateAndChain(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{SegmentSize: 600})
	nodes := randomNodes(rand.New(rand.NewPCG(6, 6)), 60)
	appendAll(t, d, nodes)
	want := fingerprint(d.Ledger)
	d.Close()
	var segs []string
	for _, f := range fs.Files() {
		if strings.HasSuffix(f, ".seg") {
			segs = append(segs, f)
		}
	}
	if len(segs) < 5 {
		t.Fatalf("only %d segments", len(segs))
	}
	d2 := openFS(t, fs, OpenOptions{SegmentSize: 600})
	if fingerprint(d2.Ledger) != want || d2.Recovery().Segments != len(segs) {
		t.Fatal("ledger across segments differs after reopen")
	}
	d2.Close()
	// Losing a middle segment is corruption named at the next one.
	mid, _ := fs.Bytes(segs[2])
	fs.SetBytes(segs[2], nil)
	if err := fs.Remove(segs[2]); err != nil {
		t.Fatal(err)
	}
	_, err := Open(testDir, &OpenOptions{fs: fs})
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Segment != segs[3] || ce.Offset != 0 {
		t.Fatalf("open without a middle segment: %v", err)
	}
	fs.SetBytes(segs[2], mid[:len(mid)-1])
	if _, err := Open(testDir, &OpenOptions{fs: fs}); !errors.As(err, &ce) || ce.Segment != segs[2] {
		t.Fatalf("open with a cut middle segment: %v", err)
	}
}

func TestWriteAndSyncFailuresAreSticky(t *testing.T) {
	for _, kind := range []string{"write", "short write", "sync"} {
		t.Run(kind, func(t *testing.T) {
			fs := faultfs.New()
			d := openFS(t, fs, OpenOptions{})
			nodes := randomNodes(rand.New(rand.NewPCG(7, 7)), 10)
			appendAll(t, d, nodes[:4])
			switch kind {
			case "write":
				fs.FailWrite = func(faultfs.Op) (int, bool) { return 0, true }
			case "short write":
				fs.FailWrite = func(op faultfs.Op) (int, bool) { return op.Len / 2, true }
			case "sync":
				fs.FailSync = func(faultfs.Op) bool { return true }
			}
			err := d.Append(nodes[4])
			if err == nil {
				t.Fatal("append succeeded through a failing disk")
			}
			// The answer says whether the refused batch may still be found.
			if mayBe := strings.Contains(err.Error(), "may be on disk"); mayBe != (kind != "write") {
				t.Fatalf("%s: %v", kind, err)
			}
			fs.FailWrite, fs.FailSync = nil, nil
			if err := d.Append(nodes[5]); err == nil || !strings.Contains(err.Error(), "reopen") {
				t.Fatalf("append after a failure: %v, want the sticky error", err)
			}
			if d.Contains(nodes[4].ID()) || d.Len() != 4 {
				t.Fatal("a failed append became visible")
			}
			if err := d.Close(); err == nil {
				t.Fatal("Close hid the failure")
			}
			d2 := openFS(t, fs, OpenOptions{})
			defer d2.Close()
			got := d2.IDs()
			if !slices.Equal(got[:4], ids(nodes[:4])) || len(got) > 5 {
				t.Fatalf("recovered %v", got)
			}
		})
	}
}

func TestWeakSyncModesAreExplicit(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{Sync: SyncNever})
	syncsBefore := countOps(fs, "sync")
	nodes := randomNodes(rand.New(rand.NewPCG(8, 8)), 10)
	appendAll(t, d, nodes)
	if countOps(fs, "sync") != syncsBefore {
		t.Fatal("SyncNever fsynced on append")
	}
	// The loss window: a power failure now loses acknowledged appends...
	lost, _, err := openReadOnly(fs.Image(faultfs.Tear{Keep: 0}), testDir)
	if err != nil || lost.Len() != 0 {
		t.Fatalf("unsynced appends survived a crash that drops unsynced bytes: %v %d", err, lost.Len())
	}
	// ...until Sync closes it.
	if err := d.Sync(); err != nil {
		t.Fatal(err)
	}
	kept, _, err := openReadOnly(fs.Image(faultfs.Tear{Keep: 0}), testDir)
	if err != nil || kept.Len() != 10 {
		t.Fatalf("after Sync: %v %d", err, kept.Len())
	}
	d.Close()

	// SyncInterval: the ticker closes the window without any call.
	fs2 := faultfs.New()
	d2 := openFS(t, fs2, OpenOptions{Sync: SyncInterval, Interval: time.Millisecond})
	defer d2.Close()
	appendAll(t, d2, nodes)
	deadline := time.Now().Add(5 * time.Second)
	for {
		l, _, err := openReadOnly(fs2.Image(faultfs.Tear{Keep: 0}), testDir)
		if err == nil && l.Len() == 10 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("SyncInterval never fsynced: %v", err)
		}
		time.Sleep(time.Millisecond)
	}
}

func countOps(fs *faultfs.FS, kind string) int {
	c := 0
	for _, op := range fs.Trace() {
		if op.Kind == kind {
			c++
		}
	}
	return c
}

func TestLeftoverTempFilesAreRemoved(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{})
	d.Close()
	fs.SetBytes(filepath.Join(testDir, wal.SegmentName(99)+".tmp"), []byte("half a header"))
	d2 := openFS(t, fs, OpenOptions{})
	defer d2.Close()
	if r := d2.Recovery(); len(r.RemovedTmp) != 1 {
		t.Fatalf("recovery %+v", r)
	}
	if _, ok := fs.Bytes(filepath.Join(testDir, wal.SegmentName(99)+".tmp")); ok {
		t.Fatal("temp file still there")
	}
}

func TestOpenEmptyDirCreatesSegmentCrashSafely(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{})
	d.Close()
	var kinds []string
	for _, op := range fs.Trace() {
		kinds = append(kinds, op.Kind+" "+filepath.Base(op.Name))
	}
	want := []string{"mkdir ledger", "create " + wal.SegmentName(1) + ".tmp", "write " + wal.SegmentName(1) + ".tmp",
		"sync " + wal.SegmentName(1) + ".tmp", "rename " + wal.SegmentName(1) + ".tmp -> " + wal.SegmentName(1), "syncdir ledger"}
	if len(kinds) < len(want) || !slices.Equal(kinds[:len(want)], want) {
		t.Fatalf("segment creation did %v, want %v", kinds, want)
	}
}

// TestPreallocatedSpace: an open segment holds zeros after its frames, which
// recovery treats as unused space (not a torn tail); a torn batch written
// over them is cut (the side file keeps its bytes up to the last one that is
// not zero) and the space is preallocated again; Close cuts the zeros.
func TestPreallocatedSpace(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{})
	nodes := randomNodes(rand.New(rand.NewPCG(6, 6)), 40)
	appendAll(t, d, nodes[:30])
	want := fingerprint(d.Ledger)
	seg, _ := fs.Bytes(segPath(1))
	frameEnd := int(d.seg.Size())
	if !wal.Unused(seg[frameEnd:]) || len(seg) <= frameEnd {
		t.Fatalf("segment of %d bytes, frames end at %d: no zeros after them", len(seg), frameEnd)
	}

	// A crash now (everything synced): zeros follow the last commit.
	img := fs.Image(faultfs.Tear{Keep: 0})
	d2 := openFS(t, img, OpenOptions{})
	if r := d2.Recovery(); r.TornTail || d2.Len() != 30 || fingerprint(d2.Ledger) != want {
		t.Fatalf("preallocated zeros read as a torn tail: %+v, len %d", r, d2.Len())
	}
	appendAll(t, d2, nodes[30:])
	d2.Close()
	closed, _ := img.Bytes(segPath(1))
	if wal.Unused(closed[len(closed)-1:]) {
		t.Fatal("Close left preallocated zeros")
	}

	// A torn batch over the zeros: a record and half of the next, which
	// ends in bytes that are not zero.
	rec := wal.AppendFrame(nil, wal.TypeRecord, 31, appendRecord(nil, New(Fields{ID: "torn", Timestamp: at(1 << 30)})))
	tail := append(slices.Clone(rec), rec[:len(rec)/2]...)
	for tail[len(tail)-1] == 0 {
		tail = tail[:len(tail)-1]
	}
	torn := slices.Clone(seg)
	copy(torn[frameEnd:], tail)
	img2 := faultfs.New()
	_ = img2.MkdirAll(testDir)
	img2.SetBytes(segPath(1), torn)
	d3 := openFS(t, img2, OpenOptions{})
	r := d3.Recovery()
	if !r.TornTail || r.TailOffset != int64(frameEnd) || r.TailBytes != int64(len(tail)) || d3.Len() != 30 {
		t.Fatalf("recovery of a torn batch over zeros: %+v, len %d", r, d3.Len())
	}
	if side, _ := img2.Bytes(filepath.Join(testDir, r.TailFile)); !bytes.Equal(side, tail) {
		t.Fatal("side file does not hold the torn bytes")
	}
	if b, _ := img2.Bytes(segPath(1)); !bytes.Equal(b, seg[:frameEnd]) {
		t.Fatal("segment not cut to its last commit")
	}
	appendAll(t, d3, nodes[30:])
	if b, _ := img2.Bytes(segPath(1)); len(b) <= int(d3.seg.Size()) {
		t.Fatal("no space preallocated after the repair")
	}
	d3.Close()
	d4 := openFS(t, img2, OpenOptions{})
	defer d4.Close()
	if d4.Recovery().TornTail || d4.Len() != 40 {
		t.Fatalf("after repair: %+v len %d", d4.Recovery(), d4.Len())
	}
}

// TestLargeSegmentReopens: decoded nodes' strings share the buffer a segment
// was read into; a ledger with a large segment (about 5 MB, more than its
// preallocated space) and a torn tail at the end reopens as it was.
func TestLargeSegmentReopens(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{Sync: SyncNever})
	big := strings.Repeat("x", 2000)
	var nodes []*TraceNode
	for i := range 2500 { // ~5 MB
		f := Fields{ID: fmt.Sprint("n", i), Timestamp: at(int64(i + 1)), Response: NewResponse("text", big, true, map[string]any{"i": i})}
		if i > 0 {
			f.Links = []Link{NewLink(nodes[i-1].ID(), f.ID, Causes, nil)}
		}
		nodes = append(nodes, New(f))
	}
	appendAll(t, d, nodes)
	want := fingerprint(d.Ledger)
	d.Close()
	seg, _ := fs.Bytes(segPath(1))
	if len(seg) < 4<<20 {
		t.Fatalf("segment of %d bytes is not large", len(seg))
	}
	fs.SetBytes(segPath(1), append(slices.Clone(seg), 1, 2, 3))
	ro, rec, err := openReadOnly(fs, testDir)
	if err != nil || rec.Corrupt != nil || !rec.TornTail || rec.TailBytes != 3 || fingerprint(ro) != want {
		t.Fatalf("read-only open of a large segment: %v %+v", err, rec)
	}
	d2 := openFS(t, fs, OpenOptions{})
	defer d2.Close()
	if fingerprint(d2.Ledger) != want || !d2.Recovery().TornTail {
		t.Fatalf("read-write open of a large segment: %+v", d2.Recovery())
	}
}

// A crash while a batch overwrites the preallocated space may keep a later
// sector of the batch (with its commit and seal) and lose an earlier one,
// which still reads as zeros. That batch was never acknowledged, so recovery
// cuts it as a torn tail. The same bytes followed by a second batch, or
// damage that is not a zeroed sector, stay corruption.
func TestTornWriteInPlaceIsCutNotCorruption(t *testing.T) {
	bigNode := func(id string, ts int64) *TraceNode {
		tags := make([]string, 400)
		for i := range tags {
			tags[i] = fmt.Sprintf("tag-%04d", i)
		}
		return New(Fields{ID: id, Timestamp: at(ts), Tags: tags})
	}
	build := func(extra ...*TraceNode) (*faultfs.FS, []byte, []byte, string) {
		fs := faultfs.New()
		d := openFS(t, fs, OpenOptions{})
		appendAll(t, d, randomNodes(rand.New(rand.NewPCG(9, 9)), 10))
		want := fingerprint(d.Ledger)
		d.Close()
		before, _ := fs.Bytes(segPath(1))
		d = openFS(t, fs, OpenOptions{})
		appendAll(t, d, extra)
		d.Close()
		after, _ := fs.Bytes(segPath(1))
		return fs, before, after, want
	}
	// zeroSector zeroes the first whole sector of b after offset from and
	// appends preallocated zeros, as an interrupted write in place leaves it.
	zeroSector := func(b []byte, from int) []byte {
		b = slices.Clone(b)
		sec := (from + wal.SectorSize - 1) / wal.SectorSize * wal.SectorSize
		clear(b[sec : sec+wal.SectorSize])
		return append(b, make([]byte, 3*wal.SectorSize)...)
	}

	fs, before, after, want := build(bigNode("big", 1<<40))
	torn := zeroSector(after, len(before))
	fs.SetBytes(segPath(1), torn)
	d := openFS(t, fs, OpenOptions{})
	r := d.Recovery()
	if !r.TornTail || r.TailOffset != int64(len(before)) || fingerprint(d.Ledger) != want || d.Contains("big") {
		t.Fatalf("recovery %+v, len %d: want the interrupted batch cut as a torn tail", r, d.Len())
	}
	if side, _ := fs.Bytes(filepath.Join(testDir, r.TailFile)); !bytes.Equal(side, torn[len(before):len(after)]) {
		t.Fatal("the cut batch is not kept in the side file")
	}
	appendAll(t, d, []*TraceNode{New(Fields{ID: "next", Timestamp: at(1 << 41)})})
	d.Close()
	if d2 := openFS(t, fs, OpenOptions{}); d2.Recovery().TornTail || d2.Len() != 11 {
		t.Fatalf("after the repair: %+v, len %d", d2.Recovery(), d2.Len())
	} else {
		d2.Close()
	}

	// A zeroed sector in a batch that another batch follows: the first
	// batch had been made durable before the second was written.
	fs, before, after, _ = build(bigNode("big", 1<<40), New(Fields{ID: "later", Timestamp: at(1 << 41)}))
	fs.SetBytes(segPath(1), zeroSector(after, len(before)))
	if _, err := Open(testDir, &OpenOptions{fs: fs}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a damaged batch before another batch: open = %v, want corruption", err)
	}

	// A flipped bit in the last batch, no zeroed sector: corruption.
	fs, before, after, _ = build(bigNode("big", 1<<40))
	flipped := append(slices.Clone(after), make([]byte, wal.SectorSize)...)
	flipped[len(before)+wal.FrameHeaderSize+100] ^= 0x04
	fs.SetBytes(segPath(1), flipped)
	if _, err := Open(testDir, &OpenOptions{fs: fs}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a bit flip in the last batch: open = %v, want corruption", err)
	}
}
