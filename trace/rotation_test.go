package trace

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/kgents/kgents-core/trace/internal/faultfs"
)

// On a disk that fills up, at whatever point (a batch's frames, the zeros
// written ahead of them, the next segment at rotation, the link that ends a
// full segment), every append's answer matches what recovery finds: the
// acknowledged appends, exactly. The sticky error, which later appends and
// Close report, is the disk-full error that came first.
func TestDiskFullAnswersMatchRecovery(t *testing.T) {
	nodes := append(crashNodes(), randomNodes(rand.New(rand.NewPCG(15, 2)), 40)...)
	where := map[string]int{}
	for capacity := 200; capacity < 9000; capacity += 37 {
		fs := faultfs.New()
		fs.Capacity = capacity
		d, err := Open(testDir, &OpenOptions{fs: fs, SegmentSize: 700})
		if err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("capacity %d: open: %v", capacity, err)
			}
			continue
		}
		var acked []string
		var failed error
		for _, n := range nodes {
			if err := d.Append(n); err != nil {
				failed = err
				break
			}
			acked = append(acked, n.ID())
		}
		if failed == nil {
			d.Close()
			continue
		}
		if !errors.Is(failed, syscall.ENOSPC) {
			t.Fatalf("capacity %d: append failed with %v, want ENOSPC", capacity, failed)
		}
		switch {
		case strings.Contains(failed.Error(), ".tmp"):
			where["creating the next segment"]++
		case strings.Contains(failed.Error(), "was not written"):
			where["a batch's frames"]++
		default:
			where["linking the full segment"]++
		}
		if err := d.Append(nodes[len(nodes)-1]); !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("capacity %d: append after the failure: %v, want the first cause", capacity, err)
		}
		if err := d.Close(); !errors.Is(err, syscall.ENOSPC) || err.Error() != failed.Error() {
			t.Fatalf("capacity %d: Close says %v, want the first cause %v", capacity, err, failed)
		}
		d2, err := Open(testDir, &OpenOptions{fs: fs.Image(faultfs.Tear{Keep: -1})})
		if err != nil {
			t.Fatalf("capacity %d: reopen: %v", capacity, err)
		}
		if got := d2.IDs(); !slices.Equal(got, acked) {
			t.Fatalf("capacity %d: failed with %v; acknowledged %d appends, recovery finds %d", capacity, failed, len(acked), len(got))
		}
		d2.Close()
	}
	for _, w := range []string{"creating the next segment", "a batch's frames"} {
		if where[w] == 0 {
			t.Errorf("no capacity made the disk fill up while %s: %v", w, where)
		}
	}
	t.Logf("disk full while: %v", where)
}

// A segment ends with a link to the next one once that one exists, so
// deleting the last segments of a ledger is found, read-write and read-only,
// naming the segment that links to the missing one.
func TestDeletedLastSegmentsAreFound(t *testing.T) {
	for drop := 1; drop <= 3; drop++ {
		t.Run(fmt.Sprint(drop), func(t *testing.T) {
			fs := faultfs.New()
			d := openFS(t, fs, OpenOptions{SegmentSize: 600})
			appendAll(t, d, randomNodes(rand.New(rand.NewPCG(6, 6)), 60))
			d.Close()
			var segs []string
			for _, f := range fs.Files() {
				if strings.HasSuffix(f, ".seg") {
					segs = append(segs, f)
				}
			}
			for _, s := range segs[len(segs)-drop:] {
				if err := fs.Remove(s); err != nil {
					t.Fatal(err)
				}
			}
			_, err := Open(testDir, &OpenOptions{fs: fs})
			var ce *CorruptError
			if !errors.As(err, &ce) || ce.Segment != segs[len(segs)-drop-1] || !strings.Contains(err.Error(), "missing") {
				t.Fatalf("open without the last %d segments: %v", drop, err)
			}
			l, rec, err := openReadOnly(fs, testDir)
			if err != nil || rec.Corrupt == nil || l.Len() == 0 {
				t.Fatalf("read-only open without the last %d segments: %v, %+v", drop, err, rec)
			}
		})
	}
}
