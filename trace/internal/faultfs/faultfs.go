// Package faultfs is an in-memory vfs.FS for crash tests. It remembers, for
// every file, what was written and what was fsynced, and for every directory
// which entries were made durable by SyncDir, so it can produce the disk a
// crash would leave behind: unsynced bytes dropped, kept, or the last write
// split at any point and the rest of it garbled. It can also fail any write
// (optionally after writing part of it) or sync on demand, and stop at a
// chosen operation as if the machine lost power there.
//
// The crash model is the one the ledger's doc.go assumes: synced bytes and
// synced directory entries survive intact. Of the bytes written since a
// file was last synced, those past its synced size (appended) survive as a
// prefix in write order, possibly followed by garbage; those written over
// bytes it already held (in place) survive by 512-byte sectors, each sector
// in any state it passed through since the sync, independently of the
// others (a sector is written whole: one holding both bytes in place and
// appended bytes that survive has its latest bytes in place). A file created or renamed and not yet synced may lose every
// unsynced write. Tear{Sectors: true} draws crashes from that whole model;
// the other Tear forms are simpler corners of it (a prefix of the writes).
package faultfs

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/kgents/kgents-core/trace/internal/vfs"
)

// ErrCrashed is returned by every operation after the crash point.
var ErrCrashed = errors.New("faultfs: machine crashed")

// ErrInjected is returned by injected write and sync failures.
var ErrInjected = errors.New("faultfs: injected failure")

// Op describes a mutating operation, for hooks and traces.
type Op struct {
	N    int    // 1-based count of mutating operations so far
	Kind string // create, write, sync, truncate, rename, remove, syncdir, mkdir
	Name string
	Len  int // bytes, for writes
}

// String prints the operation for traces: number, kind, file and length.
func (o Op) String() string {
	return fmt.Sprintf("#%d %s %s (%d)", o.N, o.Kind, filepath.Base(o.Name), o.Len)
}

type node struct {
	data      []byte
	synced    []byte
	unsynced  []wrote // writes since the last sync, in order
	truncated bool    // truncated since the last sync
}

// wrote is one write: its offset and the bytes written.
type wrote struct {
	off int
	b   []byte
}

// writeAt writes b at off in data, growing it with zeros if needed.
func writeAt(data []byte, off int, b []byte) []byte {
	if end := off + len(b); end > len(data) {
		data = append(data, make([]byte, end-len(data))...)
	}
	copy(data[off:], b)
	return data
}

// FS is an in-memory file system with crash and fault injection. The zero
// value is not usable; call New.
type FS struct {
	mu      sync.Mutex
	live    map[string]*node
	durable map[string]*node
	dirs    map[string]bool
	locks   map[string]bool
	ops     int
	trace   []Op

	crashAfter int // crash once this many mutating ops have completed; 0: never
	crashed    bool
	image      *FS // state frozen at the crash

	// FailWrite, when set, is asked before each write; returning n >= 0 makes
	// the write store only its first n bytes and fail with ErrInjected.
	FailWrite func(op Op) (n int, fail bool)
	// FailSync, when set, is asked before each file sync; true fails it with
	// ErrInjected and leaves the file unsynced.
	FailSync func(op Op) bool
	// Capacity, when positive, is the size of the disk in bytes: a write
	// that would make the files hold more stores the part that fits and
	// fails with syscall.ENOSPC, as a full disk does. Bytes written over
	// bytes a file already holds always fit.
	Capacity int
}

// usedLocked returns the bytes the files hold.
func (fs *FS) usedLocked() int {
	used := 0
	for _, n := range fs.live {
		used += len(n.data)
	}
	return used
}

// New returns an empty file system.
func New() *FS {
	return &FS{live: map[string]*node{}, durable: map[string]*node{}, dirs: map[string]bool{"/": true, ".": true}, locks: map[string]bool{}}
}

