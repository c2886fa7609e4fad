//go:build !linux

package vfs

// mapOS does not map on this platform: the caller reads the file.
func mapOS(string) (*Mapped, bool, error) { return nil, false, nil }

func unmap([]byte) error { return nil }
