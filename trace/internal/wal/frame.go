// Package wal is the frame and segment layer of the durable trace ledger:
// segment headers, CRC-checked frames, crash-safe segment creation, appending,
// and recovery (scan, torn-tail detection and repair). It knows nothing about
// nodes: record payloads and commit heads are checked by callbacks. The byte
// layout is specified in the trace package's doc.go.
package wal

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"
)

// Sizes and limits of the format.
const (
	HeaderSize      = 32
	FrameHeaderSize = 17
	MaxPayload      = 16 << 20
	HeadSize        = 32 // payload of commit and seal frames
	Version         = 3  // written in new segments
	minVersion      = 1  // oldest version read (version 1 segments hold no preallocated space)
	linkedVersion   = 3  // from this version on, a segment that is not the last ends with a link frame
)

// Frame types.
const (
	TypeRecord byte = 1
	TypeCommit byte = 2
	TypeSeal   byte = 3
	TypeLink   byte = 4 // ends a full segment: the next segment exists
)

var magic = [8]byte{'K', 'G', 'T', 'R', 'A', 'C', 'E', 0}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Frame decoding errors.
var (
	ErrShort   = errors.New("frame runs past the end of the segment")
	ErrLength  = errors.New("frame length out of range")
	ErrCRC     = errors.New("frame CRC mismatch")
	ErrType    = errors.New("unknown frame type")
	ErrHeader  = errors.New("bad segment header")
	ErrPayload = errors.New("commit or seal payload is not 32 bytes")
)

// AppendHeader appends a segment header for a segment whose first record has
// sequence number firstSeq.
func AppendHeader(b []byte, firstSeq uint64) []byte { return appendHeader(b, firstSeq, Version) }

func appendHeader(b []byte, firstSeq uint64, version uint32) []byte {
	start := len(b)
	b = append(b, magic[:]...)
	b = binary.LittleEndian.AppendUint32(b, version)
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = binary.LittleEndian.AppendUint64(b, firstSeq)
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b[start:start+24], castagnoli))
	return binary.LittleEndian.AppendUint32(b, 0)
}

// ParseHeader checks a segment header and returns its first sequence number.
func ParseHeader(b []byte) (uint64, error) {
	first, _, err := parseHeader(b)
	return first, err
}

// parseHeader checks a segment header and returns its first sequence number
// and its format version.
func parseHeader(b []byte) (uint64, uint32, error) {
	if len(b) < HeaderSize {
		return 0, 0, fmt.Errorf("%w: %d bytes, want %d", ErrHeader, len(b), HeaderSize)
	}
	if string(b[:8]) != string(magic[:]) {
		return 0, 0, fmt.Errorf("%w: bad magic %q", ErrHeader, b[:8])
	}
	if crc32.Checksum(b[:24], castagnoli) != binary.LittleEndian.Uint32(b[24:28]) {
		return 0, 0, fmt.Errorf("%w: CRC mismatch", ErrHeader)
	}
	v := binary.LittleEndian.Uint32(b[8:12])
	if v < minVersion || v > Version {
		return 0, 0, fmt.Errorf("%w: version %d, want %d to %d", ErrHeader, v, minVersion, Version)
	}
	if binary.LittleEndian.Uint32(b[12:16]) != 0 || binary.LittleEndian.Uint32(b[28:32]) != 0 {
		return 0, 0, fmt.Errorf("%w: reserved bytes not zero", ErrHeader)
	}
	return binary.LittleEndian.Uint64(b[16:24]), v, nil
}

// AppendFrame appends one frame.
func AppendFrame(b []byte, typ byte, seq uint64, payload []byte) []byte {
	start := len(b)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(payload)))
	b = append(b, 0, 0, 0, 0, typ)
	b = binary.LittleEndian.AppendUint64(b, seq)
	b = append(b, payload...)
	binary.LittleEndian.PutUint32(b[start+4:], frameCRC(b[start:]))
	return b
}

// frameCRC computes the CRC of a whole frame (its CRC field excluded).
func frameCRC(f []byte) uint32 {
	c := crc32.Update(0, castagnoli, f[:4])
	return crc32.Update(c, castagnoli, f[8:])
}

// Frame is a decoded frame. Payload aliases the decoded buffer.
type Frame struct {
	Type    byte
	Seq     uint64
	Payload []byte
	CRC     uint32 // the frame's CRC, checked
}

