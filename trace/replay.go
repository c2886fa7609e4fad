package trace

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"

	"github.com/kgents/kgents-core/trace/internal/index"
	"github.com/kgents/kgents-core/trace/internal/vfs"
	"github.com/kgents/kgents-core/trace/internal/wal"
)

// This file holds replay: recovery (package wal) hands it each record and
// commit of the segments, and it rebuilds the ledger from them, checking
// every record under the append rules and every chain head (doc.go,
// "Recovery").

// sourceDigests returns the digests of n's link sources, as check found
// them (srcs): committed in l, pending in pend, or nil for plan links.
func sourceDigests(l *Ledger, n *TraceNode, srcs []int32, pend map[string]*pendingNode, out []*Digest) []*Digest {
	for i, j := range srcs {
		switch {
		case j < 0:
			out = append(out, nil)
		case int(j) < l.g.Len():
			out = append(out, l.digests.At(j))
		default:
			out = append(out, &pend[n.links[i].source].digest)
		}
	}
	return out
}

// replay recovers dir into a fresh ledger. Recovery maps the segments
// (wal.Visitor); if another process cuts one while it is mapped, replay
// starts again reading them into memory, which sees the files as they are
// then.
func replay(fsys vfs.FS, dir string, readOnly bool) (*Ledger, *wal.Result, *Recovery, error) {
	l, res, rec, err := replayOnce(fsys, dir, readOnly, false)
	if errors.Is(err, wal.ErrSegmentCut) {
		l, res, rec, err = replayOnce(fsys, dir, readOnly, true)
	}
	return l, res, rec, err
}

// replayOnce is replay, mapping the segments unless noMap.
func replayOnce(fsys vfs.FS, dir string, readOnly, noMap bool) (*Ledger, *wal.Result, *Recovery, error) {
	l := NewLedger()
	l.byTime.BeginBulk() // no one sees l before replay returns
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
	var bal ballast
	// chained: every record of the segment so far took its digest from pf,
	// whose chain head after the last of them (pfHead) is then the head.
	var chained bool
	var pfHead Digest
	var own int               // digests the scan computed itself
	var ownState *digestState // and the SHA-256 state it computed them with
	prior := func(id string) (int32, Digest, bool) {
		l.mu.RLock()
		defer l.mu.RUnlock()
		j, ok := l.lookup(id)
		if !ok {
			return 0, Digest{}, false
		}
		l.dmu.Lock()
		defer l.dmu.Unlock()
		return j, *l.digests.At(j), true
	}
	v := wal.Visitor{
		NoMap: noMap,
		Done:  func() { pf.stop() },
		// The indexes that grow by doubling are sized once for the
		// records the segments hold (the others grow in chunks).
		Expect: func(records int) {
			l.ids.Reserve(records)
			l.byTime.Reserve(records)
		},
		Segment: func(_ string, data []byte) {
			if testHookSegment != nil {
				testHookSegment(data)
			}
			bal.grow(len(data))
			pf.stop()
			pf = startPrefetch(data, head, prior)
			chained = true
		},
		Verified: func(f wal.Frame) bool { return pf.verified(f) },
		Record: func(f wal.Frame) error {
			seq, payload := f.Seq, f.Payload
			var n *TraceNode
			var err error
			r, ok := pf.next(payload, f.CRC)
			if ok {
				n, err = r.node, r.err
			} else {
				// The segment's bytes may change under a mapping (a
				// writer appending): decode and hash a copy whose CRC
				// is the one the scan checked.
				payload = slices.Clone(payload)
				if wal.RecordCRC(seq, payload) != f.CRC {
					return wal.ErrSegmentCut
				}
				n, err = decodeRecord(payload, &ar)
			}
			if err != nil {
				return err
			}
			var probe index.Probe
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
	bal.drop()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("trace: recover %s: %w", dir, err)
	}
	l.mu.Lock()
	l.byTime.EndBulk()
	l.mu.Unlock()
	rec := &Recovery{Segments: len(res.Segments), Nodes: l.g.Len(), Head: head, RemovedTmp: res.Removed, Unlinked: res.Unlinked, ownDigests: own}
	if t := res.Tail; t != nil {
		rec.TornTail, rec.TailFile, rec.TailOffset, rec.TailBytes, rec.Resealed = true, t.SideFile, t.Offset, t.Bytes, t.Sealed
		rec.TailSegment = filepath.Join(dir, t.Segment)
	}
	if c := res.Corrupt; c != nil {
		rec.Corrupt = &CorruptError{Segment: filepath.Join(dir, c.Segment), Offset: c.Offset, Seq: c.Seq, Reason: c.Reason, Err: c.Err}
	}
	return l, res, rec, nil
}

// testHookSegment, if set (by tests), sees each segment's bytes before the
// scan does.
var testHookSegment func(data []byte)

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
		l.digests.Push(int32(l.g.Len()-1), s.digests[i])
	}
	l.digested, l.head = l.g.Len(), head
}
