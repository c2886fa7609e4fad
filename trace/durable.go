package trace

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kgents/kgents-core/trace/internal/vfs"
	"github.com/kgents/kgents-core/trace/internal/wal"
)

// SyncMode says when a durable append is acknowledged.
type SyncMode int

const (
	// SyncAlways, the default, acknowledges an append only after the batch
	// holding it is written and fsynced (with fdatasync, which also makes the
	// file's size durable when a batch grows it; batches mostly overwrite
	// preallocated space, where no metadata changes). Nothing acknowledged is
	// lost in a crash.
	SyncAlways SyncMode = iota
	// SyncInterval acknowledges an append once its batch is written to the
	// operating system, and fsyncs at most OpenOptions.Interval later. Loss window:
	// a power failure (not a process crash) loses the appends acknowledged in
	// the last Interval.
	SyncInterval
	// SyncNever acknowledges after the write and fsyncs only when a segment is
	// full, on Sync and on Close. Loss window: a power failure loses
	// everything acknowledged since the last of those, up to a whole segment.
	SyncNever
)

// OpenOptions configure Open. The zero value is the safe default.
type OpenOptions struct {
	Sync        SyncMode
	Interval    time.Duration // for SyncInterval; default 100ms
	SegmentSize int64         // a segment is closed after the batch that reaches this size; default 64 MiB

	fs vfs.FS // tests use a fault-injecting file system
}

const defaultSegmentSize = 64 << 20

// Recovery reports what opening a durable ledger found and did.
type Recovery struct {
	Segments int    // segment files read
	Nodes    int    // committed nodes loaded
	Head     Digest // chain head of the last commit
	// TornTail is set when bytes after the last commit were found, other
	// than preallocated zeros (an interrupted batch that was never
	// acknowledged in SyncAlways mode, or a damaged trailing seal). A
	// read-write open cuts them off and keeps them in TailFile; a read-only
	// open leaves them.
	TornTail   bool
	TailFile   string
	TailOffset int64
	TailBytes  int64
	Resealed   bool     // a commit that had lost its seal was resealed
	RemovedTmp []string // leftover temporary files removed
	// Unlinked names the empty segment file that a rotation interrupted by
	// a crash left behind (it was created, but the full segment was not yet
	// linked to it). A read-write open removes it.
	Unlinked string
	// Corrupt is set by OpenReadOnly when damage stopped the read: the ledger
	// holds every batch committed before it.
	Corrupt *CorruptError

	ownDigests int // digests the scan computed itself instead of taking the read-ahead's (for tests)
}

// DurableLedger is a Ledger kept in a directory of segment files. All of
// Ledger's read methods are available on it; appends must go through
// DurableLedger.Append (Ledger.Append on the embedded ledger returns
// ErrReadOnly). It is safe for concurrent use; concurrent appends share
// fsyncs.
type DurableLedger struct {
	*Ledger

	fs   vfs.FS
	dir  string
	opts OpenOptions
	lock io.Closer
	rec  Recovery

	mu      sync.Mutex
	cond    *sync.Cond
	pend    map[string]*pendingNode
	cur     *batch
	head    Digest // chain head including accepted, uncommitted nodes
	nextSeq uint64
	err     error // sticky write or sync failure
	closed  bool
	dirty   bool // written but not fsynced

	active    int           // appends in flight around the last batch
	delay     time.Duration // how long gather may wait
	queued    atomic.Int32  // len(cur.nodes), for gather to poll without mu
	hurry     atomic.Bool   // a Sync or Close wants cur written now (for gather)
	parked    bool          // gather waits for a kick
	kick      chan struct{} // the batch is full, or a Sync or Close came (for a parked gather)
	timer     *time.Timer
	syncs     int // fsyncs of batches, the nodes they made durable, the time they took
	synced    int
	flushTime time.Duration

	seg         *wal.Segment // owned by the flusher goroutine
	flusherDone chan struct{}
	tickerStop  chan struct{}
}

type batch struct {
	staged
	pend      []pendingNode // backing store of the pend entries of the batch
	buf       []byte
	head      Digest
	lastSeq   uint64
	forceSync bool
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
	b.head, b.lastSeq, b.forceSync = Digest{}, 0, false
	b.ack = &ack{done: make(chan struct{})}
	return b
}

