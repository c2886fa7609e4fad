package wal

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/kgents/kgents-core/trace/internal/faultfs"
)

// writeLedger writes segments of batches of records to /d of fs: each
// segment but the last ends with a link, the last keeps its preallocated
// zeros. Every chain head ends in zero bytes, which the zeros after the last
// seal hide from a reader looking for where the frames end.
func writeLedger(t *testing.T, fs *faultfs.FS, segments, batches, perBatch int) uint64 {
	t.Helper()
	_ = fs.MkdirAll("/d")
	head := append(bytes.Repeat([]byte{0xab}, HeadSize-3), 0, 0, 0)
	seq := uint64(1)
	for s := range segments {
		seg, err := CreateSegment(fs, "/d", seq, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		for range batches {
			var b []byte
			for range perBatch {
				b = AppendFrame(b, TypeRecord, seq, []byte(fmt.Sprint("record ", seq)))
				seq++
			}
			b = AppendFrame(b, TypeCommit, seq-1, head)
			b = AppendFrame(b, TypeSeal, seq-1, head)
			if err := seg.Write(b); err != nil {
				t.Fatal(err)
			}
		}
		if s < segments-1 {
			if err := seg.Link(seq, head); err != nil {
				t.Fatal(err)
			}
		}
		seg.Close()
	}
	return seq - 1
}

// Recover tells the visitor, before the first record, how many records the
// segments hold: exactly, for segments written as a writer writes them, and
// those before the last segment when the last one's frames end in a torn
// tail. The hint changes nothing else.
func TestRecoverExpectsTheRecordsOfAllSegments(t *testing.T) {
	for _, segments := range []int{1, 3} {
		fs := faultfs.New()
		total := writeLedger(t, fs, segments, 5, 7)
		recover := func() (int, uint64) {
			expect, records := -1, uint64(0)
			v := Visitor{
				Record: func(f Frame) error {
					if expect < 0 {
						t.Fatal("a record before Expect")
					}
					records++
					return nil
				},
				Commit: func(uint64, []byte) error { return nil },
				Expect: func(n int) { expect = n },
			}
			res, err := Recover(fs, "/d", true, v)
			if err != nil || res.Corrupt != nil {
				t.Fatalf("%d segments: %v, %+v", segments, err, res)
			}
			return expect, records
		}
		if expect, records := recover(); expect != int(total) || records != total {
			t.Fatalf("%d segments: expected %d records, read %d, want %d", segments, expect, records, total)
		}
		// A torn frame after the last seal: the last segment's count is
		// unknown, the others' still known.
		last := SegmentName(total - 5*7 + 1)
		b, _ := fs.Bytes("/d/" + last)
		end := usedEnd(b, HeaderSize) + 3 // past the head's zeros
		copy(b[end:], "torn")
		fs.SetBytes("/d/"+last, b)
		if expect, _ := recover(); expect != int(total)-5*7 {
			t.Fatalf("%d segments, torn tail: expected %d records, want %d", segments, expect, int(total)-5*7)
		}
	}
}

// A segment named far ahead of the records before it (a damaged or planted
// name) does not make Recover promise the visitor more records than the
// files can hold; the scan then reports the gap as corruption.
func TestRecoverExpectsNoMoreRecordsThanTheFilesHold(t *testing.T) {
	fs := faultfs.New()
	writeLedger(t, fs, 2, 2, 3)
	b, _ := fs.Bytes("/d/" + SegmentName(7))
	far := uint64(1) << 40
	fs.SetBytes("/d/"+SegmentName(far), b)
	var total int
	for _, name := range fs.Files() {
		c, _ := fs.Bytes(name)
		total += len(c)
	}
	expect := -1
	v := Visitor{
		Record: func(Frame) error { return nil },
		Commit: func(uint64, []byte) error { return nil },
		Expect: func(n int) { expect = n },
	}
	res, err := Recover(fs, "/d", true, v)
	if err != nil {
		t.Fatal(err)
	}
	if expect < 0 || expect > total/minRecordFrame {
		t.Fatalf("expected %d records of %d bytes of files", expect, total)
	}
	if res.Corrupt == nil {
		t.Fatal("a segment named far ahead was not reported")
	}
}
