package trace

import (
	"hash"

	"github.com/kgents/kgents-core/trace/internal/wal"
)

// prefetcher runs ahead of recovery's in-order scan of a segment on another
// goroutine, decoding records and hashing them (the part of a digest that
// does not depend on other nodes). The scan takes each result only if it is
// for the very payload it is at (same bytes in memory), and otherwise does
// the work itself, so the prefetcher changes nothing but the time taken.
type prefetcher struct {
	ch   chan []prefetched
	done chan struct{}
	buf  []prefetched
	i    int
	off  bool
}

type prefetched struct {
	p    *byte // first byte of the payload
	n    int
	node *TraceNode
	err  error
	h    hash.Hash
}

func startPrefetch(data []byte) *prefetcher {
	p := &prefetcher{ch: make(chan []prefetched, 8), done: make(chan struct{})}
	go func() {
		defer close(p.ch)
		var ar arena
		batch := make([]prefetched, 0, 64)
		send := func() bool {
			select {
			case p.ch <- batch:
				batch = make([]prefetched, 0, 64)
				return true
			case <-p.done:
				return false
			}
		}
		for off := wal.HeaderSize; off < len(data); {
			f, n, err := wal.DecodeFrame(data[off:])
			if err != nil {
				break
			}
			off += n
			if f.Type != wal.TypeRecord || len(f.Payload) == 0 {
				continue
			}
			node, err := decodeRecord(f.Payload, &ar)
			batch = append(batch, prefetched{p: &f.Payload[0], n: len(f.Payload), node: node, err: err, h: startDigest(f.Payload)})
			if len(batch) == cap(batch) && !send() {
				return
			}
		}
		if len(batch) > 0 {
			send()
		}
	}()
	return p
}

// next returns the prefetched result for payload, if it is the next one.
func (p *prefetcher) next(payload []byte) (prefetched, bool) {
	if p == nil || p.off || len(payload) == 0 {
		return prefetched{}, false
	}
	for p.i >= len(p.buf) {
		b, ok := <-p.ch
		if !ok {
			p.off = true
			return prefetched{}, false
		}
		p.buf, p.i = b, 0
	}
	r := p.buf[p.i]
	if r.p != &payload[0] || r.n != len(payload) {
		p.off = true // the scans diverged: stop using results
		return prefetched{}, false
	}
	p.i++
	return r, true
}

func (p *prefetcher) stop() {
	if p != nil {
		close(p.done)
	}
}
