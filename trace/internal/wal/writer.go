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
// more zeros after it when they run out. If writing b fails, Write tries to
// take back what reached the file (zeros over it, the file cut to its old
// size, an fdatasync), so that a batch refused to its producers is not found
// by recovery: a *WriteError says whether that worked. Failing to write the
// zeros is not an error: they only spare later fdatasyncs a metadata update.
func (s *Segment) Write(b []byte) error {
	if n, err := s.f.WriteAt(b, s.size); err != nil || n < len(b) {
		if err == nil {
			err = errShortWrite
		}
		// n bytes reached the file; with none, there is nothing to take back.
		return &WriteError{Err: err, Undone: n == 0 || s.undo(s.size, int64(n)) == nil}
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
		n, err := s.f.WriteAt(z, s.alloc)
		s.alloc += int64(n)
		if err != nil || n < len(z) {
			break
		}
	}
	return nil
}

// WriteError is a failed write of a batch. Undone says that the bytes it
// may have left were cleared and the clearing made durable: the batch is not
// on disk. Otherwise recovery decides whether it was committed.
type WriteError struct {
	Err    error
	Undone bool
}

// Error gives the cause and says whether the batch may be on disk.
func (e *WriteError) Error() string {
	if e.Undone {
		return e.Err.Error() + " (the batch was not written)"
	}
	return e.Err.Error() + " (the batch may be on disk: reopen to learn whether it was committed)"
}

// Unwrap returns the cause.
func (e *WriteError) Unwrap() error { return e.Err }

// undo clears a failed write of n bytes at off: zeros over the part inside
// the preallocated space (which needs no new blocks), the file cut back to
// that space, and an fdatasync.
func (s *Segment) undo(off, n int64) error {
	if in := min(off+n, s.alloc) - off; in > 0 {
		for done := int64(0); done < in; {
			z := zeros[:min(int64(len(zeros)), in-done)]
			if _, err := s.f.WriteAt(z, off+done); err != nil {
				return err
			}
			done += int64(len(z))
		}
	}
	if off+n > s.alloc {
		if err := s.f.Truncate(max(s.alloc, off)); err != nil {
			return err
		}
	}
	return s.f.Datasync()
}

// Link ends a full segment for good, once the next segment exists durably:
// it writes a link frame carrying the next segment's first sequence number
// and the chain head, cuts the preallocated zeros and fsyncs. A segment that
// ends with a link proves that its successor was created, so recovery can
// tell a deleted last segment from one that never existed.
func (s *Segment) Link(nextSeq uint64, head []byte) error {
	b := AppendFrame(nil, TypeLink, nextSeq, head)
	if err := s.writeAt(b, s.size); err != nil {
		return err
	}
	s.size += int64(len(b))
	s.alloc = max(s.alloc, s.size)
	return s.Finish()
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