// staged holds checked nodes, in order, with what inserting them into the
// ledger needs: their digests, their links' source positions (-1 for plan
// links; concatenated) and their id hashes.
type staged struct {
	nodes   []*TraceNode
	digests []Digest
	srcs    []int32
	probes  []idProbe
}

func newStaged(n int) staged {
	return staged{nodes: make([]*TraceNode, 0, n), digests: make([]Digest, 0, n),
		srcs: make([]int32, 0, n), probes: make([]idProbe, 0, n)}
}

func (s *staged) add(n *TraceNode, dg Digest, srcs []int32, probe idProbe) {
	s.digests = append(s.digests, dg)
	s.addChecked(n, srcs, probe)
}

// addChecked is add for a node whose digest the caller appended to digests.
func (s *staged) addChecked(n *TraceNode, srcs []int32, probe idProbe) {
	s.nodes = append(s.nodes, n)
	s.srcs, s.probes = append(s.srcs, srcs...), append(s.probes, probe)
}

func (s *staged) reset() {
	clear(s.nodes) // let the garbage collector have nodes that readers dropped
	s.nodes, s.digests, s.srcs, s.probes = s.nodes[:0], s.digests[:0], s.srcs[:0], s.probes[:0]
}

// sourceDigests returns the digests of n's link sources, as check found
// them (srcs): committed in l, pending in pend, or nil for plan links.
func sourceDigests(l *Ledger, n *TraceNode, srcs []int32, pend map[string]*pendingNode, out []*Digest) []*Digest {
	for i, j := range srcs {
		switch {
		case j < 0:
			out = append(out, nil)
		case int(j) < l.n:
			out = append(out, l.digests.at(j))
		default:
			out = append(out, &pend[n.links[i].source].digest)
		}
	}
	return out
}

var errAppendThroughDurable = fmt.Errorf("%w: append through the DurableLedger that owns this ledger", ErrReadOnly)

// Open opens the durable ledger in dir, creating dir and an empty ledger if
// needed, and recovers it as doc.go describes: every frame, record, link and
// chain head is checked; a torn tail after the last commit is cut and kept in
// a side file. Damage anywhere else returns a *CorruptError (matching
// ErrCorrupt) and changes nothing; use OpenReadOnly to read the ledger up to
// the damage. opts may be nil.
func Open(dir string, opts *OpenOptions) (*DurableLedger, error) {
	var o OpenOptions
	if opts != nil {
		o = *opts
	}
	if o.fs == nil {
		o.fs = vfs.OS{}
	}
	if o.Sync < SyncAlways || o.Sync > SyncNever {
		return nil, fmt.Errorf("trace: open %s: unknown sync mode %d", dir, o.Sync)
	}
	if o.SegmentSize <= 0 {
		o.SegmentSize = defaultSegmentSize
	}
	if o.Interval <= 0 {
		o.Interval = 100 * time.Millisecond
	}
	if err := o.fs.MkdirAll(dir); err != nil {
		return nil, fmt.Errorf("trace: open %s: %w", dir, err)
	}
	lock, err := o.fs.Lock(filepath.Join(dir, "LOCK"))
	if err != nil {
		return nil, fmt.Errorf("trace: open %s: lock: %w", dir, err)
	}
	d, err := open(dir, o, lock)
	if err != nil {
		lock.Close()
		return nil, err
	}
	return d, nil
}

func open(dir string, o OpenOptions, lock io.Closer) (*DurableLedger, error) {
	l, res, rec, err := replay(o.fs, dir, false)
	if err != nil {
		return nil, err
	}
	if rec.Corrupt != nil {
		return nil, rec.Corrupt
	}
	d := &DurableLedger{Ledger: l, fs: o.fs, dir: dir, opts: o, lock: lock, rec: *rec,
		pend: map[string]*pendingNode{}, cur: newBatch(0, 0), head: rec.Head, nextSeq: res.LastSeq + 1,
		flusherDone: make(chan struct{}), kick: make(chan struct{}, 1)}
	d.cond = sync.NewCond(&d.mu)
	if len(res.Segments) == 0 {
		d.seg, err = wal.CreateSegment(o.fs, dir, 1, o.SegmentSize)
	} else {
		d.seg, err = wal.OpenSegment(o.fs, dir, res.Segments[len(res.Segments)-1], res.ActiveSize, o.SegmentSize)
	}
	if err != nil {
		return nil, fmt.Errorf("trace: open %s: %w", dir, err)
	}
	l.sealed = errAppendThroughDurable
	go d.flusher()
	if o.Sync == SyncInterval {
		d.tickerStop = make(chan struct{})
		go d.ticker()
	}
	return d, nil
}

