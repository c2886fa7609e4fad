package trace

import (
	"cmp"
	"fmt"
	"runtime"
	"time"

	"github.com/kgents/kgents-core/trace/internal/index"
	"github.com/kgents/kgents-core/trace/internal/wal"
)

// This file holds group commit: appends gather into batches, and one
// flusher goroutine writes each batch, fsyncs it, acknowledges its appends
// and rotates full segments (doc.go, "Durable ledgers").

type batch struct {
	staged
	pend      []pendingNode // backing store of the pend entries of the batch
	buf       []byte
	head      Digest
	lastSeq   uint64
	forceSync bool
	calls     int // the Append and AppendAll calls waiting for this batch
	ack       *ack
}

// ack is how the appends of a batch learn its outcome: done is closed when
// err is set. It is apart from the batch because the flusher reuses a
// batch's slices once it is acknowledged, while its producers may still be
// on their way to reading err.
type ack struct {
	done chan struct{}
	err  error
}

// newBatch returns an empty batch with room for the nodes and bytes of the
// last one, so that appends do not grow its slices under the lock.
func newBatch(nodes, bytes int) *batch {
	return &batch{ack: &ack{done: make(chan struct{})}, staged: newStaged(nodes),
		pend: make([]pendingNode, 0, nodes), buf: make([]byte, 0, bytes)}
}

// maxReusedBuf bounds the write buffer a batch keeps for reuse, so that one
// batch of huge records does not pin its buffer for the ledger's lifetime.
const maxReusedBuf = 1 << 20

// reuse empties an acknowledged batch for the flusher to fill again, with
// the room it already has, so that the flusher allocates nothing but the ack
// between an fsync and the next write.
func (b *batch) reuse() *batch {
	b.staged.reset()
	b.pend, b.buf = b.pend[:0], b.buf[:0] // pendingNode holds no pointers: nothing to clear
	b.head, b.lastSeq, b.forceSync, b.calls = Digest{}, 0, false, 0
	b.ack = &ack{done: make(chan struct{})}
	return b
}

// batchMark is what a batch held at one moment, for rollback.
type batchMark struct {
	nodes, srcs, pend, buf int
	head                   Digest
	lastSeq                uint64
}

func (b *batch) mark() batchMark {
	return batchMark{nodes: len(b.nodes), srcs: len(b.srcs), pend: len(b.pend), buf: len(b.buf), head: b.head, lastSeq: b.lastSeq}
}

// rollback takes the batch back to what it held at m: nodes staged since
// are dropped (a refused AppendAll).
func (b *batch) rollback(m batchMark) {
	clear(b.nodes[m.nodes:])
	b.nodes, b.digests, b.probes = b.nodes[:m.nodes], b.digests[:m.nodes], b.probes[:m.nodes]
	b.srcs, b.pend, b.buf = b.srcs[:m.srcs], b.pend[:m.pend], b.buf[:m.buf]
	b.head, b.lastSeq = m.head, m.lastSeq
}

// staged holds checked nodes, in order, with what inserting them into the
// ledger needs: their digests, their links' source positions (-1 for plan
// links; concatenated) and their id hashes.
type staged struct {
	nodes   []*TraceNode
	digests []Digest
	srcs    []int32
	probes  []index.Probe
}

func newStaged(n int) staged {
	return staged{nodes: make([]*TraceNode, 0, n), digests: make([]Digest, 0, n),
		srcs: make([]int32, 0, n), probes: make([]index.Probe, 0, n)}
}

func (s *staged) add(n *TraceNode, dg Digest, srcs []int32, probe index.Probe) {
	s.digests = append(s.digests, dg)
	s.addChecked(n, srcs, probe)
}

// addChecked is add for a node whose digest the caller appended to digests.
func (s *staged) addChecked(n *TraceNode, srcs []int32, probe index.Probe) {
	s.nodes = append(s.nodes, n)
	s.srcs, s.probes = append(s.srcs, srcs...), append(s.probes, probe)
}

func (s *staged) reset() {
	clear(s.nodes) // let the garbage collector have nodes that readers dropped
	s.nodes, s.digests, s.srcs, s.probes = s.nodes[:0], s.digests[:0], s.srcs[:0], s.probes[:0]
}

func (d *DurableLedger) ticker() {
	t := time.NewTicker(d.opts.Interval)
	defer t.Stop()
	for {
		select {
		case <-d.tickerStop:
			return
		case <-t.C:
			d.mu.Lock()
			dirty := d.dirty
			d.mu.Unlock()
			if dirty {
				_ = d.Sync() // a failure is sticky and reported by the next call
			}
		}
	}
}

