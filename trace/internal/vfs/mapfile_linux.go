package vfs

import (
	"os"
	"syscall"
)

// mapOS maps name read-only, with its pages populated at once (one system
// call rather than a fault per page). ok is false when the file cannot be
// mapped (empty, too large, or a file system without mmap), and the caller
// reads it instead.
func mapOS(name string) (m *Mapped, ok bool, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, true, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, true, err
	}
	size := st.Size()
	if size <= 0 || size != int64(int(size)) || !st.Mode().IsRegular() {
		return nil, false, nil
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED|syscall.MAP_POPULATE)
	if err != nil {
		return nil, false, nil
	}
	return &Mapped{Data: data, mapped: true}, true, nil
}

func unmap(data []byte) error { return syscall.Munmap(data) }