// CrashAfter makes the file system crash once n more mutating operations
// have completed: operation n+1 and everything after it fail with ErrCrashed,
// and Image returns the disk as of the crash.
func (fs *FS) CrashAfter(n int) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.crashAfter = fs.ops + n
	if n == 0 {
		fs.crashLocked()
	}
}

// Ops returns the number of mutating operations so far.
func (fs *FS) Ops() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.ops
}

// Trace returns the mutating operations so far.
func (fs *FS) Trace() []Op {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return slices.Clone(fs.trace)
}

// Crashed reports whether the crash point was reached.
func (fs *FS) Crashed() bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.crashed
}

func (fs *FS) crashLocked() {
	if fs.crashed {
		return
	}
	fs.crashed = true
	fs.image = fs.cloneLocked()
}

// cloneLocked copies the full state (live and durable).
func (fs *FS) cloneLocked() *FS {
	c := New()
	copies := map[*node]*node{}
	cp := func(n *node) *node {
		if m, ok := copies[n]; ok {
			return m
		}
		m := &node{data: slices.Clone(n.data), synced: slices.Clone(n.synced), unsynced: slices.Clone(n.unsynced), truncated: n.truncated}
		copies[n] = m
		return m
	}
	for k, v := range fs.live {
		c.live[k] = cp(v)
	}
	for k, v := range fs.durable {
		c.durable[k] = cp(v)
	}
	for k := range fs.dirs {
		c.dirs[k] = true
	}
	return c
}

// begin counts a mutating operation and applies the crash point.
func (fs *FS) begin(kind, name string, n int) (Op, error) {
	if fs.crashed {
		return Op{}, ErrCrashed
	}
	if fs.crashAfter > 0 && fs.ops >= fs.crashAfter {
		fs.crashLocked()
		return Op{}, ErrCrashed
	}
	fs.ops++
	op := Op{N: fs.ops, Kind: kind, Name: name, Len: n}
	fs.trace = append(fs.trace, op)
	return op, nil
}

// Tear says what a crash does to the unsynced bytes of each file.
type Tear struct {
	// Keep is how many unsynced bytes of the last write survive: -1 keeps
	// them all (and all earlier unsynced writes), 0 drops every unsynced byte.
	// A value k > 0 keeps earlier unsynced writes and the first k bytes of the
	// last one.
	Keep int
	// Garble fills the rest of the last write with random bytes instead of
	// dropping it.
	Garble bool
	Seed   uint64
	// Sectors draws a crash from the whole model instead (Keep is then
	// ignored): for every file, each 512-byte sector written in place keeps
	// one of the states it passed through since the last sync, chosen at
	// random, and the appended bytes keep a random prefix (garbage after it
	// if Garble). A file truncated since its last sync keeps either the
	// truncation and everything after it or none of it.
	Sectors bool
}

// SectorSize is the unit in which the model tears writes in place.
const SectorSize = 512

