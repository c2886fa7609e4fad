package trace

import (
	"crypto/sha256"
	"runtime/debug"
	"sync"
	"unsafe"

	"github.com/kgents/kgents-core/trace/internal/index"
	"github.com/kgents/kgents-core/trace/internal/wal"
)

// prefetcher runs ahead of recovery's in-order scan of a segment on two
// goroutines. The first decodes records; the second, the digester, takes
// its results in order and computes each node's digest, hashing the record
// and then the digests of the node's link sources, which it finds by id
// among the records before it (or, through prior, in earlier segments), and
// chains the digests into the chain head after each record. (The digester
// hashes the records itself rather than the decoder: a SHA-256 state
// started on one CPU and finished on the other cost more in cache misses
// than the decoder saved.)
//
// The scan takes each result only if it is for the very payload it is at
// (same bytes in memory), and otherwise does the work itself, so the
// prefetcher changes nothing but the time taken. It takes a digest only if
// the digester resolved every link source to the position that the scan's
// own check resolved it to, and only while it has taken the digest of every
// record of the segment before it: the digest then has the inputs the scan
// would give it (the same record bytes, the digests of the same sources,
// each of which the scan took under the same conditions), and so does the
// chain head, which the digester started from the head the scan had at the
// start of the segment.
type prefetcher struct {
	ch   chan *resultBatch
	done chan struct{}
	buf  *resultBatch
	i    int
	off  bool
	// The scan hands back the batches it has read, for the decoder to
	// reuse.
	batches chan *resultBatch
	wg      sync.WaitGroup // the two goroutines
	stopped bool
}

// resultBatch is a handoff of results between the goroutines.
type resultBatch struct {
	rs   []prefetched
	srcs []int32 // backs the results' srcs
	buf  []byte  // backs the results' rec, unless it grew
}

type prefetched struct {
	p    *byte // first byte of the payload in the segment's bytes
	n    int
	crc  uint32 // of the frame, checked on rec
	seq  uint64 // of the frame, as rec's copy says
	rec  []byte // a copy of the payload, which node and the digest come from
	node *TraceNode
	err  error
	// Set by the digester when digested: the node's digest, the chain head
	// after it, and the positions (sequence numbers - 1) at which it found
	// the sources of the node's links, -1 for plan links.
	digested bool
	dg, head Digest
	srcs     []int32
}

// batchBuf is the size of a batch's buffer of record copies: room for a
// batch of records of up to 256 bytes, grown when they are larger.
const batchBuf = prefetchBatch * 256

// prefetchBatch is how many results the prefetcher hands the scan at once.
// Each handoff may wake a goroutine, which costs a futex call and, on an
// idle CPU, tens of microseconds before it runs: 64 records per batch (3000
// handoffs for BenchmarkOpenVerify's 200k records) cost measurably more CPU
// and wall time than 256.
const prefetchBatch = 256

// priorDigest returns the position and digest of a node with the given id
// read from an earlier segment, if there is one.
type priorDigest func(id string) (int32, Digest, bool)

// startPrefetch starts reading ahead in the bytes of a segment. head is the
// chain head before the segment's first record; prior finds the nodes of
// earlier segments (nil: there are none).
//
// data is usually a mapping of the segment file, released when recovery
// returns (wal.Visitor): the decoded nodes' strings are copies (arena.own,
// which shares what consecutive nodes repeat), never substrings of data, and
// stop waits until neither goroutine touches data any more.
func startPrefetch(data []byte, head Digest, prior priorDigest) *prefetcher {
	p := &prefetcher{ch: make(chan *resultBatch, 8), done: make(chan struct{}), batches: make(chan *resultBatch, 24)}
	decoded := make(chan *resultBatch, 8)
	p.wg.Add(2)
	go func() {
		defer p.wg.Done()
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer stopOnFault(data)
		p.decode(data, decoded)
	}()
	go func() {
		defer p.wg.Done()
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer stopOnFault(data)
		p.digest(newDigester(data, head, prior), decoded)
	}()
	return p
}

// stopOnFault, deferred, ends a prefetching goroutine quietly when it
// faulted on a page of data: the segment was cut while mapped, and the scan,
// which reads the same bytes, will fault too and have Recover report it.
// Other panics go on.
func stopOnFault(data []byte) {
	if p := recover(); p != nil && !wal.IsSegmentFault(p, data) {
		panic(p)
	}
}

