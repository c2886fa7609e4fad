package wal

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kgents/kgents-core/trace/internal/vfs"
)

// CorruptError locates damage: the segment file, the offset of the bad frame
// (or header) and the sequence number expected there.
type CorruptError struct {
	Segment string
	Offset  int64
	Seq     uint64
	Reason  string
	Err     error
}

// Error names the segment, offset and sequence number, then the reason.
func (e *CorruptError) Error() string {
	s := fmt.Sprintf("segment %s offset %d seq %d: %s", e.Segment, e.Offset, e.Seq, e.Reason)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying cause.
func (e *CorruptError) Unwrap() error { return e.Err }

// Visitor receives what recovery reads, in order. A record is uncommitted
// until the commit frame that covers it arrives; records after the last
// commit are never confirmed and the visitor must drop them when Recover
// returns. An error from a callback makes that frame corrupt.
type Visitor struct {
	Record func(seq uint64, payload []byte) error
	Commit func(seq uint64, head []byte) error
	// Segment, if set, receives each segment's bytes before they are
	// scanned, for work that can run ahead of the scan. The bytes are a
	// buffer of their own that Recover only reads and never reuses; the
	// visitor must not modify them, and may keep them (or strings aliasing
	// them) for as long as it likes.
	Segment func(name string, data []byte)
}

// Tail describes a torn tail found after the last commit of the last segment.
type Tail struct {
	Segment  string
	Offset   int64  // where the tail starts (the end of the last commit, or seal)
	Bytes    int64  // its length
	SideFile string // where the cut bytes were kept (read-write recovery only)
	Sealed   bool   // a seal was written for a commit that had lost it
}

// Result is what Recover found.
type Result struct {
	Segments   []string // segment file names, in order
	LastSeq    uint64   // sequence number of the last committed record
	LastHead   []byte   // chain head of the last commit (nil if none)
	ActiveSize int64    // end of the last segment's frames after repair (zeros may follow)
	Tail       *Tail
	Removed    []string // leftover temporary files removed
	// Corrupt is set when damage was found. Everything committed before it
	// was visited; in read-write mode nothing was changed on disk.
	Corrupt *CorruptError
}

// Recover reads every segment of dir, checks every frame and calls v for
// records and commits. In read-write mode it removes leftover temporary files
// and repairs a torn tail (doc.go, "Recovery"); in read-only mode it changes
// nothing.
func Recover(fsys vfs.FS, dir string, readOnly bool, v Visitor) (*Result, error) {
	names, err := fsys.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	type seg struct {
		name  string
		first uint64
	}
	var segs []seg
	for _, n := range names {
		if strings.HasSuffix(n, ".tmp") {
			if !readOnly {
				if err := fsys.Remove(filepath.Join(dir, n)); err != nil {
					return nil, err
				}
				res.Removed = append(res.Removed, n)
			}
			continue
		}
		if first, ok := ParseSegmentName(n); ok {
			segs = append(segs, seg{n, first})
		}
	}
	if len(res.Removed) > 0 {
		if err := fsys.SyncDir(dir); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(segs, func(a, b seg) int {
		switch {
		case a.first < b.first:
			return -1
		case a.first > b.first:
			return 1
		}
		return 0
	})
	for _, s := range segs {
		res.Segments = append(res.Segments, s.name)
	}

	for si, s := range segs {
		last := si == len(segs)-1
		data, err := vfs.ReadFile(fsys, filepath.Join(dir, s.name))
		if err != nil {
			return nil, err
		}
		if v.Segment != nil {
			v.Segment(s.name, data)
		}
		corrupt := func(off int, seq uint64, reason string, err error) (*Result, error) {
			res.Corrupt = &CorruptError{Segment: s.name, Offset: int64(off), Seq: seq, Reason: reason, Err: err}
			return res, nil
		}
		first, err := ParseHeader(data)
		if err != nil {
			return corrupt(0, res.LastSeq+1, "bad segment header", err)
		}
		if first != s.first {
			return corrupt(0, res.LastSeq+1, fmt.Sprintf("header says first seq %d, name says %d", first, s.first), nil)
		}
		if first != res.LastSeq+1 {
			return corrupt(0, res.LastSeq+1, fmt.Sprintf("segment starts at seq %d, want %d", first, res.LastSeq+1), nil)
		}

		off := HeaderSize
		committedEnd := off
		next := first     // sequence number of the next record
		var commit []byte // payload of a commit still waiting for its seal
		var commitEnd int
		var stopErr error
		for off < len(data) {
			f, n, err := DecodeFrame(data[off:])
			if err != nil {
				if !Unused(data[off:]) { // zeros to the end: preallocated space
					stopErr = err
				}
				break
			}
			switch f.Type {
			case TypeRecord:
				if commit != nil {
					return corrupt(off, next, "record where the seal of the commit before it should be", nil)
				}
				if f.Seq != next {
					return corrupt(off, next, fmt.Sprintf("record has seq %d", f.Seq), nil)
				}
				if err := v.Record(f.Seq, f.Payload); err != nil {
					return corrupt(off, next, "bad record", err)
				}
				next++
			case TypeCommit:
				if commit != nil {
					return corrupt(off, next, "commit where a seal should be", nil)
				}
				if next == res.LastSeq+1 {
					return corrupt(off, next, "commit of an empty batch", nil)
				}
				if f.Seq != next-1 {
					return corrupt(off, next, fmt.Sprintf("commit has seq %d, want %d", f.Seq, next-1), nil)
				}
				if err := v.Commit(f.Seq, f.Payload); err != nil {
					return corrupt(off, f.Seq, "bad commit", err)
				}
				res.LastSeq, res.LastHead = f.Seq, f.Payload
				commit, commitEnd = f.Payload, off+n
				committedEnd = off + n
			case TypeSeal:
				if commit == nil || f.Seq != res.LastSeq || !bytes.Equal(f.Payload, commit) {
					return corrupt(off, next, "seal does not repeat the commit before it", nil)
				}
				commit = nil
				committedEnd = off + n
			}
			off += n
		}

		if !last {
			if stopErr != nil {
				return corrupt(off, next, "bad frame", stopErr)
			}
			if commit != nil || next != res.LastSeq+1 || committedEnd != len(data) {
				return corrupt(committedEnd, res.LastSeq+1, "segment does not end with a sealed commit", nil)
			}
			continue
		}

		res.ActiveSize = int64(committedEnd)
		// The frames end at committedEnd; after the last byte that is not
		// zero (end) comes preallocated space.
		end := usedEnd(data, committedEnd)
		if end == committedEnd && commit == nil {
			continue // clean end
		}
		// Bytes follow the last commit (or its seal): uncommitted records, a
		// torn frame, or damage. Committed data behind damaged bytes shows up
		// as a CRC-valid commit or seal with a later sequence number.
		if stopErr != nil {
			if at, ok := findLaterCommit(data[:end], off+1, res.LastSeq); ok && !tornInPlace(data[:end], committedEnd, at, res.LastSeq) {
				return corrupt(off, next, fmt.Sprintf("damaged frame before a valid commit at offset %d", at), stopErr)
			}
		}
		tail := &Tail{Segment: s.name, Offset: int64(committedEnd), Bytes: int64(end - committedEnd)}
		res.Tail = tail
		if readOnly {
			continue
		}
		if tail.Bytes > 0 {
			tail.SideFile = fmt.Sprintf("%s.torn-%d", s.name, committedEnd)
			for k := 1; slices.Contains(names, tail.SideFile); k++ { // keep earlier cuts
				tail.SideFile = fmt.Sprintf("%s.torn-%d.%d", s.name, committedEnd, k)
			}
			if err := vfs.WriteFileAtomic(fsys, filepath.Join(dir, tail.SideFile), data[committedEnd:end]); err != nil {
				return nil, err
			}
		}
		f, err := fsys.OpenAppend(filepath.Join(dir, s.name))
		if err != nil {
			return nil, err
		}
		err = f.Truncate(int64(committedEnd))
		if err == nil && commit != nil && committedEnd == commitEnd {
			_, err = f.Write(AppendFrame(nil, TypeSeal, res.LastSeq, commit))
			tail.Sealed = true
		}
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
		if tail.Sealed {
			res.ActiveSize += FrameHeaderSize + HeadSize
		}
	}
	return res, nil
}

// SectorSize is the unit in which a crash may lose a write in place: a
// sector of the preallocated space that a batch was overwriting can keep its
// zeros while a later sector of the same batch reaches the disk.
const SectorSize = 512

// tornInPlace reports whether damaged bytes before a valid later commit are
// what a crash during the last batch's write in place leaves, rather than
// damage to committed data: the valid commit and seal frames after the last
// good commit all belong to one batch (in SyncAlways mode a batch is written
// only after the one before it was made durable, so two batches there would
// mean a durable batch was damaged), and the damaged span, from start (the
// end of the last good commit) to at (the first later commit), holds a whole
// sector of zeros: a sector that never left the preallocated state. A bit
// flip or garbage leaves no such sector.
func tornInPlace(data []byte, start, at int, lastSeq uint64) bool {
	var batch uint64
	for off := start; off < len(data); {
		o, ok := findLaterCommit(data, off, lastSeq)
		if !ok {
			break
		}
		seq := binary.LittleEndian.Uint64(data[o+9:])
		if batch != 0 && seq != batch {
			return false
		}
		batch = seq
		off = o + 1
	}
	first := (start + SectorSize - 1) / SectorSize * SectorSize
	for sec := first; sec+SectorSize <= at; sec += SectorSize {
		if Unused(data[sec : sec+SectorSize]) {
			return true
		}
	}
	return false
}

// findLaterCommit looks at every offset from start for a CRC-valid commit or
// seal frame whose sequence number is after lastSeq.
func findLaterCommit(data []byte, start int, lastSeq uint64) (int, bool) {
	const size = FrameHeaderSize + HeadSize
	for off := start; off+size <= len(data); off++ {
		b := data[off:]
		if binary.LittleEndian.Uint32(b) != HeadSize || (b[8] != TypeCommit && b[8] != TypeSeal) {
			continue
		}
		if binary.LittleEndian.Uint64(b[9:]) <= lastSeq {
			continue
		}
		if _, _, err := DecodeFrame(b[:size]); err == nil {
			return off, true
		}
	}
	return 0, false
}