// sectorTear returns a crash image of n drawn from the whole model.
func (n *node) sectorTear(rng *rand.Rand, garble bool) []byte {
	if n.truncated {
		if rng.IntN(2) == 0 {
			return slices.Clone(n.data)
		}
		return slices.Clone(n.synced)
	}
	content := slices.Clone(n.synced)
	// Appended: a prefix of the bytes past the synced size.
	full := slices.Clone(n.synced)
	for _, w := range n.unsynced {
		full = writeAt(full, w.off, w.b)
	}
	extra := max(len(full)-len(n.synced), 0)
	keep := rng.IntN(extra + 1)
	// In place: each sector takes the first k of the writes that touched
	// it, k drawn from 0 to all of them; but the sector that holds both the
	// last synced bytes and appended ones is written whole, so if any of
	// its appended bytes survive, its bytes in place are the latest.
	boundary := -1
	if len(n.synced)%SectorSize != 0 && keep > 0 {
		boundary = len(n.synced) / SectorSize
	}
	touching := map[int][]int{}
	var sectors []int
	for wi, w := range n.unsynced {
		end := min(w.off+len(w.b), len(n.synced))
		for sec := w.off / SectorSize; sec*SectorSize < end; sec++ {
			if len(touching[sec]) == 0 {
				sectors = append(sectors, sec)
			}
			touching[sec] = append(touching[sec], wi)
		}
	}
	slices.Sort(sectors)
	for _, sec := range sectors {
		lo, hi := sec*SectorSize, min((sec+1)*SectorSize, len(n.synced))
		k := rng.IntN(len(touching[sec]) + 1)
		if sec == boundary {
			k = len(touching[sec])
		}
		for _, wi := range touching[sec][:k] {
			w := n.unsynced[wi]
			a, b := max(lo, w.off), min(hi, w.off+len(w.b))
			if a < b {
				copy(content[a:b], w.b[a-w.off:b-w.off])
			}
		}
	}
	content = append(content, full[len(n.synced):len(n.synced)+keep]...)
	if garble && keep < extra {
		for range rng.IntN(extra-keep) + 1 {
			content = append(content, byte(rng.Uint32()))
		}
	}
	return content
}

// Image returns the disk as a crash at this moment (or at the crash point, if
// it was reached) would leave it, torn as t says. The result is a fresh FS
// with no crash point.
func (fs *FS) Image(t Tear) *FS {
	fs.mu.Lock()
	src := fs.image
	if src == nil {
		src = fs.cloneLocked()
	}
	fs.mu.Unlock()
	rng := rand.New(rand.NewPCG(t.Seed, 99))
	out := New()
	for k := range src.dirs {
		out.dirs[k] = true
	}
	names := make([]string, 0, len(src.durable))
	for name := range src.durable {
		names = append(names, name)
	}
	sort.Strings(names) // the same seed tears the same way
	for _, name := range names {
		n := src.durable[name]
		var content []byte
		switch {
		case t.Sectors:
			content = n.sectorTear(rng, t.Garble)
		case n.truncated:
			if t.Keep < 0 {
				content = slices.Clone(n.data)
			} else {
				content = slices.Clone(n.synced)
			}
		case t.Keep < 0:
			content = slices.Clone(n.data)
		case t.Keep == 0 || len(n.unsynced) == 0:
			content = slices.Clone(n.synced)
		default:
			content = slices.Clone(n.synced)
			last := len(n.unsynced) - 1
			for _, w := range n.unsynced[:last] {
				content = writeAt(content, w.off, w.b)
			}
			w := n.unsynced[last]
			k := min(t.Keep, len(w.b))
			content = writeAt(content, w.off, w.b[:k])
			if t.Garble && k < len(w.b) {
				junk := make([]byte, len(w.b)-k)
				for i := range junk {
					junk[i] = byte(rng.Uint32())
				}
				content = writeAt(content, w.off+k, junk)
			}
		}
		out.durable[name] = &node{data: content, synced: slices.Clone(content)}
		out.live[name] = out.durable[name]
	}
	return out
}

// Files returns the names of the files that exist now, sorted.
func (fs *FS) Files() []string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var names []string
	for k := range fs.live {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// Bytes returns a copy of a file's current content.
func (fs *FS) Bytes(name string) ([]byte, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	n, ok := fs.live[filepath.Clean(name)]
	if !ok {
		return nil, false
	}
	return slices.Clone(n.data), true
}

// SetBytes replaces a file's content, durably (to simulate bit rot or
// tampering).
func (fs *FS) SetBytes(name string, b []byte) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	name = filepath.Clean(name)
	n := &node{data: slices.Clone(b), synced: slices.Clone(b)}
	fs.live[name], fs.durable[name] = n, n
}

type file struct {
	fs       *FS
	name     string
	n        *node
	writable bool
	rw       bool // opened with OpenRW: written with WriteAt
	closed   bool
}