// decode delimits and decodes the records of data, and sends them
// to out in batches.
func (p *prefetcher) decode(data []byte, out chan<- *resultBatch) {
	defer close(out)
	ar := arena{own: new(ownStrings)}
	// A small segment (most of those recovery meets in tests, and the
	// last segment of a young ledger) gets buffers no larger than itself:
	// a fresh buffer is zeroed, and zeroing 64 KiB per batch would cost a
	// small open more than its records do.
	bufSize := min(batchBuf, len(data))
	newBatch := func() *resultBatch {
		select {
		case b := <-p.batches:
			b.rs, b.buf = b.rs[:0], b.buf[:0]
			return b
		default:
			return &resultBatch{rs: make([]prefetched, 0, min(prefetchBatch, len(data)/wal.HeaderSize+1)), buf: make([]byte, 0, bufSize)}
		}
	}
	batch := newBatch()
	send := func() bool {
		select {
		case out <- batch:
			batch = newBatch()
			return true
		case <-p.done:
			return false
		}
	}
	// A record is copied, then its CRC checked on the copy, and only the
	// copy is decoded and hashed: a mapped segment can change while it is
	// read (a writer appending to it), and the scan takes a result only if
	// the frame it checked has the same CRC. Frames that are not records
	// are only delimited; a frame that fails its check ends the read-ahead
	// (the scan stops there too).
	for off := wal.HeaderSize; off < len(data); {
		typ, payload, n, ok := wal.PeekFrame(data[off:])
		if !ok {
			break
		}
		frame := data[off : off+n]
		off += n
		if typ != wal.TypeRecord || len(payload) == 0 {
			continue
		}
		if cap(batch.buf)-len(batch.buf) < n {
			batch.buf = make([]byte, 0, max(bufSize, n)) // earlier results keep the old one
		}
		at := len(batch.buf)
		batch.buf = append(batch.buf, frame...)
		f, _, err := wal.DecodeFrame(batch.buf[at:])
		if err != nil || f.Type != wal.TypeRecord {
			break
		}
		node, err := decodeRecordString(unsafe.String(&f.Payload[0], len(f.Payload)), &ar)
		batch.rs = append(batch.rs, prefetched{p: &payload[0], n: len(payload), crc: f.CRC, seq: f.Seq, rec: f.Payload, node: node, err: err})
		if len(batch.rs) == cap(batch.rs) && !send() {
			return
		}
	}
	if len(batch.rs) > 0 {
		send()
	}
}

// digest runs d over the batches from in, in order, and hands them to the
// scan.
func (p *prefetcher) digest(d *digester, in <-chan *resultBatch) {
	defer close(p.ch)
	for b := range in {
		d.digestBatch(b)
		select {
		case p.ch <- b:
		case <-p.done:
			for range in { // let decode see done or finish
			}
			return
		}
	}
}

// peek returns the next prefetched result, waiting for it, or nil if
// there is none.
func (p *prefetcher) peek() *prefetched {
	if p == nil || p.off {
		return nil
	}
	for p.buf == nil || p.i >= len(p.buf.rs) {
		if p.buf != nil { // every result in it was used: hand it back
			select {
			case p.batches <- p.buf:
			default:
			}
		}
		b, ok := <-p.ch
		if !ok {
			p.off = true
			return nil
		}
		p.buf, p.i = b, 0
	}
	return &p.buf.rs[p.i]
}

// next returns the prefetched result for payload, if it is the next one
// and was read from a frame with the same CRC (crc, which the scan checked).
func (p *prefetcher) next(payload []byte, crc uint32) (*prefetched, bool) {
	if len(payload) == 0 {
		return nil, false
	}
	r := p.peek()
	if r == nil {
		return nil, false
	}
	if r.p != &payload[0] || r.n != len(payload) || r.crc != crc {
		p.off = true // the scans diverged: stop using results
		return nil, false
	}
	p.i++
	return r, true
}

