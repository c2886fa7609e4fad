package trace

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kgents/kgents-core/trace/internal/vfs"
	"github.com/kgents/kgents-core/trace/internal/wal"
)

// BenchmarkGroupCommitFloor is the durable workload of
// BenchmarkDurableProducers with none of the ledger's work: each producer
// hands a 256-byte record (about a benchmark node's frame) to a batch and
// waits for it, and one flusher writes the batch to a segment and
// fdatasyncs it as DurableLedger does, then wakes the batch's producers by
// closing one channel. There is no encoding, hashing, checking, chaining or
// indexing.
//
// It shows what the ledger's design of group commit allows on this host and
// disk before the ledger does any work: its nodes/s are a ceiling for
// DurableLedger's, and its cpu-ns/node is the share of a per-node CPU
// budget that the hand-off alone takes. Its flusher gathers as the ledger's
// does (waiting for as many calls as were in flight, up to half the last
// flush) but polls instead of parking, which favours latency over CPU. The
// split case does not gather: a batch is written as soon as the last flush
// ends, so that steady producers fall into two groups, one appending while
// the other's batch is flushed. Compare with BenchmarkDurableProducers in
// the same run (BENCHMARKS.md).
func BenchmarkGroupCommitFloor(b *testing.B) {
	for _, c := range []struct {
		producers int
		gather    bool
	}{{16, true}, {1024, true}, {1024, false}} {
		name := fmt.Sprintf("p=%d", c.producers)
		if !c.gather {
			name += "/split"
		}
		b.Run(name, func(b *testing.B) { benchFloor(b, c.producers, c.gather) })
	}
}

// floorRecord is the size of a record in BenchmarkGroupCommitFloor.
const floorRecord = 256

// floorBatch is a batch of the floor's group commit.
type floorBatch struct {
	buf   []byte
	calls int
	done  chan struct{}
}

// floorLedger is the group commit of DurableLedger, and nothing else.
type floorLedger struct {
	mu     sync.Mutex
	cond   *sync.Cond
	cur    *floorBatch
	queued atomic.Int32 // cur.calls, polled by the flusher without mu
	closed bool
	gather bool

	seg       *wal.Segment
	syncs     int
	synced    int
	flushTime time.Duration
	err       error
	done      chan struct{}
}

// append adds rec to the current batch and waits until the batch is durable.
func (f *floorLedger) append(rec []byte) {
	f.mu.Lock()
	b := f.cur
	b.buf = append(b.buf, rec...)
	b.calls++
	f.queued.Store(int32(b.calls))
	if b.calls == 1 {
		f.cond.Signal()
	}
	f.mu.Unlock()
	<-b.done
}

// flush is the flusher goroutine: it gathers, writes and fdatasyncs each
// batch, then wakes its producers.
func (f *floorLedger) flush() {
	defer close(f.done)
	var active int
	var delay time.Duration
	f.mu.Lock()
	for {
		for f.cur.calls == 0 && !f.closed {
			f.cond.Wait()
		}
		if f.cur.calls == 0 {
			f.mu.Unlock()
			return
		}
		// Gather: let the producers of the last batch join this one.
		if deadline := time.Now().Add(delay); f.gather && f.cur.calls < active {
			f.mu.Unlock()
			for int(f.queued.Load()) < active && time.Now().Before(deadline) {
				runtime.Gosched()
			}
			f.mu.Lock()
		}
		b := f.cur
		f.cur = &floorBatch{buf: make([]byte, 0, cap(b.buf)), done: make(chan struct{})}
		f.queued.Store(0)
		f.mu.Unlock()

		began := time.Now()
		err := f.seg.Write(b.buf)
		if err == nil {
			err = f.seg.Sync()
		}
		flushed := time.Since(began)

		f.mu.Lock()
		if err != nil && f.err == nil {
			f.err = err
		}
		f.syncs++
		f.synced += b.calls
		f.flushTime += flushed
		active, delay = b.calls+f.cur.calls, flushed/2
		close(b.done)
	}
}

func benchFloor(b *testing.B, producers int, gather bool) {
	dir := benchDir(b)
	seg, err := wal.CreateSegment(vfs.OS{}, dir, 1, 1<<40)
	if err != nil {
		b.Fatal(err)
	}
	f := &floorLedger{seg: seg, gather: gather, cur: &floorBatch{done: make(chan struct{})}, done: make(chan struct{})}
	f.cond = sync.NewCond(&f.mu)
	go f.flush()
	per := b.N/producers + 1
	recs := make([][]byte, producers)
	for p := range recs {
		recs[p] = make([]byte, floorRecord)
	}
	run := produce(b, producers, per, func(p, i int) (int, error) {
		recs[p][0] = byte(i)
		f.append(recs[p])
		return 1, nil
	})
	f.mu.Lock()
	f.closed = true
	f.cond.Signal()
	f.mu.Unlock()
	<-f.done
	if err := seg.Close(); err != nil {
		b.Fatal(err)
	}
	if f.err != nil {
		b.Fatal(f.err)
	}
	run.report(b, producers, f.syncs, f.synced, f.flushTime)
}