func (fs *FS) open(name string, create, writable, rw bool) (vfs.File, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	name = filepath.Clean(name)
	if create {
		if _, err := fs.begin("create", name, 0); err != nil {
			return nil, err
		}
		if !fs.dirs[filepath.Dir(name)] {
			return nil, &fsError{"create", name, "no such directory"}
		}
		n := fs.live[name]
		if n == nil {
			n = &node{}
			fs.live[name] = n
		} else {
			n.data = n.data[:0]
			n.truncated = true
		}
		return &file{fs: fs, name: name, n: n, writable: true}, nil
	}
	if fs.crashed {
		return nil, ErrCrashed
	}
	n := fs.live[name]
	if n == nil {
		return nil, &fsError{"open", name, "file does not exist"}
	}
	return &file{fs: fs, name: name, n: n, writable: writable, rw: rw}, nil
}

type fsError struct{ op, name, why string }

func (e *fsError) Error() string { return "faultfs: " + e.op + " " + e.name + ": " + e.why }

// Create implements vfs.FS.
func (fs *FS) Create(name string) (vfs.File, error) { return fs.open(name, true, true, false) }

// OpenAppend implements vfs.FS.
func (fs *FS) OpenAppend(name string) (vfs.File, error) { return fs.open(name, false, true, false) }

// OpenRW implements vfs.FS.
func (fs *FS) OpenRW(name string) (vfs.File, error) { return fs.open(name, false, true, true) }

// Open implements vfs.FS.
func (fs *FS) Open(name string) (vfs.File, error) { return fs.open(name, false, false, false) }

// ReadDir implements vfs.FS.
func (fs *FS) ReadDir(dir string) ([]string, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.crashed {
		return nil, ErrCrashed
	}
	dir = filepath.Clean(dir)
	if !fs.dirs[dir] {
		return nil, &fsError{"readdir", dir, "no such directory"}
	}
	var names []string
	for k := range fs.live {
		if filepath.Dir(k) == dir {
			names = append(names, filepath.Base(k))
		}
	}
	sort.Strings(names)
	return names, nil
}

// Rename implements vfs.FS. The new name is durable only after SyncDir.
func (fs *FS) Rename(oldname, newname string) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	oldname, newname = filepath.Clean(oldname), filepath.Clean(newname)
	if _, err := fs.begin("rename", oldname+" -> "+filepath.Base(newname), 0); err != nil {
		return err
	}
	n := fs.live[oldname]
	if n == nil {
		return &fsError{"rename", oldname, "file does not exist"}
	}
	delete(fs.live, oldname)
	fs.live[newname] = n
	return nil
}

// Remove implements vfs.FS.
func (fs *FS) Remove(name string) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	name = filepath.Clean(name)
	if _, err := fs.begin("remove", name, 0); err != nil {
		return err
	}
	if fs.live[name] == nil {
		return &fsError{"remove", name, "file does not exist"}
	}
	delete(fs.live, name)
	return nil
}

// MkdirAll implements vfs.FS. Directories are durable at once.
func (fs *FS) MkdirAll(dir string) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if _, err := fs.begin("mkdir", dir, 0); err != nil {
		return err
	}
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		fs.dirs[d] = true
		if d == filepath.Dir(d) {
			break
		}
	}
	return nil
}

// SyncDir implements vfs.FS: the directory's live entries become durable.
func (fs *FS) SyncDir(dir string) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	dir = filepath.Clean(dir)
	if _, err := fs.begin("syncdir", dir, 0); err != nil {
		return err
	}
	for k := range fs.durable {
		if filepath.Dir(k) == dir {
			delete(fs.durable, k)
		}
	}
	for k, v := range fs.live {
		if filepath.Dir(k) == dir {
			fs.durable[k] = v
		}
	}
	return nil
}

