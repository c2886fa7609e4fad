package observe

import (
	"errors"
	"os"
	"syscall"
	"testing"
)

// A device that refuses writes: the error reaches the writer's next
// writes and its Close, and the writer never blocks on it.
func TestAFailedBlockWriteFailsTheWritesAfterIt(t *testing.T) {
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skipf("no /dev/full: %v", err)
	}
	w := &Writer{f: f, fl: newFlusher(f, 1024), path: "/dev/full", max: 1 << 20, tail: appendTail(nil, "p", 1)}
	var werr error
	for range 10000 {
		if werr = w.Write(&Observation{Type: TestCase, Status: Passed, Representation: "x = 1"}); werr != nil {
			break
		}
	}
	cerr := w.Close()
	if !errors.Is(cerr, syscall.ENOSPC) {
		t.Errorf("Close = %v, want ENOSPC", cerr)
	}
	if werr == nil {
		t.Errorf("10000 writes to a full device all succeeded")
	}
}