// OpenReadOnly reads the durable ledger in dir without changing anything. If
// it finds damage, it returns the ledger of every batch committed before it,
// with the damage described in Recovery.Corrupt. The returned ledger refuses
// appends with ErrReadOnly.
func OpenReadOnly(dir string) (*Ledger, *Recovery, error) {
	return openReadOnly(vfs.OS{}, dir)
}

func openReadOnly(fsys vfs.FS, dir string) (*Ledger, *Recovery, error) {
	l, _, rec, err := replay(fsys, dir, true)
	if err != nil {
		return nil, nil, err
	}
	l.sealed = fmt.Errorf("%w: opened read-only", ErrReadOnly)
	return l, rec, nil
}

// replay recovers dir into a fresh ledger.
func replay(fsys vfs.FS, dir string, readOnly bool) (*Ledger, *wal.Result, *Recovery, error) {
	l := NewLedger()
	l.bulk = true // no one sees l before replay returns
	var (
		batch     staged
		pend      = map[string]*pendingNode{}
		pendStore []pendingNode // backs pend's entries; reused after each commit
		head      Digest
	)
	var srcBuf [8]*Digest
	var idxBuf [8]int32
	var ar arena
	var pf *prefetcher
	// chained: every record of the segment so far took its digest from pf,
	// whose chain head after the last of them (pfHead) is then the head.
	var chained bool
	var pfHead Digest
	var own int               // digests the scan computed itself
	var ownState *digestState // and the SHA-256 state it computed them with
	prior := func(id string) (int32, Digest, bool) {
		l.mu.RLock()
		defer l.mu.RUnlock()
		j, ok := l.ids.get(l, id)
		if !ok {
			return 0, Digest{}, false
		}
		l.dmu.Lock()
		defer l.dmu.Unlock()
		return j, *l.digests.at(j), true
	}
	v := wal.Visitor{
		Segment: func(_ string, data []byte) {
			pf.stop()
			pf = startPrefetch(data, head, prior)
			chained = true
		},
		Record: func(seq uint64, payload []byte) error {
			var n *TraceNode
			var err error
			r, ok := pf.next(payload)
			if ok {
				n, err = r.node, r.err
			} else {
				n, err = decodeRecord(payload, &ar)
			}
			if err != nil {
				return err
			}
			var probe idProbe
			var hints []int32
			if ok && r.digested {
				hints = r.srcs
			}
			idx, err := l.checkHinted(n, pend, idxBuf[:0], &probe, hints)
			if err != nil {
				return err
			}
			var dg Digest
			if chained && ok && r.digested && slices.Equal(idx, r.srcs) {
				dg, pfHead = r.dg, r.head
			} else {
				chained = false
				own++
				if ownState == nil {
					ownState = startDigest(payload)
				} else {
					ownState.start(payload)
				}
				dg = finishDigest(ownState, sourceDigests(l, n, idx, pend, srcBuf[:0]))
			}
			pendStore = append(pendStore, pendingNode{ts: n.ts, digest: dg, idx: int32(seq - 1)})
			pend[n.id] = &pendStore[len(pendStore)-1] // never changed: stays valid if pendStore grows
			batch.add(n, dg, idx, probe)
			return nil
		},
		Commit: func(seq uint64, want []byte) error {
			h := pfHead
			if !chained {
				h = head
				for _, dg := range batch.digests {
					h = chainStep(h, dg)
				}
			}
			if string(h[:]) != string(want) {
				return fmt.Errorf("chain head is %s, commit says %x", h, want)
			}
			head = h
			l.applyCommitted(&batch, h)
			batch.reset()
			clear(pend)
			pendStore = pendStore[:0]
			return nil
		},
	}
	res, err := wal.Recover(fsys, dir, readOnly, v)
	pf.stop()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("trace: recover %s: %w", dir, err)
	}
	l.mu.Lock()
	l.sortBulk()
	l.mu.Unlock()
	rec := &Recovery{Segments: len(res.Segments), Nodes: l.n, Head: head, RemovedTmp: res.Removed, Unlinked: res.Unlinked, ownDigests: own}
	if t := res.Tail; t != nil {
		rec.TornTail, rec.TailFile, rec.TailOffset, rec.TailBytes, rec.Resealed = true, t.SideFile, t.Offset, t.Bytes, t.Sealed
	}
	if c := res.Corrupt; c != nil {
		rec.Corrupt = &CorruptError{Segment: filepath.Join(dir, c.Segment), Offset: c.Offset, Seq: c.Seq, Reason: c.Reason, Err: c.Err}
	}
	return l, res, rec, nil
}