// flusher writes batches. It alone touches d.seg while the ledger is open.
func (d *DurableLedger) flusher() {
	defer close(d.flusherDone)
	var spare *batch // the last acknowledged batch, to be reused
	d.mu.Lock()
	for {
		for len(d.cur.nodes) == 0 && !d.cur.forceSync && !d.closed {
			d.cond.Wait()
		}
		d.gather()
		b := d.cur
		if len(b.nodes) == 0 && !b.forceSync {
			d.mu.Unlock()
			return // closed and drained
		}
		d.queued.Store(0)
		d.hurry.Store(d.closed)
		if spare != nil && cap(spare.buf) <= maxReusedBuf {
			d.cur, spare = spare.reuse(), nil
		} else {
			d.cur = newBatch(len(b.nodes), len(b.buf)+2*(wal.FrameHeaderSize+wal.HeadSize))
		}
		if d.err != nil {
			d.finish(b, d.err)
			spare = b
			continue
		}
		if len(b.nodes) > 0 {
			b.buf = wal.AppendFrame(b.buf, wal.TypeCommit, b.lastSeq, b.head[:])
			b.buf = wal.AppendFrame(b.buf, wal.TypeSeal, b.lastSeq, b.head[:])
		}
		sync := d.opts.Sync == SyncAlways || b.forceSync
		d.mu.Unlock()

		var err error
		began := time.Now()
		if len(b.buf) > 0 {
			err = d.seg.Write(b.buf)
		}
		if err == nil && sync {
			if serr := d.seg.Sync(); serr != nil {
				// After a failed fsync nobody knows what reached the disk.
				err = &wal.WriteError{Err: serr}
			}
		}
		flushed := time.Since(began)
		if err == nil && len(b.nodes) > 0 {
			d.Ledger.applyCommitted(&b.staged, b.head)
		}
		// The batch is written (and durable, if sync): its answer is err.
		// A failed rotation fails only the appends after it, so that every
		// answer matches what recovery will find.
		var rotErr error
		if err == nil && d.seg.Size() >= d.opts.SegmentSize {
			rotErr = d.rotate(b.lastSeq+1, b.head, sync)
			sync = true
		}

		d.mu.Lock()
		if cause := cmp.Or(err, rotErr); cause != nil && d.err == nil {
			d.err = fmt.Errorf("trace: durable ledger %s failed, reopen it to recover: %w", d.dir, cause)
		}
		if err != nil {
			err = d.err
		} else {
			d.dirty = !sync && (d.dirty || len(b.buf) > 0)
		}
		// The producers of this batch, and those already waiting for the
		// next, are the appenders in flight.
		d.active, d.delay = b.calls+d.cur.calls, flushed/2
		if sync && len(b.nodes) > 0 {
			d.syncs++
			d.synced += len(b.nodes)
			d.flushTime += flushed
		}
		d.finish(b, err)
		spare = b
	}
}

// gather delays a batch briefly while it has fewer calls (Append or
// AppendAll) than the number of appenders seen in flight, so that producers acknowledged by the previous
// batch join this one instead of waiting for the next fsync (which would
// split steady producers into two alternating groups, halving throughput).
// The wait is at most half of the last write and fsync, and none when
// the batch is already that large, a Sync is waiting, or the ledger closes.
//
// For up to gatherSpin of it, gather yields its P (runtime.Gosched) and
// polls the batch's size instead of parking: the producers it waits for
// have just been woken and append at once, and the last of them would
// otherwise have to wake a parked flusher, which on a VM whose other CPU has
// gone idle means waking that CPU (a futex wake), on the critical path of
// every batch. A parked flusher also needs a timer, whose
// reset can cost as much. After gatherSpin it parks for the rest of the
// wait. mu is held.
func (d *DurableLedger) gather() {
	if d.cur.calls >= d.active || d.cur.forceSync || d.closed || d.delay <= 0 {
		return
	}
	want := int32(d.active)
	now := time.Now()
	deadline, spinEnd := now.Add(d.delay), now.Add(min(d.delay, gatherSpin))
	d.mu.Unlock()
	for d.queued.Load() < want && !d.hurry.Load() && now.Before(spinEnd) {
		runtime.Gosched()
		now = time.Now()
	}
	d.mu.Lock()
	if d.cur.calls >= d.active || d.cur.forceSync || d.closed || !now.Before(deadline) {
		return
	}
	if d.timer == nil {
		d.timer = time.NewTimer(deadline.Sub(now))
	} else {
		d.timer.Reset(deadline.Sub(now))
	}
	defer d.timer.Stop()
	d.parked = true
	defer func() { d.parked = false }()
	for d.cur.calls < d.active && !d.cur.forceSync && !d.closed {
		d.mu.Unlock()
		select {
		case <-d.kick:
			d.mu.Lock()
		case <-d.timer.C:
			d.mu.Lock()
			return
		}
	}
}

// gatherSpin bounds how long gather polls before it parks.
const gatherSpin = 50 * time.Microsecond

// nudge wakes a parked gather.
func (d *DurableLedger) nudge() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

// finish acknowledges a batch; mu is held.
//
// The batch's entries stay in d.pend, stale: deleting them one by one
// cost more than anything else finish does. A stale entry is never
// consulted: its node is now in the ledger (or the ledger failed and takes
// no more appends), and check looks an id up in the ledger before it asks
// d.pend, for a duplicate as for a link's source. Its pointer may even
// point into a reused batch; no one follows it. Once stale entries are
// half of d.pend, finish clears it and puts back the current batch's.
func (d *DurableLedger) finish(b *batch, err error) {
	if d.stale += len(b.nodes); d.stale >= max(len(d.pend)/2, minStalePend) {
		clear(d.pend)
		for i, n := range d.cur.nodes {
			d.pend[n.id] = &d.cur.pend[i]
		}
		d.stale = 0
	}
	b.ack.err = err
	close(b.ack.done)
}

// minStalePend is how many stale entries d.pend may hold however small it
// is: clearing it costs a pass over its whole table.
const minStalePend = 4096

// rotate starts the next segment and then links the full one to it
// (which also cuts its preallocated zeros and fsyncs it), in that order, so
// that a segment ending with a link proves its successor existed. synced
// says whether the full segment's frames are already durable; if not, they
// are made durable first, so that a crash leaves no torn batch in a segment
// that is not the last. If rotation fails, the full segment stays the
// current one.
func (d *DurableLedger) rotate(firstSeq uint64, head Digest, synced bool) error {
	if !synced {
		if err := d.seg.Sync(); err != nil {
			return err
		}
	}
	next, err := wal.CreateSegment(d.fs, d.dir, firstSeq, d.opts.SegmentSize)
	if err != nil {
		return err
	}
	if err := d.seg.Link(firstSeq, head[:]); err != nil {
		next.Close()
		return err
	}
	full := d.seg
	d.seg = next
	return full.Close()
}