// verified reports whether the next result is for the record frame f, read
// by the scan from the segment's bytes without its CRC: the same place,
// length, sequence number and CRC, so that the decoder's copy, whose CRC
// it checked, has the very header the scan read (wal.Visitor.Verified),
// and the scan will take the result (next) rather than the segment's bytes.
func (p *prefetcher) verified(f wal.Frame) bool {
	r := p.peek()
	return r != nil && len(f.Payload) > 0 && r.p == &f.Payload[0] && r.n == len(f.Payload) && r.crc == f.CRC && r.seq == f.Seq
}

// stop stops p's goroutines and waits for them to end.
func (p *prefetcher) stop() {
	if p != nil && !p.stopped {
		p.stopped = true
		close(p.done)
		p.wg.Wait()
	}
}

// digester computes the digests of a segment's records in order. It finds
// the sources of links among the last window to 2*window records it
// digested, and further back through prior (the committed nodes, which the
// scan, behind the digester by a few batches, has inserted). Once it cannot
// finish a digest (a record that did not decode, a source it cannot find),
// it stops: the scan reports the record or computes the rest itself.
type digester struct {
	next    int32  // position in the segment of the next record
	head    Digest // chain head after the records before next
	stopped bool
	first   int32 // position in the ledger of the segment's first record
	ids     index.RecentIDs
	digests []Digest // of the records at positions next-2*window to next-1, at position % (2*window)
	prior   priorDigest
	h       digestState
	srcs    []*Digest
	priors  []Digest
}

// window is how many records the digester keeps at least (its ids, in
// index.RecentIDs, and their digests). Its tables stay in cache (128 KiB each, and up to 512 KiB of digests), and the records after
// the scan's last commit remain in them unless a batch is huge: the
// digester is at most 10 handoffs of 256 records ahead of the scan (the 8
// in the channel, the one the scan reads, the one it digests).
const window = index.Window

func newDigester(data []byte, head Digest, prior priorDigest) *digester {
	d := &digester{head: head, prior: prior, h: digestState{h: sha256.New()}, ids: index.NewRecentIDs()}
	seq, err := wal.ParseHeader(data)
	if err != nil || seq == 0 || seq > 1<<31 {
		d.stopped = true // the scan stops at the header
		return d
	}
	d.first = int32(seq - 1)
	return d
}

// digestBatch digests the records of b.
func (d *digester) digestBatch(b *resultBatch) {
	b.srcs = b.srcs[:0]
	for i := range b.rs {
		r := &b.rs[i]
		r.digested, r.srcs = false, nil
		if !d.stopped && !d.digestOne(r, b) {
			d.stopped = true
		}
	}
}

// digestOne digests r, appending its sources' positions to b.srcs.
func (d *digester) digestOne(r *prefetched, b *resultBatch) bool {
	if r.err != nil || d.first+d.next == 1<<31-1 {
		return false
	}
	n := r.node
	start := len(b.srcs)
	d.srcs, d.priors = d.srcs[:0], d.priors[:0]
	for i := range n.links {
		src := n.links[i].source
		if IsPlanPath(src) {
			b.srcs = append(b.srcs, -1)
			d.srcs = append(d.srcs, nil)
			continue
		}
		if k, ok := d.ids.Get(src, d.next); ok {
			b.srcs = append(b.srcs, d.first+k)
			d.srcs = append(d.srcs, &d.digests[k%(2*window)])
			continue
		}
		if d.prior == nil {
			return false
		}
		j, dg, ok := d.prior(src)
		if !ok {
			return false
		}
		b.srcs = append(b.srcs, j)
		d.priors = append(d.priors, dg)
		d.srcs = append(d.srcs, nil) // set below: d.priors may move as it grows
	}
	if len(d.priors) > 0 {
		k := 0
		for i := range n.links {
			if b.srcs[start+i] >= 0 && d.srcs[i] == nil {
				d.srcs[i] = &d.priors[k]
				k++
			}
		}
	}
	d.h.start(r.rec)
	dg := finishDigest(&d.h, d.srcs)
	d.head = chainStep(d.head, dg)
	d.ids.Put(n.id, d.next)
	if len(d.digests) < 2*window {
		d.digests = append(d.digests, dg)
	} else {
		d.digests[d.next%(2*window)] = dg
	}
	d.next++
	r.digested, r.dg, r.head, r.srcs = true, dg, d.head, b.srcs[start:len(b.srcs):len(b.srcs)]
	return true
}
