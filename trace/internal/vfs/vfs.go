// Package vfs is the narrow file-system interface the durable ledger uses, so
// that crash tests can swap the operating system for a file system that fails
// or tears writes (package faultfs).
//
// Files opened with Create or OpenAppend are append-only from the writer's
// point of view: Write always appends at the end (the OS implementation opens
// them with O_APPEND). Files opened with OpenRW are written with WriteAt.
package vfs

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
)

// File is an open file.
type File interface {
	// Write appends p at the end of the file (Create and OpenAppend only).
	Write(p []byte) (int, error)
	// WriteAt writes p at offset off, growing the file if needed (OpenRW
	// only).
	WriteAt(p []byte, off int64) (int, error)
	io.ReaderAt
	// Sync makes everything written so far durable (fsync).
	Sync() error
	// Datasync makes everything written so far durable, with the metadata
	// needed to read it back (the size) but not the rest (fdatasync).
	Datasync() error
	// Truncate cuts the file to size bytes.
	Truncate(size int64) error
	// Size returns the current size.
	Size() (int64, error)
	Close() error
}

// FS is a directory tree.
type FS interface {
	// Create creates or truncates a file for appending.
	Create(name string) (File, error)
	// OpenAppend opens an existing file for reading and appending.
	OpenAppend(name string) (File, error)
	// OpenRW opens an existing file for reading and for writing at offsets.
	OpenRW(name string) (File, error)
	// Open opens an existing file for reading.
	Open(name string) (File, error)
	// ReadDir lists the names in a directory.
	ReadDir(dir string) ([]string, error)
	Rename(oldname, newname string) error
	Remove(name string) error
	MkdirAll(dir string) error
	// SyncDir makes the directory's entries (creations, renames, removals)
	// durable.
	SyncDir(dir string) error
	// Lock takes an exclusive lock on a file, creating it if needed; it fails
	// at once if another holder has it.
	Lock(name string) (io.Closer, error)
}

// OS is the operating system's file system.
type OS struct{}

type osFile struct{ *os.File }

func (f osFile) Datasync() error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var serr error
	if err := rc.Control(func(fd uintptr) {
		for serr = syscall.Fdatasync(int(fd)); serr == syscall.EINTR; serr = syscall.Fdatasync(int(fd)) {
		}
	}); err != nil {
		return err
	}
	if serr != nil {
		return &os.PathError{Op: "fdatasync", Path: f.Name(), Err: serr}
	}
	return nil
}

func (f osFile) Size() (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// Create implements FS.
func (OS) Create(name string) (File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	return osFile{f}, nil
}

// OpenAppend implements FS.
func (OS) OpenAppend(name string) (File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		return nil, err
	}
	return osFile{f}, nil
}

// OpenRW implements FS.
func (OS) OpenRW(name string) (File, error) {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	return osFile{f}, nil
}

// Open implements FS.
func (OS) Open(name string) (File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return osFile{f}, nil
}

// ReadDir implements FS.
func (OS) ReadDir(dir string) ([]string, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.Name()
	}
	return names, nil
}

// Rename implements FS.
func (OS) Rename(oldname, newname string) error { return os.Rename(oldname, newname) }

// Remove implements FS.
func (OS) Remove(name string) error { return os.Remove(name) }

// MkdirAll implements FS.
func (OS) MkdirAll(dir string) error { return os.MkdirAll(dir, 0o755) }

// SyncDir implements FS.
func (OS) SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// ErrLocked is returned by Lock when another holder has the lock.
var ErrLocked = errors.New("locked by another process")

// Lock implements FS with flock(2).
func (OS) Lock(name string) (io.Closer, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, err
	}
	return f, nil // closing the file releases the lock
}

// WriteFileAtomic creates name with content crash-safely: it writes
// name+".tmp", fsyncs it, renames it to name and fsyncs the directory.
func WriteFileAtomic(fsys FS, name string, content []byte) error {
	tmp := name + ".tmp"
	f, err := fsys.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := f.Write(content); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := fsys.Rename(tmp, name); err != nil {
		return err
	}
	return fsys.SyncDir(filepath.Dir(name))
}

// ReadFile reads a whole file into a new buffer, which the caller owns. A
// file of parallelRead bytes or more is read in two halves at once, the
// second on another goroutine: a read from the page cache is a copy bound by
// the CPU, and recovery, the caller, has nothing else to do until it has the
// bytes (BENCHMARKS.md has the measurement).
func ReadFile(fsys FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size, err := f.Size()
	if err != nil {
		return nil, err
	}
	b := make([]byte, size)
	half, rest := size, chan error(nil)
	if size >= parallelRead {
		half, rest = size/2, make(chan error, 1)
		go func() { rest <- readFull(f, b[half:], half) }()
	}
	err = readFull(f, b[:half], 0)
	if rest != nil {
		if err2 := <-rest; err == nil {
			err = err2
		}
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

// parallelRead is the size from which ReadFile reads in two halves.
const parallelRead = 8 << 20

// readFull fills b from offset off of f.
func readFull(f File, b []byte, off int64) error {
	n, err := f.ReadAt(b, off)
	if err != nil && !(errors.Is(err, io.EOF) && n == len(b)) {
		return err
	}
	return nil
}
