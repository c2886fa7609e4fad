package trace

import (
	"fmt"
	"sync"

	"github.com/kgents/kgents-core/trace/internal/index"
	"github.com/kgents/kgents-core/trace/internal/wal"
)

// This file holds AppendAll, for callers that have many nodes at once: one
// lock (and, on a durable ledger, one batch and one fsync) for all of them.

// AppendAll appends nodes in order, all or none: each is checked as Append
// checks it, against the ledger and the nodes before it in the slice (so
// they may link to each other), and if one is refused nothing is appended.
// The error is the refused node's, wrapped with its index; it matches what
// Append would return for that node (errors.Is, errors.As). The ledger is
// locked once for the whole slice, so readers never see part of it.
func (l *Ledger) AppendAll(nodes []*TraceNode) error {
	for i, n := range nodes {
		if err := checkBuilt(n); err != nil {
			return appendAllError(i, len(nodes), err)
		}
	}
	if len(nodes) == 0 {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.sealed; err != nil {
		return err
	}
	pend := make(map[string]*pendingNode, len(nodes))
	pendStore := make([]pendingNode, len(nodes))
	probes := make([]index.Probe, len(nodes))
	var srcs []int32
	for i, n := range nodes {
		var err error
		if srcs, err = l.check(n, pend, srcs, &probes[i]); err != nil {
			return appendAllError(i, len(nodes), err)
		}
		pendStore[i] = pendingNode{ts: n.ts, idx: int32(l.g.Len() + i)}
		pend[n.id] = &pendStore[i]
	}
	for i, n := range nodes {
		l.insert(n, srcs[:len(n.links)], &probes[i])
		srcs = srcs[len(n.links):]
	}
	return nil
}

// callBufs holds the record buffers of AppendAll calls.
var callBufs = sync.Pool{New: func() any { return new([]byte) }}

func appendAllError(i, total int, err error) error {
	return fmt.Errorf("trace: append all: node %d of %d: %w", i, total, err)
}

// AppendAll appends nodes in order, all or none, as Ledger.AppendAll does,
// and waits until they are durable (SyncAlways) or written (weaker modes):
// they go into one batch, under one commit frame, so that recovery finds
// all of them or none, and they share its write and fsync with each other
// and with concurrent appends. The error is as for Append, wrapped with the
// index of the refused node; a write or fsync error is every node's.
func (d *DurableLedger) AppendAll(nodes []*TraceNode) error {
	for i, n := range nodes {
		if err := checkBuilt(n); err != nil {
			return appendAllError(i, len(nodes), err)
		}
	}
	if len(nodes) == 0 {
		return nil
	}
	// Encode every record and hash it before taking the lock, as Append
	// does, so that concurrent callers do it in parallel.
	recs := make([][]byte, len(nodes))
	hs := make([]*digestState, len(nodes))
	defer func() {
		for _, h := range hs {
			if h != nil {
				digestStates.Put(h)
			}
		}
	}()
	// The records go into one buffer, kept for reuse: stage copies each into
	// the batch, so the buffer is free once the nodes are staged.
	bp := callBufs.Get().(*[]byte)
	all := (*bp)[:0]
	defer func() {
		if cap(all) <= maxReusedBuf {
			*bp = all[:0]
			callBufs.Put(bp)
		}
	}()
	for i, n := range nodes {
		start := len(all)
		all = appendRecord(all, n)
		recs[i] = all[start:len(all):len(all)] // stays valid when all moves as it grows
		if len(recs[i]) <= wal.MaxPayload {
			hs[i] = digestStates.Get().(*digestState)
			hs[i].start(recs[i])
		}
	}

	if err := d.lockOpen(); err != nil {
		return err
	}
	d.Ledger.mu.RLock()
	b := d.cur
	mark := b.mark()
	head, nextSeq := d.head, d.nextSeq
	var err error
	for i, n := range nodes {
		if err = d.stage(n, recs[i], hs[i]); err != nil {
			err = appendAllError(i, len(nodes), err)
			for _, m := range nodes[:i] {
				delete(d.pend, m.id)
			}
			b.rollback(mark)
			d.head, d.nextSeq = head, nextSeq
			break
		}
	}
	d.Ledger.mu.RUnlock()
	if err != nil {
		d.mu.Unlock()
		return err
	}
	return d.wait()
}
