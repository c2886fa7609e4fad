package trace

import (
	"slices"
	"testing"

	"github.com/kgents/kgents-core/trace/internal/wal"
)

// The prefetcher must hand the scan a result for every record of an intact
// segment, equal to what the scan would compute, and step aside as soon as
// the scan asks for a payload it did not prefetch.
func TestPrefetchMatchesTheScan(t *testing.T) {
	img, _ := committedImage()
	p := startPrefetch(img)
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
		r, ok := p.next(f.Payload)
		if !ok {
			t.Fatalf("record %d not prefetched", f.Seq)
		}
		want, err := decodeRecord(f.Payload, nil)
		if err != nil || r.err != nil || !r.node.Equal(want) {
			t.Fatalf("record %d: prefetched %v / %v, scan %v / %v", f.Seq, r.node, r.err, want, err)
		}
		if finishDigest(r.h, nil) != nodeDigest(f.Payload, nil) {
			t.Fatalf("record %d: prefetched hash differs", f.Seq)
		}
	}
	if records != 5 {
		t.Fatalf("%d records", records)
	}
	q := startPrefetch(img)
	defer q.stop()
	other := slices.Clone(img[wal.HeaderSize+wal.FrameHeaderSize:])
	if _, ok := q.next(other); ok || !q.off {
		t.Fatal("a payload at another address was matched")
	}
}
