package trace

import (
	"fmt"
	"slices"
	"testing"
	"unsafe"

	"github.com/kgents/kgents-core/trace/internal/faultfs"
	"github.com/kgents/kgents-core/trace/internal/index"
	"github.com/kgents/kgents-core/trace/internal/wal"
)

// The prefetcher must hand the scan a result for every record of an intact
// segment, equal to what the scan would compute, and step aside as soon as
// the scan asks for a payload it did not prefetch.
func TestPrefetchMatchesTheScan(t *testing.T) {
	img, ds := committedImage()
	p := startPrefetch(img, Digest{}, nil)
	defer p.stop()
	records := 0
	for off := wal.HeaderSize; off < len(img); {
		f, n, err := wal.DecodeFrame(img[off:])
		if err != nil {
			t.Fatal(err)
		}
		off += n
		if f.Type != wal.TypeRecord {
			continue
		}
		records++
		if wal.RecordCRC(f.Seq, f.Payload) != f.CRC {
			t.Fatalf("record %d: RecordCRC %08x, frame's CRC %08x", f.Seq, wal.RecordCRC(f.Seq, f.Payload), f.CRC)
		}
		r, ok := p.next(f.Payload, f.CRC)
		if !ok {
			t.Fatalf("record %d not prefetched", f.Seq)
		}
		want, err := decodeRecord(f.Payload, nil)
		if err != nil || r.err != nil || !r.node.Equal(want) {
			t.Fatalf("record %d: prefetched %v / %v, scan %v / %v", f.Seq, r.node, r.err, want, err)
		}
		if !r.digested || r.dg != ds[f.Seq-1] || r.head != ChainHead(Digest{}, ds[:f.Seq]...) {
			t.Fatalf("record %d: digested %v, digest %s, head %s", f.Seq, r.digested, r.dg, r.head)
		}
	}
	if records != 5 {
		t.Fatalf("%d records", records)
	}
	q := startPrefetch(img, Digest{}, nil)
	defer q.stop()
	other := slices.Clone(img[wal.HeaderSize+wal.FrameHeaderSize:])
	first, _, _ := wal.DecodeFrame(img[wal.HeaderSize:])
	if _, ok := q.next(other, first.CRC); ok || !q.off {
		t.Fatal("a payload at another address was matched")
	}

	// A frame rewritten after the read-ahead read it (a mapped segment
	// changes under the reader): same address and length, another CRC.
	// The scan must not take the result read from the old bytes.
	changed := slices.Clone(img)
	c := startPrefetch(changed, Digest{}, nil)
	defer c.stop()
	f, n, _ := wal.DecodeFrame(changed[wal.HeaderSize:])
	if _, ok := c.next(f.Payload, f.CRC); !ok {
		t.Fatal("first record not prefetched")
	}
	at := wal.HeaderSize + n // the next record frame
	g, m, _ := wal.DecodeFrame(changed[at:])
	for g.Type != wal.TypeRecord {
		at += m
		g, m, _ = wal.DecodeFrame(changed[at:])
	}
	rewritten := wal.AppendFrame(nil, wal.TypeRecord, g.Seq, slices.Concat(g.Payload[:len(g.Payload)-1], []byte{g.Payload[len(g.Payload)-1] ^ 1}))
	copy(changed[at:], rewritten)
	g2, _, err := wal.DecodeFrame(changed[at:])
	if err != nil || g2.CRC == g.CRC {
		t.Fatalf("rewriting the frame: %v, CRC %08x → %08x", err, g.CRC, g2.CRC)
	}
	if _, ok := c.next(g2.Payload, g2.CRC); ok || !c.off {
		t.Fatal("a result read from a frame's earlier bytes was taken")
	}
}

