package wal

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"unsafe"

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
	// Record receives a record frame, its CRC checked. A mapped segment
	// can change under the reader (a writer appending to it): what the
	// visitor derives from the payload must come from bytes whose CRC it
	// has matched with f.CRC, or it returns ErrSegmentCut.
	Record func(f Frame) error
	Commit func(seq uint64, head []byte) error
	// Segment, if set, receives each segment's bytes before they are
	// scanned, for work that can run ahead of the scan. The bytes (and
	// the payloads that Record and Commit receive) are valid only until
	// Done returns: they are usually a read-only mapping of the file
	// (vfs.MapFile), which Recover releases before it returns. The
	// visitor must not modify them, and must copy what it keeps.
	Segment func(name string, data []byte)
	// Done, if set, is called once when Recover has no more records or
	// commits to hand over (after the last segment's scan, or when it
	// stops early), before it releases the segments' bytes; it must
	// return only when the visitor has stopped using them on every
	// goroutine.
	Done func()
	// NoMap makes Recover read the segments into memory instead of
	// mapping them: the way to recover after ErrSegmentCut.
	NoMap bool
	// Verified, if set, is asked about each record frame before the scan
	// checks its CRC: true means that the visitor has checked the CRC of a
	// copy of this very frame (f.Payload is where it sits in the segment's
	// bytes) with the same length, sequence number and CRC, and that it
	// takes from that copy whatever it derives from the record. The scan
	// then takes the frame's header, which it read once into f, as checked
	// and does not read the whole frame again. A mapped segment is large
	// and mostly out of cache: reading it twice cost an open a second pass
	// over memory and a second CRC.
	Verified func(f Frame) bool
	// Expect, if set, is told once, before the first segment is scanned,
	// how many records the segments hold, as their names and the last
	// one's final commit say: a hint for sizing what the visitor builds,
	// never checked (the scan checks every record), 0 if unknown.
	Expect func(records int)
}

// ErrSegmentCut reports that a mapped segment was cut or rewritten (by
// another process) while Recover read it: its bytes past the new end
// vanished, or a frame's bytes no longer match the CRC checked. Nothing read
// from it can be trusted; recover again with Visitor.NoMap, which reads
// whatever the file then holds into memory of its own.
var ErrSegmentCut = errors.New("segment file cut while it was read")

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
	// Unlinked names the empty segment that a rotation interrupted by a
	// crash left after a segment it had not yet linked to it. It is not in
	// Segments; read-write recovery removed it.
	Unlinked string
	// Corrupt is set when damage was found. Everything committed before it
	// was visited; in read-write mode nothing was changed on disk.
	Corrupt *CorruptError
}

// Recover reads every segment of dir, checks every frame and calls v for
// records and commits. In read-write mode it removes leftover temporary files
// and repairs a torn tail; in read-only mode it changes nothing. Its steps are
// those of doc.go's "Recovery", one to one.
//
// Recover's goroutine runs with debug.SetPanicOnFault set (and restores it
// before it returns), so that a mapped segment cut by another process makes
// the touch of a vanished page a panic rather than a crash; Recover turns it
// into ErrSegmentCut. The visitor's goroutines that touch the bytes must do
// the same (IsSegmentFault tells such a fault from others).
func Recover(fsys vfs.FS, dir string, readOnly bool, v Visitor) (res *Result, err error) {
	r := &recovery{fsys: fsys, dir: dir, readOnly: readOnly, v: v, res: &Result{}}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		p := recover()
		r.done()
		if p != nil {
			if seg, ok := r.faultIn(p); ok {
				res, err = nil, fmt.Errorf("wal: %s: %w", seg, ErrSegmentCut)
			} else {
				defer panic(p)
			}
		}
		if res != nil && res.LastHead != nil {
			res.LastHead = slices.Clone(res.LastHead) // it aliases a mapping
		}
		for _, m := range r.maps {
			if rerr := m.Release(); rerr != nil && err == nil {
				res, err = nil, rerr
			}
		}
	}()
	steps := []func() error{
		r.removeTemporaryFiles, // 1
		r.listSegments,         // 2
		r.scanSegments,         // 3
		r.classifyTail,         // 4
		r.repairTail,           // 5
		r.removeUnlinked,       // 6
	}
	for i, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
		if r.res.Corrupt != nil {
			return r.res, nil
		}
		if i == 2 { // the visitor has had every record and commit
			r.done()
		}
	}
	return r.res, nil
}

