package trace

import (
	"slices"
	"testing"
	"unsafe"

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

// Decoded nodes' strings alias the segment's buffer, unless most of it is
// preallocated zeros: then they share a copy of the bytes before the zeros,
// and a record that ends in the zeros (a torn one: a record ends in zero
// bytes when its metadata is empty) is decoded from a copy of its own.
func TestPrefetchSharesTheSegmentBuffer(t *testing.T) {
	img, _ := committedImage()
	inside := func(s string, b []byte) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		base := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		return p >= base && p < base+uintptr(len(b))
	}
	check := func(data []byte, wantRecords int, wantAliased bool) {
		t.Helper()
		p := startPrefetch(data)
		defer p.stop()
		records := 0
		for off := wal.HeaderSize; off < len(data); {
			typ, payload, n, ok := wal.PeekFrame(data[off:])
			if !ok {
				break
			}
			off += n
			if typ != wal.TypeRecord {
				continue
			}
			records++
			r, ok := p.next(payload)
			if !ok {
				t.Fatalf("record %d not prefetched", records)
			}
			want, err := decodeRecord(payload, nil)
			if err != nil || r.err != nil || !r.node.Equal(want) {
				t.Fatalf("record %d: prefetched %v / %v, scan %v / %v", records, r.node, r.err, want, err)
			}
			if inside(r.node.id, data) != wantAliased {
				t.Fatalf("record %d: id aliases the segment buffer: %v, want %v", records, !wantAliased, wantAliased)
			}
		}
		if records != wantRecords {
			t.Fatalf("%d records, want %d", records, wantRecords)
		}
	}
	check(slices.Clone(img), 5, true)

	n := New(Fields{ID: "torn", Timestamp: at(1)})
	rec := appendRecord(nil, n)
	if rec[len(rec)-1] != 0 {
		t.Fatal("the record does not end in a zero byte")
	}
	torn := wal.AppendFrame(slices.Clone(img), wal.TypeRecord, 6, rec)
	torn = append(torn, make([]byte, 4*len(torn))...)
	check(torn, 6, false)
}
