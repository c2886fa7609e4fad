package vfs

// Mapped holds a file's bytes for reading: mapped into memory where the
// file system and platform allow it, otherwise read into a buffer.
//
// Mapping spares a reader of large files the copy out of the page cache and,
// more costly, the fresh memory the copy needs: every page of a new buffer
// must be faulted in and zeroed, while a mapping shares the page cache's
// pages. The price is the mapping's lifetime: the bytes are valid only until
// Release, so a reader must copy what it keeps; and if another process cuts
// the file while it is mapped, touching a page past the new end raises
// SIGBUS. A reader that may meet that sets debug.SetPanicOnFault on every
// goroutine that touches the bytes, and checks whether a fault's address
// is in them.
type Mapped struct {
	// Data is the file's bytes. They must not be modified: a mapping is
	// read-only, and writing to it faults.
	Data   []byte
	mapped bool
}

// MapFile returns the bytes of name, mapped if fsys is the operating
// system's file system on a platform that supports it, read otherwise.
func MapFile(fsys FS, name string) (*Mapped, error) {
	if _, ok := fsys.(OS); ok {
		if m, ok, err := mapOS(name); ok {
			return m, err
		}
	}
	b, err := ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	return &Mapped{Data: b}, nil
}

// IsMapped reports whether m's bytes are a mapping rather than a buffer.
func (m *Mapped) IsMapped() bool { return m != nil && m.mapped }

// Release unmaps m's bytes (nothing to do for a buffer). m.Data must not
// be used afterwards, nor anything that aliases it.
func (m *Mapped) Release() error {
	if m == nil || !m.mapped {
		return nil
	}
	m.mapped = false
	data := m.Data
	m.Data = nil
	return unmap(data)
}