// RecordCRC returns the CRC of the record frame with sequence number seq
// and payload p: the CRC a Frame decoded from it carries.
func RecordCRC(seq uint64, p []byte) uint32 {
	var h [FrameHeaderSize]byte
	binary.LittleEndian.PutUint32(h[:], uint32(len(p)))
	h[8] = TypeRecord
	binary.LittleEndian.PutUint64(h[9:], seq)
	c := crc32.Update(0, castagnoli, h[:4])
	c = crc32.Update(c, castagnoli, h[8:])
	return crc32.Update(c, castagnoli, p)
}

// PeekRecord reads the header of a record frame at the start of b and
// returns the frame and its size, checking that its length fits but not
// its CRC: for a reader that has checked the CRC of the same frame in a
// copy (Visitor.Verified). ok is false for anything but a record frame
// that fits in b.
func PeekRecord(b []byte) (f Frame, n int, ok bool) {
	if len(b) < FrameHeaderSize || b[8] != TypeRecord {
		return Frame{}, 0, false
	}
	l := binary.LittleEndian.Uint32(b)
	if l > MaxPayload || FrameHeaderSize+int(l) > len(b) {
		return Frame{}, 0, false
	}
	n = FrameHeaderSize + int(l)
	return Frame{Type: TypeRecord, Seq: binary.LittleEndian.Uint64(b[9:17]), Payload: b[FrameHeaderSize:n],
		CRC: binary.LittleEndian.Uint32(b[4:8])}, n, true
}

// DecodeFrame decodes the frame at the start of b and returns it with its
// size. It never panics; any malformation is an error.
func DecodeFrame(b []byte) (Frame, int, error) {
	if len(b) < FrameHeaderSize {
		return Frame{}, 0, ErrShort
	}
	l := binary.LittleEndian.Uint32(b)
	if l > MaxPayload {
		return Frame{}, 0, fmt.Errorf("%w: %d", ErrLength, l)
	}
	size := FrameHeaderSize + int(l)
	if size > len(b) {
		return Frame{}, 0, ErrShort
	}
	f := b[:size]
	if frameCRC(f) != binary.LittleEndian.Uint32(f[4:8]) {
		return Frame{}, 0, ErrCRC
	}
	fr := Frame{Type: f[8], Seq: binary.LittleEndian.Uint64(f[9:17]), Payload: f[FrameHeaderSize:], CRC: binary.LittleEndian.Uint32(f[4:8])}
	switch fr.Type {
	case TypeRecord:
	case TypeCommit, TypeSeal, TypeLink:
		if l != HeadSize {
			return Frame{}, 0, ErrPayload
		}
	default:
		return Frame{}, 0, fmt.Errorf("%w %d", ErrType, fr.Type)
	}
	return fr, size, nil
}

// Unused reports whether b is unused, preallocated space: all zero. A frame
// never starts with zero bytes throughout its header (its type is 1 to 4).
func Unused(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b) != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// UsedEnd returns the end of the bytes of b that are not zero: where the
// preallocated space at the end of a segment starts.
func UsedEnd(b []byte) int { return usedEnd(b, 0) }

// usedEnd returns the end of the bytes of b that are not zero, at least from.
func usedEnd(b []byte, from int) int {
	end := len(b)
	for end > from && end >= 8 && binary.LittleEndian.Uint64(b[end-8:]) == 0 {
		end -= 8
	}
	for end > from && b[end-1] == 0 {
		end--
	}
	return max(end, from)
}

// PeekFrame returns the type and payload of the frame at the start of b and
// its size, checking only that its length fits: not its CRC, type or
// payload. It is for reading ahead of a scan that decodes every frame with
// DecodeFrame.
func PeekFrame(b []byte) (typ byte, payload []byte, n int, ok bool) {
	if len(b) < FrameHeaderSize {
		return 0, nil, 0, false
	}
	l := binary.LittleEndian.Uint32(b)
	if l > MaxPayload || FrameHeaderSize+int(l) > len(b) {
		return 0, nil, 0, false
	}
	n = FrameHeaderSize + int(l)
	return b[8], b[FrameHeaderSize:n], n, true
}

// SegmentSuffix ends every segment file name.
const SegmentSuffix = ".seg"

// SegmentName returns the file name of the segment starting at firstSeq.
func SegmentName(firstSeq uint64) string { return fmt.Sprintf("%020d%s", firstSeq, SegmentSuffix) }

// ParseSegmentName returns the first sequence number a segment name claims.
func ParseSegmentName(name string) (uint64, bool) {
	digits, ok := strings.CutSuffix(name, SegmentSuffix)
	if !ok || len(digits) != 20 {
		return 0, false
	}
	v, err := strconv.ParseUint(digits, 10, 64)
	return v, err == nil
}