// applyCommitted inserts checked nodes with their digests; head is the chain
// head after them.
func (l *Ledger) applyCommitted(s *staged, head Digest) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.dmu.Lock()
	defer l.dmu.Unlock()
	srcs := s.srcs
	for i, n := range s.nodes {
		l.insert(n, srcs[:len(n.links)], &s.probes[i])
		srcs = srcs[len(n.links):]
		l.digests.push(int32(l.n-1), s.digests[i])
	}
	l.digested, l.head = l.n, head
}

// Recovery returns what Open found and did.
func (d *DurableLedger) Recovery() Recovery { return d.rec }

// Dir returns the ledger's directory.
func (d *DurableLedger) Dir() string { return d.dir }

// Append checks n as Ledger.Append does (against committed nodes and those
// accepted before it), adds it to the current batch and waits until the batch
// is durable (SyncAlways) or written (weaker modes). When Append returns nil,
// the node is visible to readers. A write or fsync error is returned to every
// append of the batch and to every later append: reopen the ledger to recover.
func (d *DurableLedger) Append(n *TraceNode) error {
	if err := checkBuilt(n); err != nil {
		return err
	}
	// Encoding the record and hashing it depend on n alone: do them before
	// taking the lock, so that concurrent producers do them in parallel.
	rp := recordBufs.Get().(*[]byte)
	rec := appendRecord((*rp)[:0], n)
	defer func() {
		if cap(rec) <= 64<<10 {
			*rp = rec[:0]
			recordBufs.Put(rp)
		}
	}()
	var h *digestState
	if len(rec) <= wal.MaxPayload {
		h = digestStates.Get().(*digestState)
		defer digestStates.Put(h)
		h.start(rec)
	}

	if err := d.lockOpen(); err != nil {
		return err
	}
	var buf [8]int32
	var srcBuf [8]*Digest
	d.Ledger.mu.RLock()
	var probe idProbe
	srcs, err := d.Ledger.check(n, d.pend, buf[:0], &probe)
	if err == nil && h == nil {
		err = fmt.Errorf("%w: node %q encodes to %d bytes, more than a frame holds (%d)",
			ErrInvalidNode, n.id, len(rec), wal.MaxPayload)
	}
	if err == nil {
		b := d.cur
		dg := finishDigest(h, sourceDigests(d.Ledger, n, srcs, d.pend, srcBuf[:0]))
		b.digests = append(b.digests, dg)
		b.buf = wal.AppendFrame(b.buf, wal.TypeRecord, d.nextSeq, rec)
		b.addChecked(n, srcs, probe)
		d.head = chainStep(d.head, dg)
		b.head, b.lastSeq = d.head, d.nextSeq
		b.pend = append(b.pend, pendingNode{ts: n.ts, digest: dg, idx: int32(d.nextSeq - 1)})
		d.nextSeq++
		d.pend[n.id] = &b.pend[len(b.pend)-1] // never changed: stays valid if b.pend grows
	}
	d.Ledger.mu.RUnlock()
	if err != nil {
		d.mu.Unlock()
		return err
	}
	b := d.cur
	d.queued.Store(int32(len(b.nodes)))
	// Wake the flusher for the first node of a batch (it waits for one),
	// and in gather once the batch holds as many nodes as it waits for, if
	// gather has stopped polling queued and parked.
	if len(b.nodes) == 1 {
		d.cond.Signal()
	}
	if d.parked && len(b.nodes) >= d.active {
		d.nudge()
	}
	a := b.ack
	d.mu.Unlock()
	<-a.done
	return a.err
}

