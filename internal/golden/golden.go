// Package golden compares a test's output with a file kept in testdata,
// for tests that pin many messages or encodings byte for byte (the trace
// and covenant JSON decoders' errors, their encoders' bytes). A difference
// is reported at its first line, with both versions of that line, so that
// a change to one message out of a thousand reads as that message.
package golden

import (
	"os"
	"strings"
	"testing"
)

// Check compares got with the contents of the file at path. With update
// true it first rewrites the file from got, for a change meant to be seen.
func Check(t testing.TB, path, got string, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got == string(want) {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range min(len(gl), len(wl)) {
		if gl[i] != wl[i] {
			t.Fatalf("%s differs at line %d:\n got %s\nwant %s", path, i+1, gl[i], wl[i])
		}
	}
	t.Fatalf("%s: got %d lines, want %d", path, len(gl), len(wl))
}
