package wal

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/kgents/kgents-core/trace/internal/faultfs"
)

// TestSegmentPreallocates: frames overwrite zeros written ahead of them,
// the zeros never go past the segment size, and Finish cuts them.
func TestSegmentPreallocates(t *testing.T) {
	fs := faultfs.New()
	_ = fs.MkdirAll("/d")
	const limit = 300 << 10
	s, err := CreateSegment(fs, "/d", 1, limit)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join("/d", SegmentName(1))
	size := func() int { b, _ := fs.Bytes(name); return len(b) }
	if size() != minPrealloc {
		t.Fatalf("new segment of %d bytes, want %d", size(), minPrealloc)
	}
	frame := AppendFrame(nil, TypeRecord, 1, bytes.Repeat([]byte("x"), 1000))
	var frames []byte
	for s.Size() < limit {
		if err := s.Write(frame); err != nil {
			t.Fatal(err)
		}
		frames = append(frames, frame...)
		b, _ := fs.Bytes(name)
		if len(b) < int(s.Size()) || !Unused(b[s.Size():]) || !bytes.Equal(b[HeaderSize:s.Size()], frames) {
			t.Fatalf("after %d bytes of frames: file of %d bytes", len(frames), len(b))
		}
		if s.Size() < limit && len(b) > limit {
			t.Fatalf("zeros written past the segment size: %d", len(b))
		}
	}
	if err := s.Finish(); err != nil {
		t.Fatal(err)
	}
	if b, _ := fs.Bytes(name); len(b) != int(s.Size()) {
		t.Fatalf("Finish left %d bytes for %d of frames", len(b), s.Size())
	}
	// Reopened at its end, a segment without zeros preallocates again.
	s2, err := OpenSegment(fs, "/d", SegmentName(1), s.Size(), 2*limit)
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Write(frame); err != nil || size() <= int(s2.Size()) {
		t.Fatalf("reopened segment: %v, %d bytes for %d of frames", err, size(), s2.Size())
	}
}
