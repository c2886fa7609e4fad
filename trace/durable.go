package trace

import (
	"crypto/sha256"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kgents/kgents-core/trace/internal/index"
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
	// acknowledged in SyncAlways mode, or a damaged trailing seal): TailBytes
	// of them at TailOffset in the segment TailSegment (a path, as in
	// CorruptError). A read-write open cuts them off and keeps them in
	// TailFile (a name in the ledger's directory); a read-only open leaves
	// them, and TailFile empty.
	TornTail    bool
	TailSegment string
	TailFile    string
	TailOffset  int64
	TailBytes   int64
	Resealed    bool     // a commit that had lost its seal was resealed
	RemovedTmp  []string // leftover temporary files removed
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
	pend    map[string]*pendingNode // accepted nodes not yet committed, and stale entries (finish)
	stale   int                     // entries of d.pend whose nodes were committed
	cur     *batch
	head    Digest // chain head including accepted, uncommitted nodes
	nextSeq uint64
	err     error // sticky write or sync failure
	closed  bool
	dirty   bool // written but not fsynced

	active    int           // appends in flight around the last batch
	delay     time.Duration // how long gather may wait
	queued    atomic.Int32  // cur.calls, for gather to poll without mu
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
	d.Ledger.mu.RLock()
	err := d.stage(n, rec, h)
	d.Ledger.mu.RUnlock()
	if err != nil {
		d.mu.Unlock()
		return err
	}
	return d.wait()
}

// stage checks n as Ledger.Append does, against the committed nodes and
// those accepted before it, and adds it to the current batch: rec is its
// record encoding, h a digest started over rec (nil if rec is too large
// for a frame). d.mu and d.Ledger.mu (read) are held.
func (d *DurableLedger) stage(n *TraceNode, rec []byte, h *digestState) error {
	var buf [8]int32
	var srcBuf [8]*Digest
	var probe index.Probe
	srcs, err := d.Ledger.check(n, d.pend, buf[:0], &probe)
	if err == nil && h == nil {
		err = fmt.Errorf("%w: node %q encodes to %d bytes, more than a frame holds (%d)",
			ErrInvalidNode, n.id, len(rec), wal.MaxPayload)
	}
	if err != nil {
		return err
	}
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
	return nil
}

// wait counts a call whose nodes were just added to the current batch,
// tells the flusher, releases d.mu and waits for the batch's outcome.
func (d *DurableLedger) wait() error {
	b := d.cur
	b.calls++
	d.queued.Store(int32(b.calls))
	// Wake the flusher for the first call of a batch (it waits for one),
	// and in gather once the batch holds as many calls as it waits for, if
	// gather has stopped polling queued and parked.
	if b.calls == 1 {
		d.cond.Signal()
	}
	if d.parked && b.calls >= d.active {
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
