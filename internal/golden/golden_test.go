package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that records a fatal failure instead of ending
// the test, so that Check's failures can be asserted.
type recorder struct {
	testing.TB
	msg string
}

func (r *recorder) Helper() {}

func (r *recorder) Fatalf(format string, args ...any) {
	r.msg = fmt.Sprintf(format, args...)
	panic(r)
}

func (r *recorder) Fatal(args ...any) { r.Fatalf("%s", fmt.Sprint(args...)) }

func check(t *testing.T, path, got string, update bool) (msg string) {
	r := &recorder{TB: t}
	defer func() {
		if p := recover(); p != nil && p != r {
			panic(p)
		}
		msg = r.msg
	}()
	Check(r, path, got, update)
	return ""
}

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "golden.txt")
	if err := os.WriteFile(path, []byte("a\nb\nc"), 0o644); err != nil {
		t.Fatal(err)
	}
	if msg := check(t, path, "a\nb\nc", false); msg != "" {
		t.Errorf("equal: %s", msg)
	}
	if msg := check(t, path, "a\nB\nc", false); !strings.Contains(msg, "differs at line 2:\n got B\nwant b") {
		t.Errorf("line 2 differs: %q", msg)
	}
	if msg := check(t, path, "a\nb", false); !strings.Contains(msg, "got 2 lines, want 3") {
		t.Errorf("shorter: %q", msg)
	}
	if msg := check(t, path, "new", true); msg != "" {
		t.Errorf("update: %s", msg)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("update wrote %q", b)
	}
}
