package trace

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/trace/internal/faultfs"
	"github.com/kgents/kgents-core/trace/internal/vfs"
	"github.com/kgents/kgents-core/trace/internal/wal"
)

// Recovery maps segments. When another process cuts a segment while it is
// mapped (here: back to its frames, from preallocated zeros, as a writer
// does when it closes the segment), touching the vanished pages must not
// crash the reader: the open starts again reading the files, and returns
// the ledger they hold.
func TestOpenReadOnlySurvivesASegmentCutWhileMapped(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	nodes := randomNodes(rand.New(rand.NewPCG(7, 7)), 200)
	appendAll(t, d, nodes)
	want := fingerprint(d.Ledger)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	seg := filepath.Join(dir, wal.SegmentName(1))
	st, err := os.Stat(seg)
	if err != nil {
		t.Fatal(err)
	}
	// Preallocated space: zeros after the frames, 1 MiB of them.
	if err := os.Truncate(seg, st.Size()+1<<20); err != nil {
		t.Fatal(err)
	}
	var sizes []int
	testHookSegment = func(data []byte) {
		sizes = append(sizes, len(data))
		if len(sizes) == 1 {
			if err := os.Truncate(seg, st.Size()); err != nil {
				t.Error(err)
			}
		}
	}
	defer func() { testHookSegment = nil }()
	l, rec, err := OpenReadOnly(dir)
	if err != nil || rec.Corrupt != nil || rec.TornTail {
		t.Fatalf("open: %v %+v", err, rec)
	}
	if got := fingerprint(l); got != want {
		t.Fatal("the ledger read after the cut differs from the one written")
	}
	if len(sizes) != 2 || sizes[0] != int(st.Size()+1<<20) || sizes[1] != int(st.Size()) {
		t.Fatalf("segment sizes seen %v, want a mapping of %d bytes and then a read of %d", sizes, st.Size()+1<<20, st.Size())
	}
}

// Recover reports a mapped segment cut under it as ErrSegmentCut, naming
// the segment, and leaves SetPanicOnFault as it found it.
func TestRecoverReportsASegmentCutWhileMapped(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	appendAll(t, d, randomNodes(rand.New(rand.NewPCG(8, 8)), 50))
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	seg := filepath.Join(dir, wal.SegmentName(1))
	st, _ := os.Stat(seg)
	if err := os.Truncate(seg, st.Size()+1<<20); err != nil {
		t.Fatal(err)
	}
	v := wal.Visitor{
		Segment: func(string, []byte) {
			if err := os.Truncate(seg, st.Size()); err != nil {
				t.Error(err)
			}
		},
		Record: func(wal.Frame) error { return nil },
		Commit: func(uint64, []byte) error { return nil },
	}
	_, err = wal.Recover(vfs.OS{}, dir, true, v)
	if err == nil || !errors.Is(err, wal.ErrSegmentCut) || !strings.Contains(err.Error(), wal.SegmentName(1)) {
		t.Fatalf("Recover = %v, want ErrSegmentCut naming %s", err, wal.SegmentName(1))
	}
	if debug.SetPanicOnFault(false) {
		t.Fatal("Recover left SetPanicOnFault set")
	}
}

// faultSink keeps a load the compiler would otherwise drop.
var faultSink byte

// A prefetching goroutine that faults on a cut mapping ends quietly (the
// scan reports the cut); any other panic goes on.
func TestPrefetchStopsOnAFaultInItsSegment(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(name, make([]byte, 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := vfs.MapFile(vfs.OS{}, name)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Release()
	if !m.IsMapped() {
		t.Skip("this platform reads instead of mapping")
	}
	if err := os.Truncate(name, 4096); err != nil {
		t.Fatal(err)
	}
	done := make(chan any)
	go func() {
		defer func() { done <- recover() }()
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer stopOnFault(m.Data)
		faultSink = m.Data[len(m.Data)-1] // past the cut: SIGBUS
		t.Error("touching a cut page did not fault")
	}()
	if p := <-done; p != nil {
		t.Fatalf("the fault went on: %v", p)
	}
	go func() {
		defer func() { done <- recover() }()
		defer stopOnFault(m.Data)
		panic("another panic")
	}()
	if p := <-done; p != "another panic" {
		t.Fatalf("another panic was swallowed: %v", p)
	}
}

// Segments on the operating system's file system are mapped; the fault
// injection tests read them through faultfs, into memory. A flipped bit
// must be reported the same way through both: the same corruption (offset,
// sequence number, reason) or torn tail, and the same nodes before it.
func TestBitFlipsReadThroughAMappingAsThroughARead(t *testing.T) {
	step := 5
	if testing.Short() {
		step = 23
	}
	dir := t.TempDir()
	seg := filepath.Join(dir, wal.SegmentName(1))
	corrupt, torn := 0, 0
	for _, image := range []func() ([]byte, []Digest){committedImage, preallocatedImage} {
		img, _ := image()
		for off := 0; off < len(img); off += step {
			bit := uint(off % 8)
			bad := slices.Clone(img)
			bad[off] ^= 1 << bit
			if err := os.WriteFile(seg, bad, 0o644); err != nil {
				t.Fatal(err)
			}
			fs := faultfs.New()
			if err := fs.MkdirAll(testDir); err != nil {
				t.Fatal(err)
			}
			fs.SetBytes(segPath(1), bad)
			lr, rr, errR := openReadOnly(fs, testDir)
			lm, rm, errM := OpenReadOnly(dir)
			if (errR == nil) != (errM == nil) {
				t.Fatalf("offset %d bit %d: read: %v, mapped: %v", off, bit, errR, errM)
			}
			if errR != nil {
				continue
			}
			if rr.TornTail != rm.TornTail || rr.TailOffset != rm.TailOffset || (rr.Corrupt == nil) != (rm.Corrupt == nil) {
				t.Fatalf("offset %d bit %d: read %+v, mapped %+v", off, bit, rr, rm)
			}
			if c, d := rr.Corrupt, rm.Corrupt; c != nil && (c.Offset != d.Offset || c.Seq != d.Seq || c.Reason != d.Reason || filepath.Base(c.Segment) != filepath.Base(d.Segment)) {
				t.Fatalf("offset %d bit %d: read reports %v, mapped %v", off, bit, c, d)
			}
			if !slices.Equal(lr.Digests(), lm.Digests()) {
				t.Fatalf("offset %d bit %d: the nodes read differ", off, bit)
			}
			if rm.Corrupt != nil {
				corrupt++
			}
			if rm.TornTail {
				torn++
			}
		}
	}
	if corrupt == 0 || torn == 0 {
		t.Fatalf("%d flips reported as corruption and %d as torn tails: want some of each", corrupt, torn)
	}
}