// Decoded nodes' strings never alias the segment's bytes, which are
// usually a mapping released when recovery returns: they are copies, and a
// field that repeats the same field of the node before shares its copy.
// This holds for a torn record in preallocated zeros too.
func TestPrefetchCopiesTheStrings(t *testing.T) {
	img, _ := committedImage()
	inside := func(s string, b []byte) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		return len(s) > 0 && p >= base && p < base+uintptr(len(b))
	}
	check := func(data []byte, wantRecords int) {
		t.Helper()
		p := startPrefetch(data, Digest{}, nil)
		defer p.stop()
		records, shared := 0, 0
		var prev *TraceNode
		for off := wal.HeaderSize; off < len(data); {
			f, n, err := wal.DecodeFrame(data[off:])
			if err != nil {
				break
			}
			off += n
			if f.Type != wal.TypeRecord {
				continue
			}
			payload := f.Payload
			records++
			r, ok := p.next(payload, f.CRC)
			if !ok {
				t.Fatalf("record %d not prefetched", records)
			}
			want, err := decodeRecord(payload, nil)
			if err != nil || r.err != nil || !r.node.Equal(want) {
				t.Fatalf("record %d: prefetched %v / %v, scan %v / %v", records, r.node, r.err, want, err)
			}
			for _, s := range nodeStrings(r.node) {
				if inside(s, data) {
					t.Fatalf("record %d: %q aliases the segment's bytes", records, s)
				}
			}
			if prev != nil && prev.Origin() == r.node.Origin() {
				if unsafe.StringData(prev.Origin()) != unsafe.StringData(r.node.Origin()) {
					t.Fatalf("record %d: origin %q repeats the node before's but is another copy", records, r.node.Origin())
				}
				shared++
			}
			prev = r.node
		}
		if records != wantRecords || shared == 0 {
			t.Fatalf("%d records, want %d; %d origins shared with the node before, want some", records, wantRecords, shared)
		}
	}
	check(slices.Clone(img), 5)

	n := New(Fields{ID: "torn", Timestamp: at(1)})
	rec := appendRecord(nil, n)
	if rec[len(rec)-1] != 0 {
		t.Fatal("the record does not end in a zero byte")
	}
	torn := wal.AppendFrame(slices.Clone(img), wal.TypeRecord, 6, rec)
	torn = append(torn, make([]byte, 4*len(torn))...)
	check(torn, 6)
}

// nodeStrings returns every string a node holds.
func nodeStrings(n *TraceNode) []string {
	c := n.ctx
	ss := []string{n.id, n.origin, string(n.ext.phase), n.ext.walkID, n.ext.meta,
		c.stimulus.kind, c.stimulus.content, c.stimulus.source, c.stimulus.meta,
		c.response.kind, c.response.content, c.response.meta, c.umwelt.observer, c.umwelt.role}
	ss = append(ss, c.umwelt.caps...)
	ss = append(ss, c.umwelt.percs...)
	ss = append(ss, n.ext.tags...)
	for _, l := range n.links {
		ss = append(ss, l.source, l.target, l.meta)
	}
	return ss
}

// farLinkedNodes returns n nodes, each linked to the one before it and every
// seventh also to the node far positions back (when there is one) and to a
// plan.
func farLinkedNodes(n, far int) []*TraceNode {
	nodes := make([]*TraceNode, n)
	for i := range nodes {
		f := Fields{ID: fmt.Sprintf("node-%d", i), Timestamp: at(int64(i + 1))}
		if i > 0 {
			f.Links = []Link{NewLink(nodes[i-1].ID(), f.ID, Causes, nil)}
		}
		if i%7 == 0 && i >= far {
			f.Links = append(f.Links, NewLink(nodes[i-far].ID(), f.ID, Continues, nil),
				NewLink("plans/p.md", f.ID, Fulfills, nil))
		}
		nodes[i] = New(f)
	}
	return nodes
}

// When nothing is wrong, the scan takes every digest and chain head from
// the read-ahead, also for links to nodes in earlier segments and further
// back than the digester keeps ids. When the digester's positions are wrong
// (here: ids collide in 8 groups in its tables, index.SimulateCollisions),
// the scan rejects them and computes the digests itself. Either way the ledger read back is
// the one written.
func TestReplayTakesTheDigestersDigests(t *testing.T) {
	fs := faultfs.New()
	d, err := Open(testDir, &OpenOptions{fs: fs, Sync: SyncNever, SegmentSize: 256 << 10})
	if err != nil {
		t.Fatal(err)
	}
	nodes := farLinkedNodes(3*window, 2*window+100)
	for _, n := range nodes {
		if err := d.Append(n); err != nil {
			t.Fatal(err)
		}
	}
	want, head := d.Digests(), d.Head()
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	for _, weak := range []bool{false, true} {
		restore := func() {}
		if weak {
			restore = index.SimulateCollisions()
		}
		l, _, rec, err := replay(fs, testDir, true)
		restore()
		if err != nil || rec.Corrupt != nil {
			t.Fatalf("weak %v: %v %v", weak, err, rec.Corrupt)
		}
		if rec.Segments < 10 || !slices.Equal(l.Digests(), want) || rec.Head != head || l.Head() != head {
			t.Fatalf("weak %v: %d segments; digests equal %v; head %s, want %s", weak,
				rec.Segments, slices.Equal(l.Digests(), want), rec.Head, head)
		}
		if got := rec.ownDigests; weak != (got > 0) {
			t.Fatalf("weak %v: the scan computed %d digests itself", weak, got)
		}
	}
}

