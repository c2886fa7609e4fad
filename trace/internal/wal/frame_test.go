package wal

import (
	"bytes"
	"errors"
	"testing"
)

func TestFrameRoundTripAndDamage(t *testing.T) {
	f := AppendFrame(nil, TypeRecord, 7, []byte("payload"))
	got, n, err := DecodeFrame(append(f, 0xff))
	if err != nil || n != len(f) || got.Type != TypeRecord || got.Seq != 7 || string(got.Payload) != "payload" {
		t.Fatalf("decode = %+v %d %v", got, n, err)
	}
	for i := range f {
		for bit := range 8 {
			bad := bytes.Clone(f)
			bad[i] ^= 1 << bit
			if _, _, err := DecodeFrame(bad); err == nil {
				t.Fatalf("flip of bit %d at byte %d not detected", bit, i)
			}
		}
	}
	if _, _, err := DecodeFrame(f[:len(f)-1]); !errors.Is(err, ErrShort) {
		t.Fatalf("short frame: %v", err)
	}
	if _, _, err := DecodeFrame(AppendFrame(nil, TypeCommit, 1, []byte("short"))); !errors.Is(err, ErrPayload) {
		t.Fatalf("commit with a short head: %v", err)
	}
	if _, _, err := DecodeFrame(AppendFrame(nil, 9, 1, nil)); !errors.Is(err, ErrType) {
		t.Fatalf("unknown type: %v", err)
	}
	h := AppendHeader(nil, 42)
	if first, err := ParseHeader(h); err != nil || first != 42 || len(h) != HeaderSize {
		t.Fatalf("header: %d %v", first, err)
	}
	for i := range h {
		bad := bytes.Clone(h)
		bad[i] ^= 4
		if _, err := ParseHeader(bad); err == nil {
			t.Fatalf("header damage at byte %d not detected", i)
		}
	}
	for v, ok := range map[uint32]bool{0: false, 1: true, 2: true, 3: true, 4: false} {
		if _, err := ParseHeader(appendHeader(nil, 5, v)); (err == nil) != ok {
			t.Errorf("header of version %d: %v", v, err)
		}
	}
	if !Unused(make([]byte, 21)) || Unused(append(make([]byte, 20), 1)) || !Unused(nil) {
		t.Error("Unused is wrong")
	}
	if s, ok := ParseSegmentName(SegmentName(12)); !ok || s != 12 {
		t.Fatal("segment names do not round-trip")
	}
}

// FuzzDecodeFrame: the frame decoder never panics; what it accepts
// re-encodes to the same bytes, and PeekFrame and PeekRecord read the same
// header from it.
func FuzzDecodeFrame(f *testing.F) {
	f.Add(AppendFrame(nil, TypeRecord, 1, []byte("x")))
	f.Add(AppendFrame(nil, TypeCommit, 3, make([]byte, HeadSize)))
	f.Add([]byte{0xff, 0xff, 0xff, 0x7f})
	f.Fuzz(func(t *testing.T, data []byte) {
		fr, n, err := DecodeFrame(data)
		if err != nil {
			return
		}
		if typ, payload, m, ok := PeekFrame(data); !ok || typ != fr.Type || m != n || !bytes.Equal(payload, fr.Payload) {
			t.Fatalf("PeekFrame disagrees with DecodeFrame")
		}
		if pr, m, ok := PeekRecord(data); ok != (fr.Type == TypeRecord) || ok && (m != n || pr.Seq != fr.Seq || pr.CRC != fr.CRC || !bytes.Equal(pr.Payload, fr.Payload)) {
			t.Fatalf("PeekRecord disagrees with DecodeFrame")
		}
		if re := AppendFrame(nil, fr.Type, fr.Seq, fr.Payload); !bytes.Equal(re, data[:n]) {
			t.Fatalf("frame re-encodes differently")
		}
	})
}
