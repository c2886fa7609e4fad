package faultfs

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func write(t *testing.T, fs *FS, name string, chunks ...string) {
	t.Helper()
	f, err := fs.OpenAppend(name)
	if err != nil {
		f, err = fs.Create(name)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range chunks {
		if _, err := f.Write([]byte(c)); err != nil {
			t.Fatal(err)
		}
	}
}

func content(t *testing.T, fs *FS, name string) string {
	t.Helper()
	b, ok := fs.Bytes(name)
	if !ok {
		return "<missing>"
	}
	return string(b)
}

func TestCrashImagesFollowTheDiskModel(t *testing.T) {
	fs := New()
	if err := fs.MkdirAll("/d"); err != nil {
		t.Fatal(err)
	}
	write(t, fs, "/d/f", "synced")
	f, _ := fs.OpenAppend("/d/f")
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	// A file whose name was never made durable vanishes.
	write(t, fs, "/d/new", "x")
	if err := fs.SyncDir("/d"); err != nil {
		t.Fatal(err)
	}
	write(t, fs, "/d/lost", "y")
	write(t, fs, "/d/f", "-one", "-two")

	for _, tc := range []struct {
		tear Tear
		want string
	}{
		{Tear{Keep: 0}, "synced"},
		{Tear{Keep: -1}, "synced-one-two"},
		{Tear{Keep: 2}, "synced-one-t"},
		{Tear{Keep: 100}, "synced-one-two"},
	} {
		img := fs.Image(tc.tear)
		if got := content(t, img, "/d/f"); got != tc.want {
			t.Errorf("tear %+v: %q, want %q", tc.tear, got, tc.want)
		}
		if content(t, img, "/d/lost") != "<missing>" || content(t, img, "/d/new") == "<missing>" {
			t.Errorf("tear %+v: directory entries wrong: %v", tc.tear, img.Files())
		}
	}
	g := content(t, fs.Image(Tear{Keep: 2, Garble: true, Seed: 1}), "/d/f")
	if len(g) != len("synced-one-two") || g[:len("synced-one-t")] != "synced-one-t" || g == "synced-one-two" {
		t.Errorf("garbled image %q", g)
	}
}

func TestRenameIsDurableOnlyAfterSyncDir(t *testing.T) {
	fs := New()
	_ = fs.MkdirAll("/d")
	write(t, fs, "/d/a.tmp", "hdr")
	f, _ := fs.OpenAppend("/d/a.tmp")
	_ = f.Sync()
	if err := fs.Rename("/d/a.tmp", "/d/a"); err != nil {
		t.Fatal(err)
	}
	if got := fs.Image(Tear{Keep: -1}).Files(); len(got) != 0 {
		t.Fatalf("before SyncDir the crash image has %v", got)
	}
	_ = fs.SyncDir("/d")
	if got := content(t, fs.Image(Tear{Keep: 0}), "/d/a"); got != "hdr" {
		t.Fatalf("after SyncDir: %q", got)
	}
}

func TestCrashPointAndInjectedFailures(t *testing.T) {
	fs := New()
	_ = fs.MkdirAll("/d")
	fs.CrashAfter(2) // create, write; the sync crashes
	write(t, fs, "/d/f", "abc")
	f, _ := fs.OpenAppend("/d/f")
	if err := f.Sync(); !errors.Is(err, ErrCrashed) || !fs.Crashed() {
		t.Fatalf("sync after the crash point: %v", err)
	}
	if _, err := f.Write([]byte("more")); !errors.Is(err, ErrCrashed) {
		t.Fatalf("write after the crash: %v", err)
	}
	if got := content(t, fs.Image(Tear{Keep: -1}), "/d/f"); got != "<missing>" {
		t.Fatalf("file never synced into its directory survived: %q", got)
	}

	fs2 := New()
	_ = fs2.MkdirAll("/d")
	fs2.FailWrite = func(op Op) (int, bool) { return 2, op.Len > 3 }
	g, _ := fs2.Create("/d/g")
	if _, err := g.Write([]byte("ok")); err != nil {
		t.Fatal(err)
	}
	if n, err := g.Write([]byte("torn")); n != 2 || !errors.Is(err, ErrInjected) {
		t.Fatalf("short write: %d %v", n, err)
	}
	fs2.FailSync = func(Op) bool { return true }
	if err := g.Sync(); !errors.Is(err, ErrInjected) {
		t.Fatalf("sync: %v", err)
	}
	if b, _ := fs2.Bytes("/d/g"); !bytes.Equal(b, []byte("okto")) {
		t.Fatalf("content %q", b)
	}
}

// TestWritesAtOffsetsTearInOrder: writes over preallocated zeros follow the
// same model as appends: a prefix of them, in write order, survives.
func TestWritesAtOffsetsTearInOrder(t *testing.T) {
	fs := New()
	_ = fs.MkdirAll("/d")
	write(t, fs, "/d/f", "hdr.......") // ten bytes, then synced
	f, _ := fs.OpenRW("/d/f")
	if err := f.Sync(); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("x")); err == nil {
		t.Fatal("Write on an OpenRW file")
	}
	_ = fs.SyncDir("/d")
	if _, err := f.WriteAt([]byte("ab"), 3); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("cdef"), 12); err != nil { // past the end: a gap of zeros
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tear Tear
		want string
	}{
		{Tear{Keep: 0}, "hdr......."},
		{Tear{Keep: -1}, "hdrab.....\x00\x00cdef"},
		{Tear{Keep: 1}, "hdrab.....\x00\x00c"},
		{Tear{Keep: 9}, "hdrab.....\x00\x00cdef"},
	} {
		if got := content(t, fs.Image(tc.tear), "/d/f"); got != tc.want {
			t.Errorf("tear %+v: %q, want %q", tc.tear, got, tc.want)
		}
	}
	g := content(t, fs.Image(Tear{Keep: 1, Garble: true, Seed: 3}), "/d/f")
	if len(g) != 16 || g[:13] != "hdrab.....\x00\x00c" || g[13:] == "def" {
		t.Errorf("garbled image %q", g)
	}
	if err := f.Datasync(); err != nil {
		t.Fatal(err)
	}
	if got := content(t, fs.Image(Tear{Keep: 0}), "/d/f"); got != "hdrab.....\x00\x00cdef" {
		t.Errorf("after Datasync: %q", got)
	}
}