// Lock implements vfs.FS.
func (fs *FS) Lock(name string) (io.Closer, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	name = filepath.Clean(name)
	if fs.locks[name] {
		return nil, vfs.ErrLocked
	}
	fs.locks[name] = true
	return closerFunc(func() error {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		delete(fs.locks, name)
		return nil
	}), nil
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

func (f *file) Write(p []byte) (int, error) {
	if f.rw {
		return 0, &fsError{"write", f.name, "file opened with OpenRW: use WriteAt"}
	}
	return f.writeAt(p, -1)
}

// WriteAt implements vfs.File.
func (f *file) WriteAt(p []byte, off int64) (int, error) {
	if !f.rw {
		return 0, &fsError{"write", f.name, "file not opened with OpenRW"}
	}
	if off < 0 {
		return 0, &fsError{"write", f.name, "negative offset"}
	}
	return f.writeAt(p, int(off))
}

// writeAt writes p at off, or appends it when off < 0.
func (f *file) writeAt(p []byte, off int) (int, error) {
	fs := f.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f.closed || !f.writable {
		return 0, &fsError{"write", f.name, "file not open for writing"}
	}
	op, err := fs.begin("write", f.name, len(p))
	if err != nil {
		return 0, err
	}
	n, fail := len(p), false
	if hook := fs.FailWrite; hook != nil {
		fs.mu.Unlock() // hooks may inspect the file system
		k, ok := hook(op)
		fs.mu.Lock()
		if ok {
			n, fail = min(max(k, 0), len(p)), true
		}
	}
	if off < 0 {
		off = len(f.n.data)
	}
	var full error
	if grow := off + n - len(f.n.data); fs.Capacity > 0 && grow > 0 && fs.usedLocked()+grow > fs.Capacity {
		n = max(min(n, len(f.n.data)-off+fs.Capacity-fs.usedLocked()), 0)
		full = &os.PathError{Op: "write", Path: f.name, Err: syscall.ENOSPC}
	}
	f.n.data = writeAt(f.n.data, off, p[:n])
	f.n.unsynced = append(f.n.unsynced, wrote{off, slices.Clone(p[:n])})
	if fail {
		return n, ErrInjected
	}
	return n, full
}

func (f *file) ReadAt(p []byte, off int64) (int, error) {
	fs := f.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if f.closed {
		return 0, &fsError{"read", f.name, "file closed"}
	}
	if off >= int64(len(f.n.data)) {
		return 0, io.EOF
	}
	n := copy(p, f.n.data[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (f *file) Sync() error {
	fs := f.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	op, err := fs.begin("sync", f.name, 0)
	if err != nil {
		return err
	}
	if hook := fs.FailSync; hook != nil {
		fs.mu.Unlock() // hooks may inspect the file system
		fail := hook(op)
		fs.mu.Lock()
		if fail {
			return ErrInjected
		}
	}
	f.n.synced = slices.Clone(f.n.data)
	f.n.unsynced = nil
	f.n.truncated = false
	return nil
}

// Datasync implements vfs.File; in this model it is Sync.
func (f *file) Datasync() error { return f.Sync() }

func (f *file) Truncate(size int64) error {
	fs := f.fs
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if _, err := fs.begin("truncate", f.name, int(size)); err != nil {
		return err
	}
	if size < int64(len(f.n.data)) {
		f.n.data = f.n.data[:size]
		f.n.truncated = true
	}
	return nil
}

func (f *file) Size() (int64, error) {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	return int64(len(f.n.data)), nil
}

func (f *file) Close() error {
	f.fs.mu.Lock()
	defer f.fs.mu.Unlock()
	f.closed = true
	return nil
}

// Describe lists the files and their sizes, for test failure messages.
func (fs *FS) Describe() string {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var b strings.Builder
	var names []string
	for k := range fs.live {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		n := fs.live[k]
		fmt.Fprintf(&b, "%s: %d bytes (%d synced)\n", k, len(n.data), len(n.synced))
	}
	return b.String()
}