// A batch longer than the digester's reach (a link from its end to its
// start, which the scan has not committed yet) stops the digester; the scan
// computes the rest of the digests itself.
func TestReplayOfABatchBeyondTheDigester(t *testing.T) {
	nodes := farLinkedNodes(2*window+500, 2*window+100)
	want := buildLedger(t, nodes).Digests()
	img := wal.AppendHeader(nil, 1)
	for i, n := range nodes {
		img = wal.AppendFrame(img, wal.TypeRecord, uint64(i+1), appendRecord(nil, n))
	}
	head := ChainHead(Digest{}, want...)
	img = wal.AppendFrame(img, wal.TypeCommit, uint64(len(nodes)), head[:])
	img = wal.AppendFrame(img, wal.TypeSeal, uint64(len(nodes)), head[:])
	fs := faultfs.New()
	if err := fs.MkdirAll(testDir); err != nil {
		t.Fatal(err)
	}
	fs.SetBytes(segPath(1), img)
	l, _, rec, err := replay(fs, testDir, true)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Corrupt != nil {
		t.Fatal(rec.Corrupt)
	}
	if !slices.Equal(l.Digests(), want) || rec.Head != head {
		t.Fatal("digests or head differ")
	}
	if first := (2*window + 100 + 6) / 7 * 7; rec.ownDigests != len(nodes)-first {
		t.Fatalf("the scan computed %d digests, want %d", rec.ownDigests, len(nodes)-first)
	}
}

// The prefetcher vouches for a record frame (wal.Visitor.Verified) only
// when the copy it checked has the header the scan read, at the same place:
// never for a frame whose sequence number, CRC or length differ, nor for
// one at another address, nor for a frame whose copy failed its CRC.
func TestPrefetchVouchesOnlyForTheFramesItChecked(t *testing.T) {
	img, _ := committedImage()
	first, _, ok := wal.PeekRecord(img[wal.HeaderSize:])
	if !ok {
		t.Fatal("no record first")
	}
	p := startPrefetch(img, Digest{}, nil)
	defer p.stop()
	seq, crc, short := first, first, first
	seq.Seq++
	crc.CRC ^= 1
	short.Payload = short.Payload[:len(short.Payload)-1]
	elsewhere := first
	elsewhere.Payload = slices.Clone(first.Payload)
	for _, f := range []wal.Frame{seq, crc, short, elsewhere} {
		if p.verified(f) {
			t.Fatalf("vouched for a frame that differs from the copy: %+v", f)
		}
	}
	if !p.verified(first) {
		t.Fatal("the first record not vouched for")
	}
	if r, ok := p.next(first.Payload, first.CRC); !ok || r.err != nil {
		t.Fatal("a frame vouched for was not taken")
	}
	// The copy of the second record fails its CRC: the read-ahead stops
	// there.
	var recs []int
	for off := wal.HeaderSize; off < len(img); {
		f, m, err := wal.DecodeFrame(img[off:])
		if err != nil {
			t.Fatal(err)
		}
		if f.Type == wal.TypeRecord {
			recs = append(recs, off)
		}
		off += m
	}
	bad := slices.Clone(img)
	bad[recs[1]+wal.FrameHeaderSize] ^= 1
	q := startPrefetch(bad, Digest{}, nil)
	defer q.stop()
	f0, _, _ := wal.PeekRecord(bad[recs[0]:])
	f1, _, ok := wal.PeekRecord(bad[recs[1]:])
	if !ok || !q.verified(f0) {
		t.Fatal("the first record of the damaged image not vouched for")
	}
	q.next(f0.Payload, f0.CRC)
	if q.verified(f1) {
		t.Fatal("vouched for a frame whose copy fails its CRC")
	}
}
