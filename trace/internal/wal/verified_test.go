package wal

import (
	"testing"

	"github.com/kgents/kgents-core/trace/internal/faultfs"
)

// The scan asks Visitor.Verified about record frames only, and takes a
// record frame that the visitor says it checked without checking its CRC
// again: a record whose CRC is wrong passes when the visitor vouches for
// it (as it may only when it checked a copy), and is corruption otherwise.
func TestRecoverSkipsTheCRCOfVerifiedRecords(t *testing.T) {
	for _, vouch := range []bool{false, true} {
		fs := faultfs.New()
		total := writeLedger(t, fs, 1, 3, 4)
		name := "/d/" + SegmentName(1)
		b, _ := fs.Bytes(name)
		// The last byte of the first record's payload: the CRC no longer
		// matches.
		_, n, err := DecodeFrame(b[HeaderSize:])
		if err != nil {
			t.Fatal(err)
		}
		b[HeaderSize+n-1] ^= 1
		fs.SetBytes(name, b)
		asked, records := 0, 0
		v := Visitor{
			Record: func(Frame) error { records++; return nil },
			Commit: func(uint64, []byte) error { return nil },
			Verified: func(f Frame) bool {
				if f.Type != TypeRecord {
					t.Errorf("asked about a frame of type %d", f.Type)
				}
				asked++
				return vouch
			},
		}
		res, err := Recover(fs, "/d", true, v)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case vouch && (res.Corrupt != nil || records != int(total) || asked != int(total)):
			t.Fatalf("vouched for: %d records, %d asked, corrupt %v", records, asked, res.Corrupt)
		case !vouch && (res.Corrupt == nil || res.Corrupt.Offset != HeaderSize || records != 0):
			t.Fatalf("not vouched for: %d records, corrupt %v", records, res.Corrupt)
		}
	}
}
