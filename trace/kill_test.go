package trace

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestKillDuringAppends kills a real process (SIGKILL) while it appends to a
// ledger on disk, then recovers: every append the child reported as
// acknowledged is there, and the ledger is a prefix of what it issued.
func TestKillDuringAppends(t *testing.T) {
	if dir := os.Getenv("KGENTS_TRACE_KILL_CHILD"); dir != "" {
		killChild(dir)
		return
	}
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	for round := range 3 {
		dir := filepath.Join(t.TempDir(), "ledger")
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringAppends$")
		cmd.Env = append(os.Environ(), "KGENTS_TRACE_KILL_CHILD="+dir)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		acked, want := 0, 100+round*150
		sc := bufio.NewScanner(out)
		for acked < want && sc.Scan() {
			acked++
		}
		if acked < want {
			cmd.Process.Kill()
			t.Fatalf("round %d: the child stopped after %d appends", round, acked)
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		for sc.Scan() { // acknowledgements already in the pipe
			acked++
		}
		_ = cmd.Wait()
		time.Sleep(10 * time.Millisecond)

		d, err := Open(dir, nil)
		if err != nil {
			t.Fatalf("round %d: recovery after kill -9: %v", round, err)
		}
		ids := d.IDs()
		for i, id := range ids {
			if id != killID(i) {
				t.Fatalf("round %d: node %d is %s, not a prefix of the issued appends", round, i, id)
			}
		}
		if len(ids) < acked {
			t.Fatalf("round %d: %d acknowledged, %d recovered", round, acked, len(ids))
		}
		if err := d.Verify(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: killed after %d acknowledgements, recovered %d nodes, torn tail %v",
			round, acked, len(ids), d.Recovery().TornTail)
		d.Close()
	}
}

func killID(i int) string { return fmt.Sprintf("trace-%012d", i) }

// killChild appends until it is killed, printing each acknowledged id.
func killChild(dir string) {
	d, err := Open(dir, &OpenOptions{SegmentSize: 64 << 10})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	w := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		f := Fields{ID: killID(i), Timestamp: epoch.Add(time.Duration(i+1) * time.Microsecond), Origin: "child"}
		if i > 0 {
			f.Links = []Link{NewLink(killID(i-1), f.ID, Causes, nil)}
		}
		if err := d.Append(New(f)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Fprintln(w, f.ID)
		w.Flush()
	}
}
