package trace

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/kgents/kgents-core/trace/internal/faultfs"
	"github.com/kgents/kgents-core/trace/internal/wal"
)

// committedImage is a small durable ledger of three batches, closed cleanly:
// every frame in it is committed.
var committedImage = sync.OnceValues(func() ([]byte, []Digest) {
	fs := faultfs.New()
	d, err := Open(testDir, &OpenOptions{fs: fs})
	if err != nil {
		panic(err)
	}
	nodes := crashNodes()[:5]
	var wg sync.WaitGroup
	for _, n := range nodes[:2] {
		if err := d.Append(n); err != nil {
			panic(err)
		}
	}
	for _, n := range nodes[2:] {
		wg.Add(1)
		go func() { defer wg.Done(); _ = d.Append(n) }()
		wg.Wait()
	}
	ds := d.Digests()
	if err := d.Close(); err != nil || len(ds) != 5 {
		panic(fmt.Sprint("image: ", err, len(ds)))
	}
	b, _ := fs.Bytes(segPath(1))
	return b, ds
})

// preallocatedImage is the ledger of committedImage as a crash leaves it
// before Close: zero bytes (preallocated space; 256 of them here) follow the
// last seal.
var preallocatedImage = sync.OnceValues(func() ([]byte, []Digest) {
	fs := faultfs.New()
	d, err := Open(testDir, &OpenOptions{fs: fs})
	if err != nil {
		panic(err)
	}
	for _, n := range crashNodes()[:5] {
		if err := d.Append(n); err != nil {
			panic(err)
		}
	}
	ds := d.Digests()
	end := int(d.seg.Size())
	b, _ := fs.Image(faultfs.Tear{Keep: 0}).Bytes(segPath(1))
	if len(b) < end+256 || !wal.Unused(b[end:]) {
		panic("no preallocated space after the frames")
	}
	return b[:end+256], ds
})

// checkFlipIn flips one bit of the committed image and checks that the damage
// is detected: Open refuses with ErrCorrupt, or (for the trailing seal,
// which a torn write could also have damaged) reports and cuts a torn tail
// while every committed node survives with its digest. Nothing else is
// acceptable: a flip must never pass silently or lose a committed node.
func checkFlipIn(t *testing.T, image func() ([]byte, []Digest), off int, bit uint) {
	img, want := image()
	bad := slices.Clone(img)
	bad[off] ^= 1 << bit
	for _, readOnly := range []bool{false, true} {
		fs := faultfs.New()
		if err := fs.MkdirAll(testDir); err != nil {
			t.Fatal(err)
		}
		fs.SetBytes(segPath(1), bad)
		var l *Ledger
		var rec Recovery
		if readOnly {
			ll, r, err := openReadOnly(fs, testDir)
			if err != nil {
				t.Fatalf("offset %d bit %d: read-only open failed outright: %v", off, bit, err)
			}
			if r.Corrupt != nil {
				if !errors.Is(r.Corrupt, ErrCorrupt) || r.Corrupt.Offset > int64(off) {
					t.Fatalf("offset %d bit %d: corruption reported after the flip: %v", off, bit, r.Corrupt)
				}
				got := ll.Digests()
				if !slices.Equal(got, want[:len(got)]) {
					t.Fatalf("offset %d bit %d: read-only prefix differs", off, bit)
				}
				continue
			}
			l, rec = ll, *r
		} else {
			d, err := Open(testDir, &OpenOptions{fs: fs})
			if err != nil {
				if !errors.Is(err, ErrCorrupt) {
					t.Fatalf("offset %d bit %d: open failed but not as corruption: %v", off, bit, err)
				}
				continue
			}
			l, rec = d.Ledger, d.Recovery()
			defer d.Close()
		}
		if !rec.TornTail {
			t.Fatalf("offset %d bit %d (readOnly %v): the flip went undetected", off, bit, readOnly)
		}
		if !slices.Equal(l.Digests(), want) {
			t.Fatalf("offset %d bit %d: a committed node was lost or changed", off, bit)
		}
	}
}

func TestEveryBitFlipInACommittedLedgerIsDetected(t *testing.T) {
	step := 1
	if testing.Short() {
		step = 7
	}
	// A flip in the preallocated zeros of an open segment is a torn tail:
	// cut, with every committed node kept.
	for _, image := range []func() ([]byte, []Digest){committedImage, preallocatedImage} {
		img, _ := image()
		for off := 0; off < len(img); off += step {
			for bit := range uint(8) {
				checkFlipIn(t, image, off, bit)
			}
		}
	}
}

func FuzzBitFlip(f *testing.F) {
	f.Add(uint32(0), uint8(0))
	f.Add(uint32(40), uint8(3))
	f.Add(uint32(1<<31), uint8(7))
	f.Fuzz(func(t *testing.T, off uint32, bit uint8) {
		for _, image := range []func() ([]byte, []Digest){committedImage, preallocatedImage} {
			img, _ := image()
			checkFlipIn(t, image, int(off%uint32(len(img))), uint(bit%8))
		}
	})
}