// recordBufs holds buffers for encoding records, digestStates SHA-256
// states for digests (each taken and returned by the same append).
var (
	recordBufs   = sync.Pool{New: func() any { return new([]byte) }}
	digestStates = sync.Pool{New: func() any { return &digestState{h: sha256.New()} }}
)

// lockOpen takes d.mu and returns nil if the ledger can still take work;
// otherwise it releases d.mu and returns the sticky error or ErrClosed.
func (d *DurableLedger) lockOpen() error {
	d.mu.Lock()
	switch {
	case d.err != nil:
		err := d.err
		d.mu.Unlock()
		return err
	case d.closed:
		d.mu.Unlock()
		return ErrClosed
	}
	return nil
}

// Sync fsyncs everything appended so far. In SyncAlways mode every
// acknowledged append is already durable; in the weaker modes Sync closes the
// loss window.
func (d *DurableLedger) Sync() error {
	if err := d.lockOpen(); err != nil {
		return err
	}
	b := d.cur
	b.forceSync = true
	a := b.ack
	d.cond.Signal()
	d.hurry.Store(true)
	d.nudge()
	d.mu.Unlock()
	<-a.done
	return a.err
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
			err = d.seg.Sync()
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
		d.active, d.delay = len(b.nodes)+len(d.cur.nodes), flushed/2
		if sync && len(b.nodes) > 0 {
			d.syncs++
			d.synced += len(b.nodes)
			d.flushTime += flushed
		}
		d.finish(b, err)
		spare = b
	}
}

// gather delays a batch briefly while it is smaller than the number of
// appenders seen in flight, so that producers acknowledged by the previous
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
	if len(d.cur.nodes) >= d.active || d.cur.forceSync || d.closed || d.delay <= 0 {
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
	if len(d.cur.nodes) >= d.active || d.cur.forceSync || d.closed || !now.Before(deadline) {
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
	for len(d.cur.nodes) < d.active && !d.cur.forceSync && !d.closed {
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
func (d *DurableLedger) finish(b *batch, err error) {
	for _, n := range b.nodes {
		delete(d.pend, n.id)
	}
	b.ack.err = err
	close(b.ack.done)
}

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

// Close waits for pending appends, fsyncs, and releases the directory. Later
// appends return ErrClosed.
func (d *DurableLedger) Close() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return ErrClosed
	}
	d.closed = true
	d.cond.Broadcast()
	d.hurry.Store(true)
	d.nudge()
	d.mu.Unlock()
	<-d.flusherDone
	if d.tickerStop != nil {
		close(d.tickerStop)
	}
	var err error
	d.mu.Lock()
	failed := d.err
	d.mu.Unlock()
	if failed == nil {
		err = d.seg.Finish()
	}
	if cerr := d.seg.Close(); err == nil {
		err = cerr
	}
	if lerr := d.lock.Close(); err == nil {
		err = lerr
	}
	if err == nil && failed != nil {
		err = failed
	}
	return err
}

// Verify re-reads every segment from disk and checks it as Open does, then
// checks that the digest of every node on disk equals the digest of the node
// in memory. It returns a *CorruptError for damage on disk and a *VerifyError
// for the first sequence number whose digests differ.
func (d *DurableLedger) Verify() error {
	if err := d.Ledger.Verify(); err != nil {
		return err
	}
	mem := d.Ledger.Digests()
	disk, _, rec, err := replay(d.fs, d.dir, true)
	if err != nil {
		return err
	}
	if rec.Corrupt != nil {
		return rec.Corrupt
	}
	onDisk := disk.Digests()
	for i := range mem {
		if i >= len(onDisk) {
			return &VerifyError{Seq: uint64(i) + 1, ID: d.Ledger.Nodes()[i].id, Reason: "missing on disk"}
		}
		if mem[i] != onDisk[i] {
			return &VerifyError{Seq: uint64(i) + 1, ID: d.Ledger.Nodes()[i].id,
				Reason: fmt.Sprintf("digest on disk %s, in memory %s", onDisk[i], mem[i])}
		}
	}
	return nil
}
