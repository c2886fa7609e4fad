package wal

import (
	"path/filepath"

	"github.com/kgents/kgents-core/trace/internal/vfs"
)

// Preallocation. Frames overwrite zero bytes written ahead of them, so that
// making a batch durable changes no file metadata and needs only an
// fdatasync of the data: on ext4 that is one device flush instead of a
// journal commit and a flush. The zeros are written in steps of the segment's
// own size, from minPrealloc to maxPrealloc, never past the segment size.
const (
	minPrealloc = 64 << 10
	maxPrealloc = 4 << 20
)

// Segment is the open, active segment file that batches are appended to.
type Segment struct {
	name  string
	f     vfs.File
	size  int64 // end of the frames
	alloc int64 // file size: the frames and preallocated zeros after them
	limit int64 // the segment size: zeros are not written past it
}

var zeros = make([]byte, 64<<10)

// CreateSegment creates the segment starting at firstSeq crash-safely: the
// header and the first preallocated zeros go to a temporary file, which is
// fsynced, renamed, and the directory fsynced; then the segment is opened for
// writing. limit is the segment size.
func CreateSegment(fsys vfs.FS, dir string, firstSeq uint64, limit int64) (*Segment, error) {
	name := SegmentName(firstSeq)
	content := AppendHeader(nil, firstSeq)
	content = append(content, make([]byte, max(min(minPrealloc, limit)-HeaderSize, 0))...)
	if err := vfs.WriteFileAtomic(fsys, filepath.Join(dir, name), content); err != nil {
		return nil, err
	}
	return OpenSegment(fsys, dir, name, HeaderSize, limit)
}

// OpenSegment opens an existing segment whose frames end at size (as
// recovered) for writing; bytes after size must be zero.
func OpenSegment(fsys vfs.FS, dir, name string, size, limit int64) (*Segment, error) {
	f, err := fsys.OpenRW(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	alloc, err := f.Size()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Segment{name: name, f: f, size: size, alloc: max(alloc, size), limit: limit}, nil
}

// Write appends b after the frames, over preallocated zeros, and writes
// more zeros after it when they run out. On error the segment holds an
// unknown prefix of what was written and must not be written again.
func (s *Segment) Write(b []byte) error {
	if err := s.writeAt(b, s.size); err != nil {
		return err
	}
	s.size += int64(len(b))
	if s.size > s.alloc {
		s.alloc = s.size
	}
	if s.size < s.alloc || s.size >= s.limit {
		return nil
	}
	end := min(s.size+min(max(s.size, minPrealloc), maxPrealloc), s.limit)
	for s.alloc < end {
		z := zeros[:min(int64(len(zeros)), end-s.alloc)]
		if err := s.writeAt(z, s.alloc); err != nil {
			return err
		}
		s.alloc += int64(len(z))
	}
	return nil
}

func (s *Segment) writeAt(b []byte, off int64) error {
	n, err := s.f.WriteAt(b, off)
	if err == nil && n < len(b) {
		err = errShortWrite
	}
	return err
}

// Sync makes the frames durable. Frames only overwrite preallocated zeros,
// so an fdatasync suffices (when the file grew, it also records the size).
func (s *Segment) Sync() error { return s.f.Datasync() }

// Finish cuts the preallocated zeros after the frames and fsyncs the file,
// before the segment is closed for good (rotation, Close).
func (s *Segment) Finish() error {
	if s.alloc > s.size {
		if err := s.f.Truncate(s.size); err != nil {
			return err
		}
		s.alloc = s.size
	}
	return s.f.Sync()
}

// Size returns the end of the frames written so far.
func (s *Segment) Size() int64 { return s.size }

// Name returns the segment's file name.
func (s *Segment) Name() string { return s.name }

// Close closes the file.
func (s *Segment) Close() error { return s.f.Close() }

type shortWriteError struct{}

func (shortWriteError) Error() string { return "short write" }

var errShortWrite error = shortWriteError{}