// Tear{Sectors: true} keeps each sector written in place in one of the
// states it passed through, independently of the other sectors, and a
// prefix of the appended bytes; over seeds it reaches every combination.
func TestSectorTearsReachEverySubset(t *testing.T) {
	fs := New()
	if err := fs.MkdirAll("/d"); err != nil {
		t.Fatal(err)
	}
	f, _ := fs.Create("/d/f")
	f.Write(make([]byte, 4*SectorSize))
	f.Sync()
	fs.SyncDir("/d")
	g, _ := fs.OpenRW("/d/f")
	// One write over sectors 0-3, a second over the start of sector 0
	// again, and an append past the synced size.
	g.WriteAt(bytes.Repeat([]byte{'a'}, 4*SectorSize-20), 10)
	g.WriteAt(bytes.Repeat([]byte{'b'}, 5), 0)
	g.WriteAt([]byte("appended"), 4*SectorSize)

	subsets := map[int]bool{}
	tails := map[string]bool{}
	for seed := range uint64(400) {
		img := fs.Image(Tear{Sectors: true, Seed: seed})
		b, _ := img.Bytes("/d/f")
		mask := 0
		for sec := range 4 {
			s := b[sec*SectorSize : (sec+1)*SectorSize]
			switch {
			case sec == 0 && s[0] == 'b' && s[10] == 'a':
				mask |= 1 << sec // both writes
			case sec == 0 && s[0] == 'b':
				t.Fatalf("seed %d: sector 0 has the second write without the first", seed)
			case sec == 0 && s[0] == 0 && s[10] == 'a', sec > 0 && s[0] == 'a':
				mask |= 1 << sec
			case bytes.Count(s, []byte{0}) != len(s):
				t.Fatalf("seed %d: sector %d is torn inside: %q", seed, sec, s)
			}
		}
		subsets[mask] = true
		tail := string(b[4*SectorSize:])
		if !strings.HasPrefix("appended", tail) {
			t.Fatalf("seed %d: appended bytes %q are not a prefix", seed, tail)
		}
		tails[tail] = true
	}
	if len(subsets) != 16 || len(tails) < 5 {
		t.Fatalf("reached %d of 16 sector subsets and %d appended prefixes", len(subsets), len(tails))
	}
}
