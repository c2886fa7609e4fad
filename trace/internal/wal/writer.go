package wal

import (
	"path/filepath"

	"github.com/kgents/kgents-core/trace/internal/vfs"
)

// Segment is the open, active segment file that batches are appended to.
type Segment struct {
	name string
	f    vfs.File
	size int64
}

// CreateSegment creates the segment starting at firstSeq crash-safely: the
// header goes to a temporary file, which is fsynced, renamed, and the
// directory fsynced; then the segment is opened for appending.
func CreateSegment(fsys vfs.FS, dir string, firstSeq uint64) (*Segment, error) {
	name := SegmentName(firstSeq)
	if err := vfs.WriteFileAtomic(fsys, filepath.Join(dir, name), AppendHeader(nil, firstSeq)); err != nil {
		return nil, err
	}
	return OpenSegment(fsys, dir, name, HeaderSize)
}

// OpenSegment opens an existing segment of the given (recovered) size for
// appending.
func OpenSegment(fsys vfs.FS, dir, name string, size int64) (*Segment, error) {
	f, err := fsys.OpenAppend(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	return &Segment{name: name, f: f, size: size}, nil
}

// Write appends b. On error the segment holds an unknown prefix of b and must
// not be written again.
func (s *Segment) Write(b []byte) error {
	n, err := s.f.Write(b)
	s.size += int64(n)
	if err == nil && n < len(b) {
		err = errShortWrite
	}
	return err
}

// Sync fsyncs the segment.
func (s *Segment) Sync() error { return s.f.Sync() }

// Size returns the bytes written so far.
func (s *Segment) Size() int64 { return s.size }

// Name returns the segment's file name.
func (s *Segment) Name() string { return s.name }

// Close closes the file.
func (s *Segment) Close() error { return s.f.Close() }

type shortWriteError struct{}

func (shortWriteError) Error() string { return "short write" }

var errShortWrite error = shortWriteError{}