// FuzzOpenArbitraryBytes opens a directory whose only segment holds
// arbitrary bytes: errors are fine, panics and inconsistent ledgers are not.
// Fuzz it with -fuzzminimizetime 200x (as .ci/fuzz does): go's default,
// minimizing each input that reaches new code for up to a minute, takes
// nearly all of this target's fuzzing time.
func FuzzOpenArbitraryBytes(f *testing.F) {
	img, _ := committedImage()
	f.Add(img)
	pre, _ := preallocatedImage()
	f.Add(pre)
	f.Add(img[:wal.HeaderSize])
	f.Add(img[:len(img)/2])
	f.Add([]byte("KGTRACE\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fs := faultfs.New()
		if err := fs.MkdirAll(testDir); err != nil {
			t.Fatal(err)
		}
		fs.SetBytes(segPath(1), data)
		if l, rec, err := openReadOnly(fs, testDir); err == nil && rec.Corrupt == nil {
			if err := l.Verify(); err != nil {
				t.Fatalf("read-only ledger fails Verify: %v", err)
			}
		}
		d, err := Open(testDir, &OpenOptions{fs: fs})
		if err != nil {
			return
		}
		if err := d.Verify(); err != nil {
			t.Fatalf("opened ledger fails Verify: %v", err)
		}
		if err := d.Append(New(Fields{ID: "fuzz-new"})); err != nil {
			t.Fatalf("opened ledger refuses an append: %v", err)
		}
		d.Close()
		d2, err := Open(testDir, &OpenOptions{fs: fs})
		if err != nil {
			t.Fatalf("reopen after repair: %v", err)
		}
		d2.Close()
	})
}

// FuzzDecodeRecord: the record decoder never panics, and what it accepts it
// re-encodes to the same bytes (the encoding is canonical). Decoding with an
// arena, after another record whose lists it may share, gives the same
// result, also when the arena copies the strings (and shares the fields
// that repeat the record before).
func FuzzDecodeRecord(f *testing.F) {
	for _, n := range crashNodes()[:3] {
		f.Add(appendRecord(nil, n))
	}
	agentese := appendRecord(nil, FromAgentese("a.b", "c", "", WitnessUmwelt(2), PhaseQA, map[string]any{"x": []any{1.5}}))
	f.Add(agentese)
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := decodeRecord(data, nil)
		var ar arena
		if _, err := decodeRecord(agentese, &ar); err != nil {
			t.Fatal(err)
		}
		if m, merr := decodeRecord(data, &ar); (err == nil) != (merr == nil) || err == nil && !m.Equal(n) {
			t.Fatalf("decoded with an arena: %v, %v; without: %v, %v", m, merr, n, err)
		}
		// As recovery decodes a mapped segment: strings copied, shared
		// with the node before where they repeat its fields.
		own := arena{own: new(ownStrings)}
		if _, err := decodeRecordString(string(agentese), &own); err != nil {
			t.Fatal(err)
		}
		if m, merr := decodeRecordString(string(data), &own); (err == nil) != (merr == nil) || err == nil && !m.Equal(n) {
			t.Fatalf("decoded copying its strings: %v, %v; aliasing them: %v, %v", m, merr, n, err)
		}
		if err != nil {
			return
		}
		if got := appendRecord(nil, n); string(got) != string(data) {
			t.Fatalf("record re-encodes differently:\n in %x\nout %x", data, got)
		}
	})
}

// TestFuzzSeedsAreCurrent checks that the seed corpus in testdata/fuzz is
// what the current format produces (so the fuzz targets start from valid
// ledgers, not stale bytes), and rewrites it when KGENTS_WRITE_SEEDS is set.
func TestFuzzSeedsAreCurrent(t *testing.T) {
	regenerate := os.Getenv("KGENTS_WRITE_SEEDS") != ""
	img, _ := committedImage()
	write := func(target, name, body string) {
		dir := filepath.Join("testdata", "fuzz", target)
		want := []byte("go test fuzz v1\n" + body + "\n")
		if !regenerate {
			if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s/%s is missing or stale (%v): run KGENTS_WRITE_SEEDS=1 go test -run TestFuzzSeedsAreCurrent ./trace/", dir, name, err)
			}
			return
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("FuzzOpenArbitraryBytes", "committed", fmt.Sprintf("[]byte(%q)", img))
	write("FuzzOpenArbitraryBytes", "torn", fmt.Sprintf("[]byte(%q)", img[:len(img)-20]))
	write("FuzzOpenArbitraryBytes", "header-only", fmt.Sprintf("[]byte(%q)", img[:wal.HeaderSize]))
	write("FuzzBitFlip", "in-first-record", "uint32(60)\nuint8(2)")
	write("FuzzBitFlip", "in-last-seal", fmt.Sprintf("uint32(%d)\nuint8(5)", len(img)-3))
	write("FuzzBitFlip", "in-header", "uint32(20)\nuint8(0)")
	write("FuzzDecodeRecord", "witness", fmt.Sprintf("[]byte(%q)", appendRecord(nil, New(Fields{ // FromThought's node, with a fixed id and time
		ID: "trace-0a1b2c3d4e5f", Origin: "witness", Timestamp: at(1 << 40),
		Stimulus: StimulusFromEvent("git", "Event from git", "git"), Response: ThoughtResponse("x", []string{"a"}),
		Umwelt: WitnessUmwelt(1), Phase: PhaseSense, Tags: []string{"a"},
	}))))
	write("FuzzParseNode", "python-example", fmt.Sprintf("[]byte(%q)", pythonExample))
}
