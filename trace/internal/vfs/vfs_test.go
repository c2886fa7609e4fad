package vfs

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// ReadFile returns a file's exact bytes, whether it reads it whole or in
// two halves at once.
func TestReadFileReadsEveryByte(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []int{0, 1, 4096, parallelRead - 1, parallelRead, parallelRead + 12345} {
		want := make([]byte, size)
		for i := range want {
			want[i] = byte(rng.Uint32())
		}
		name := filepath.Join(dir, "f")
		if err := os.WriteFile(name, want, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(OS{}, name)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("size %d: %d bytes, equal %v, error %v", size, len(got), bytes.Equal(got, want), err)
		}
	}
	if _, err := ReadFile(OS{}, filepath.Join(dir, "missing")); err == nil {
		t.Fatal("a missing file was read")
	}
}