// done tells the visitor, once, that it has had every record and commit.
func (r *recovery) done() {
	if r.v.Done != nil && !r.isDone {
		r.isDone = true
		r.v.Done()
	}
}

// faultIn reports whether p, a recovered panic, is a fault at an address
// in one of r's mapped segments, and names that segment.
func (r *recovery) faultIn(p any) (string, bool) {
	for i, m := range r.maps {
		if m.IsMapped() && IsSegmentFault(p, m.Data) {
			return r.mapNames[i], true
		}
	}
	return "", false
}

// IsSegmentFault reports whether p, a value recovered from a panic on a
// goroutine running with debug.SetPanicOnFault, is a fault at an address
// within data, a segment's bytes: a page of a mapped segment that another
// process cut.
func IsSegmentFault(p any, data []byte) bool {
	if _, ok := p.(runtime.Error); !ok {
		return false
	}
	a, ok := p.(interface{ Addr() uintptr })
	if !ok || len(data) == 0 {
		return false
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	return a.Addr() >= start && a.Addr()-start < uintptr(len(data))
}

// recovery is the state Recover's steps share.
type recovery struct {
	fsys     vfs.FS
	dir      string
	readOnly bool
	v        Visitor
	res      *Result

	names []string  // the directory's entries
	segs  []segName // the segments, in sequence order
	last  *scan     // the scan of the last segment, whose tail steps 4 and 5 handle

	maps     []*vfs.Mapped // the segments' bytes, released when Recover returns
	mapNames []string      // their names
	isDone   bool          // v.Done was called
}

type segName struct {
	name  string
	first uint64
}

// scan is what reading one segment's frames found.
type scan struct {
	name    string
	data    []byte
	version uint32
	off     int    // where the frames stop
	next    uint64 // sequence number of the next record
	stopErr error  // why the frames stop, unless only zeros follow

	committedEnd int    // end of the last commit, or of its seal
	commit       []byte // payload of a commit still waiting for its seal
	commitEnd    int    // end of that commit
	link         int    // offset of the link frame that ends the segment; 0 if none
}

func (r *recovery) corrupt(seg string, off int, seq uint64, reason string, err error) error {
	r.res.Corrupt = &CorruptError{Segment: seg, Offset: int64(off), Seq: seq, Reason: reason, Err: err}
	return nil
}

// removeTemporaryFiles (step 1, read-write only) deletes leftover "*.tmp"
// files: they were never renamed, so they hold nothing committed.
func (r *recovery) removeTemporaryFiles() error {
	names, err := r.fsys.ReadDir(r.dir)
	if err != nil {
		return err
	}
	for _, n := range names {
		if !strings.HasSuffix(n, ".tmp") {
			r.names = append(r.names, n)
			continue
		}
		if r.readOnly {
			continue
		}
		if err := r.fsys.Remove(filepath.Join(r.dir, n)); err != nil {
			return err
		}
		r.res.Removed = append(r.res.Removed, n)
	}
	if len(r.res.Removed) > 0 {
		return r.fsys.SyncDir(r.dir)
	}
	return nil
}

// listSegments (step 2) lists the segments in sequence order.
func (r *recovery) listSegments() error {
	for _, n := range r.names {
		if first, ok := ParseSegmentName(n); ok {
			r.segs = append(r.segs, segName{n, first})
		}
	}
	slices.SortFunc(r.segs, func(a, b segName) int { return cmp.Compare(a.first, b.first) })
	for _, s := range r.segs {
		r.res.Segments = append(r.res.Segments, s.name)
	}
	return nil
}

// scanSegments (step 3) reads each segment frame by frame and checks how it
// ends: a segment that is not the last must end with its link to the next
// one, the last must not.
func (r *recovery) scanSegments() error {
	if r.v.Expect != nil && len(r.segs) > 0 {
		n, err := r.expectedRecords()
		if err != nil {
			return err
		}
		r.v.Expect(n)
	}
	for si := range r.segs {
		s, err := r.scanSegment(r.segs[si])
		if err != nil || r.res.Corrupt != nil {
			return err
		}
		if si == len(r.segs)-1 {
			if s.link != 0 {
				return r.corrupt(s.name, s.link, s.next, fmt.Sprintf(
					"the segment ends with a link to %s, which is missing: segments after it were deleted", SegmentName(s.next)), nil)
			}
			r.last = s
			return nil
		}
		if s.link != 0 {
			continue
		}
		if s.version < linkedVersion { // written before segments were linked
			if s.stopErr != nil {
				return r.corrupt(s.name, s.off, s.next, "bad frame", s.stopErr)
			}
			if s.commit != nil || s.next != r.res.LastSeq+1 || s.committedEnd != len(s.data) {
				return r.corrupt(s.name, s.committedEnd, r.res.LastSeq+1, "segment does not end with a sealed commit", nil)
			}
			continue
		}
		// No link: only a crash between creating the next segment and
		// linking to it leaves that, and then the next segment is the last
		// one and holds no frame yet. This segment is then the last one.
		if si == len(r.segs)-2 {
			empty, err := r.emptySegment(r.segs[si+1], s.next)
			if err != nil {
				return err
			}
			if empty {
				r.res.Unlinked = r.segs[si+1].name
				r.res.Segments = r.res.Segments[:si+1]
				r.last = s
				return nil
			}
		}
		return r.corrupt(s.name, s.committedEnd, r.res.LastSeq+1, "segment does not end with a link to the next one", s.stopErr)
	}
	return nil
}

// emptySegment reports whether seg has a valid header for first and nothing
// but zeros after it: a segment just created.
func (r *recovery) emptySegment(seg segName, first uint64) (bool, error) {
	data, err := vfs.ReadFile(r.fsys, filepath.Join(r.dir, seg.name))
	if err != nil {
		return false, err
	}
	f, err := ParseHeader(data)
	return err == nil && f == first && seg.first == first && Unused(data[HeaderSize:]), nil
}

// segmentBytes returns the bytes of a segment: a mapping of it, or with
// NoMap a copy read into memory. A segment is mapped once; Recover releases
// the mappings when it returns.
func (r *recovery) segmentBytes(seg segName) ([]byte, error) {
	for i, name := range r.mapNames {
		if name == seg.name {
			return r.maps[i].Data, nil
		}
	}
	var m *vfs.Mapped
	var err error
	if r.v.NoMap {
		var b []byte
		b, err = vfs.ReadFile(r.fsys, filepath.Join(r.dir, seg.name))
		m = &vfs.Mapped{Data: b}
	} else {
		m, err = vfs.MapFile(r.fsys, filepath.Join(r.dir, seg.name))
	}
	if err != nil {
		return nil, err
	}
	r.maps, r.mapNames = append(r.maps, m), append(r.mapNames, seg.name)
	return m.Data, nil
}

// expectedRecords estimates the records of all segments for Visitor.Expect:
// those before the last segment by the names (each is named by its first
// sequence number), and those of the last by the sequence number of the
// commit or seal frame that ends its frames, if its bytes end with one. It
// maps the last segment for that, which its scan then uses. Names and
// frames are not checked yet, so the estimate is capped by what the files
// can hold (a record frame takes more than minRecordFrame bytes): a segment
// misnamed far ahead must not make the visitor reserve memory for records
// that are not there.
func (r *recovery) expectedRecords() (int, error) {
	first, last := r.segs[0], r.segs[len(r.segs)-1]
	data, err := r.segmentBytes(last)
	if err != nil {
		return 0, err
	}
	n := last.first - first.first
	if seq, ok := lastCommitted(data); ok && seq >= last.first {
		n += seq - last.first + 1
	}
	size := int64(len(data))
	for _, seg := range r.segs[:len(r.segs)-1] {
		s, err := r.segmentSize(seg)
		if err != nil {
			return 0, nil // no estimate; the scan will meet the error
		}
		size += s
	}
	return int(min(n, uint64(size/minRecordFrame), 1<<31-1)), nil
}

// minRecordFrame is less than the size of any record frame: a frame header
// and a payload of at least one byte.
const minRecordFrame = FrameHeaderSize + 1

// segmentSize returns the size of a segment's file.
func (r *recovery) segmentSize(seg segName) (int64, error) {
	f, err := r.fsys.Open(filepath.Join(r.dir, seg.name))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return f.Size()
}

// lastCommitted returns the sequence number of the commit or seal frame
// that ends a segment's frames (before its preallocated zeros), if there is
// one. The chain head it carries may itself end in zero bytes, which the
// zeros after it hide: the frame is looked for at the few offsets that
// allows.
func lastCommitted(data []byte) (uint64, bool) {
	const size = FrameHeaderSize + HeadSize
	end := usedEnd(data, HeaderSize)
	for k := 0; k < 8 && end+k <= len(data); k++ {
		at := end + k - size
		if at < HeaderSize {
			break
		}
		f, n, err := DecodeFrame(data[at : end+k])
		if err == nil && n == size && (f.Type == TypeSeal || f.Type == TypeCommit) {
			return f.Seq, true
		}
	}
	return 0, false
}

// scanSegment checks a segment's header and reads its frames up to the zero
// bytes that end them, handing records and commits to the visitor.
func (r *recovery) scanSegment(seg segName) (*scan, error) {
	data, err := r.segmentBytes(seg)
	if err != nil {
		return nil, err
	}
	if r.v.Segment != nil {
		r.v.Segment(seg.name, data)
	}
	res := r.res
	first, version, err := parseHeader(data)
	if err != nil {
		return nil, r.corrupt(seg.name, 0, res.LastSeq+1, "bad segment header", err)
	}
	if first != seg.first {
		return nil, r.corrupt(seg.name, 0, res.LastSeq+1, fmt.Sprintf("header says first seq %d, name says %d", first, seg.first), nil)
	}
	if first != res.LastSeq+1 {
		return nil, r.corrupt(seg.name, 0, res.LastSeq+1, fmt.Sprintf("segment starts at seq %d, want %d", first, res.LastSeq+1), nil)
	}
	s := &scan{name: seg.name, data: data, version: version, off: HeaderSize, next: first, committedEnd: HeaderSize}
	fail := func(seq uint64, reason string, err error) (*scan, error) {
		return nil, r.corrupt(seg.name, s.off, seq, reason, err)
	}
	for s.off < len(data) {
		var f Frame
		var n int
		var err error
		if r.v.Verified == nil || !r.peekVerified(data[s.off:], &f, &n) {
			f, n, err = DecodeFrame(data[s.off:])
		}
		if err != nil {
			if !Unused(data[s.off:]) { // zeros to the end: preallocated space
				s.stopErr = err
			}
			break
		}
		switch f.Type {
		case TypeRecord:
			if s.commit != nil {
				return fail(s.next, "record where the seal of the commit before it should be", nil)
			}
			if f.Seq != s.next {
				return fail(s.next, fmt.Sprintf("record has seq %d", f.Seq), nil)
			}
			if err := r.v.Record(f); err != nil {
				if errors.Is(err, ErrSegmentCut) {
					return nil, fmt.Errorf("wal: %s offset %d: %w", seg.name, s.off, err)
				}
				return fail(s.next, "bad record", err)
			}
			s.next++
		case TypeCommit:
			if s.commit != nil {
				return fail(s.next, "commit where a seal should be", nil)
			}
			if s.next == res.LastSeq+1 {
				return fail(s.next, "commit of an empty batch", nil)
			}
			if f.Seq != s.next-1 {
				return fail(s.next, fmt.Sprintf("commit has seq %d, want %d", f.Seq, s.next-1), nil)
			}
			if err := r.v.Commit(f.Seq, f.Payload); err != nil {
				return fail(f.Seq, "bad commit", err)
			}
			res.LastSeq, res.LastHead = f.Seq, f.Payload
			s.commit, s.commitEnd = f.Payload, s.off+n
			s.committedEnd = s.off + n
		case TypeSeal:
			if s.commit == nil || f.Seq != res.LastSeq || !bytes.Equal(f.Payload, s.commit) {
				return fail(s.next, "seal does not repeat the commit before it", nil)
			}
			s.commit = nil
			s.committedEnd = s.off + n
		case TypeLink:
			head := res.LastHead
			if head == nil {
				head = make([]byte, HeadSize)
			}
			if s.commit != nil || s.next != res.LastSeq+1 || f.Seq != s.next || !bytes.Equal(f.Payload, head) {
				return fail(s.next, "link does not follow a sealed commit, or names another sequence number or chain head", nil)
			}
			if !Unused(data[s.off+n:]) {
				return fail(s.next, "bytes after the link to the next segment", nil)
			}
			s.link = s.off
			s.off += n
			return s, nil
		}
		s.off += n
	}
	return s, nil
}

// peekVerified reads the header of the record frame at the start of b, if
// it is one, and reports whether the visitor has checked that frame
// (Visitor.Verified); if so, f and n are the frame and its size.
func (r *recovery) peekVerified(b []byte, f *Frame, n *int) bool {
	pf, pn, ok := PeekRecord(b)
	if !ok || len(pf.Payload) == 0 || !r.v.Verified(pf) {
		return false
	}
	*f, *n = pf, pn
	return true
}

// classifyTail (step 4) decides what the bytes after the last commit of the
// last segment are: nothing (a clean end), a torn tail, or damage in front
// of committed data.
func (r *recovery) classifyTail() error {
	s, res := r.last, r.res
	if s == nil {
		return nil // no segments
	}
	res.ActiveSize = int64(s.committedEnd)
	// The frames end at committedEnd; after the last byte that is not zero
	// (end) comes preallocated space.
	end := usedEnd(s.data, s.committedEnd)
	if end == s.committedEnd && s.commit == nil {
		return nil // clean end
	}
	// Bytes follow the last commit (or its seal): uncommitted records, a
	// torn frame, or damage. Committed data behind damaged bytes shows up as
	// a CRC-valid commit or seal with a later sequence number.
	if s.stopErr != nil {
		if at, ok := findLaterCommit(s.data[:end], s.off+1, res.LastSeq); ok && !tornInPlace(s.data[:end], s.committedEnd, at, res.LastSeq) {
			return r.corrupt(s.name, s.off, s.next, fmt.Sprintf("damaged frame before a valid commit at offset %d", at), s.stopErr)
		}
	}
	res.Tail = &Tail{Segment: s.name, Offset: int64(s.committedEnd), Bytes: int64(end - s.committedEnd)}
	return nil
}

// repairTail (step 5, read-write only) keeps a torn tail in a side file,
// cuts the segment back to its last commit, writes a seal if that commit
// lost its seal, and fsyncs.
func (r *recovery) repairTail() error {
	s, tail := r.last, r.res.Tail
	if tail == nil || r.readOnly {
		return nil
	}
	if tail.Bytes > 0 {
		tail.SideFile = fmt.Sprintf("%s.torn-%d", s.name, s.committedEnd)
		for k := 1; slices.Contains(r.names, tail.SideFile); k++ { // keep earlier cuts
			tail.SideFile = fmt.Sprintf("%s.torn-%d.%d", s.name, s.committedEnd, k)
		}
		if err := vfs.WriteFileAtomic(r.fsys, filepath.Join(r.dir, tail.SideFile), s.data[s.committedEnd:tail.Offset+tail.Bytes]); err != nil {
			return err
		}
	}
	f, err := r.fsys.OpenAppend(filepath.Join(r.dir, s.name))
	if err != nil {
		return err
	}
	err = f.Truncate(int64(s.committedEnd))
	if err == nil && s.commit != nil && s.committedEnd == s.commitEnd {
		_, err = f.Write(AppendFrame(nil, TypeSeal, r.res.LastSeq, s.commit))
		tail.Sealed = true
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if tail.Sealed {
		r.res.ActiveSize += FrameHeaderSize + HeadSize
	}
	return nil
}

// removeUnlinked (step 6, read-write only) removes the empty segment of an
// interrupted rotation: the segment before it is the active one again, and
// the next rotation creates it anew.
func (r *recovery) removeUnlinked() error {
	if r.res.Unlinked == "" || r.readOnly {
		return nil
	}
	if err := r.fsys.Remove(filepath.Join(r.dir, r.res.Unlinked)); err != nil {
		return err
	}
	return r.fsys.SyncDir(r.dir)
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
// end of the last good commit) to at (the first later commit), holds a
// sector that never left the preallocated state: a whole sector of zeros, or
// zeros from start to the end of start's sector. A bit flip or garbage leaves
// no such sector. (The near miss: a frame starting a byte or two before a
// sector boundary, whose length has zero low bytes, and damage elsewhere in
// its batch.)
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
	// The sector holding the commit at at was written. Any other sector the
	// batch wrote holds, if it was lost, its state before the batch: zeros
	// from start on. That is the part of start's sector from start on (the
	// bytes before start are earlier frames, which were durable), or a
	// whole sector further on.
	first := (start + SectorSize - 1) / SectorSize * SectorSize
	if first != start && first <= at && Unused(data[start:first]) {
		return true
	}
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
