package trace

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kgents/kgents-core/trace/internal/faultfs"
)

func TestCheckpointTextRoundTrip(t *testing.T) {
	l := buildLedger(t, randomNodes(rand.New(rand.NewPCG(1, 5)), 20))
	c := l.Checkpoint()
	b, err := c.MarshalText()
	if err != nil || !strings.HasPrefix(string(b), "kgents-trace-checkpoint/1 20 ") || len(b) > 100 {
		t.Fatalf("text form %q, %v", b, err)
	}
	var back Checkpoint
	if err := back.UnmarshalText(b); err != nil || back != c {
		t.Fatalf("read back %+v, %v; want %+v", back, err, c)
	}
	good := string(b)
	for _, bad := range []string{"", "kgents-trace-checkpoint/1 20", strings.Replace(good, "/1", "/2", 1),
		strings.Replace(good, " 20 ", " -1 ", 1), strings.Replace(good, " 20 ", " 020 ", 1), good[:len(good)-1],
		good[:len(good)-2] + "AB", good + " "} {
		if err := back.UnmarshalText([]byte(bad)); !errors.Is(err, ErrBadCheckpoint) {
			t.Errorf("%q: got %v, want ErrBadCheckpoint", bad, err)
		}
	}
}

// Every earlier checkpoint of a ledger verifies against it as it grows.
func TestCheckpointsOfAGrowingLedgerVerify(t *testing.T) {
	nodes := randomNodes(rand.New(rand.NewPCG(2, 5)), 60)
	l := NewLedger()
	var cps []Checkpoint
	for _, n := range nodes {
		cps = append(cps, l.Checkpoint())
		if err := l.Append(n); err != nil {
			t.Fatal(err)
		}
	}
	cps = append(cps, l.Checkpoint())
	for _, c := range cps {
		if err := l.VerifyCheckpoint(c); err != nil {
			t.Fatalf("checkpoint at %d: %v", c.Len, err)
		}
	}
}

// Truncating the last segment exactly at a batch boundary leaves a valid,
// shorter ledger that recovery cannot tell from one that never had the cut
// batches; an earlier checkpoint can, and names the first lost position.
// Rolling back and appending other nodes is a fork, named at the
// checkpoint's position.
func TestCheckpointFindsTruncationRollbackAndFork(t *testing.T) {
	fs := faultfs.New()
	d := openFS(t, fs, OpenOptions{})
	nodes := randomNodes(rand.New(rand.NewPCG(3, 5)), 30)
	appendAll(t, d, nodes[:10])
	seg, _ := fs.Bytes(segPath(1))
	cut := len(seg)
	for len(seg) > 0 && seg[cut-1] == 0 { // the end of the frames: before the preallocated zeros
		cut--
	}
	appendAll(t, d, nodes[10:20])
	c := d.Checkpoint()
	d.Close()

	seg, _ = fs.Bytes(segPath(1))
	fs.SetBytes(segPath(1), seg[:cut])
	d2 := openFS(t, fs, OpenOptions{})
	if d2.Len() != 10 || d2.Recovery().TornTail || d2.Recovery().Corrupt != nil {
		t.Fatalf("the cut is not at a batch boundary: %d nodes, %+v", d2.Len(), d2.Recovery())
	}
	err := d2.VerifyCheckpoint(c)
	var ce *CheckpointError
	if !errors.As(err, &ce) || !ce.Truncated || ce.Seq != 11 || !errors.Is(err, ErrCheckpoint) {
		t.Fatalf("truncated ledger against the checkpoint: %v", err)
	}

	// The rolled-back ledger takes other nodes: same length, another history.
	other := randomNodes(rand.New(rand.NewPCG(4, 5)), 30)
	for i, n := range other[:10] {
		f := Fields{ID: "fork-" + n.ID(), Timestamp: nodes[10+i].Timestamp()}
		if err := d2.Append(New(f)); err != nil {
			t.Fatal(err)
		}
	}
	err = d2.VerifyCheckpoint(c)
	if !errors.As(err, &ce) || ce.Truncated || ce.Seq != 20 || ce.Head == c.Head || !strings.Contains(err.Error(), "fork") {
		t.Fatalf("forked ledger against the checkpoint: %v", err)
	}
	d2.Close()
}

// FuzzCheckpointText: reading a checkpoint's text never panics; what it
// accepts is exactly the text form it would write (one spelling per
// checkpoint, so two checkpoints are equal when their lines are), and
// anything else is ErrBadCheckpoint.
func FuzzCheckpointText(f *testing.F) {
	good := Checkpoint{Len: 20, Head: Digest{1, 2, 3}}.String()
	for _, s := range []string{good, "kgents-trace-checkpoint/1 0 " + strings.Repeat("0", 64), "",
		"kgents-trace-checkpoint/1 20", strings.Replace(good, " 20 ", " 020 ", 1), strings.Replace(good, " 20 ", " -1 ", 1),
		strings.ToUpper(good), good + "\n", "kgents-trace-checkpoint/1 99999999999999999999 " + strings.Repeat("a", 64)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Checkpoint
		err := c.UnmarshalText(b)
		if err != nil {
			if !errors.Is(err, ErrBadCheckpoint) {
				t.Fatalf("%q: error %v does not match ErrBadCheckpoint", b, err)
			}
			return
		}
		if c.String() != string(b) {
			t.Fatalf("%q read as %+v, which writes %q", b, c, c.String())
		}
	})
}
