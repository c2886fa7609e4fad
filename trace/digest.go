package trace

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
)

// This file holds the digests (doc.go, "Digests"): a node's content digest
// over its record encoding and its sources' digests, the chain head, and the
// ledger's methods that compute, return and verify them.

// digestOf computes n's digest; source returns the digest of a trace source
// (links to plans get none).
func digestOf(n *TraceNode, buf []byte, source func(string) *Digest) (Digest, []byte) {
	buf = appendRecord(buf[:0], n)
	var srcBuf [8]*Digest
	srcs := srcBuf[:0]
	for i := range n.links {
		if IsPlanPath(n.links[i].source) {
			srcs = append(srcs, nil)
		} else {
			srcs = append(srcs, source(n.links[i].source))
		}
	}
	return nodeDigest(buf, srcs), buf
}

// ensureDigests computes the digests of the first upto nodes that have none
// yet, and the chain head. mu is held (read or write).
func (l *Ledger) ensureDigests(upto int) {
	l.dmu.Lock()
	defer l.dmu.Unlock()
	var buf []byte
	src := func(id string) *Digest { j, _ := l.lookup(id); return l.digests.At(j) }
	for i := l.digested; i < upto; i++ {
		var d Digest
		d, buf = digestOf(l.node(int32(i)), buf, src)
		l.digests.Push(int32(i), d)
		l.head = chainStep(l.head, d)
	}
	if upto > l.digested {
		l.digested = upto
	}
}

// Digest returns the content digest of the node with the given id: SHA-256
// over its canonical encoding and the digests of its links' sources (see the
// package documentation).
func (l *Ledger) Digest(id string) (Digest, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	i, ok := l.lookup(id)
	if !ok {
		return Digest{}, false
	}
	l.ensureDigests(int(i) + 1)
	l.dmu.Lock()
	defer l.dmu.Unlock()
	return *l.digests.At(i), true
}

// Head returns the chain head after the last node: h(0) is 32 zero bytes and
// h(n) = SHA-256(h(n-1) || digest(n)).
func (l *Ledger) Head() Digest {
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.ensureDigests(l.g.Len())
	l.dmu.Lock()
	defer l.dmu.Unlock()
	return l.head
}

// ChainHead returns the head that follows head when digests are chained onto
// it in order. This is the action of sequences of nodes on chain heads:
// ChainHead(ChainHead(h, a...), b...) == ChainHead(h, append(a, b...)...).
func ChainHead(head Digest, digests ...Digest) Digest {
	for _, d := range digests {
		head = chainStep(head, d)
	}
	return head
}

// Digests returns the digests of all nodes in append order.
func (l *Ledger) Digests() []Digest {
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.ensureDigests(l.g.Len())
	l.dmu.Lock()
	defer l.dmu.Unlock()
	out := make([]Digest, l.g.Len())
	for i := range out {
		out[i] = *l.digests.At(int32(i))
	}
	return out
}

// Verify recomputes every node's digest from its content and its sources'
// recomputed digests, and the chain head, and compares them with the digests
// the ledger recorded (when the node was appended to a durable ledger, or when
// a digest was first asked for). It returns a *VerifyError for the first
// sequence number that does not match, or nil.
func (l *Ledger) Verify() error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.ensureDigests(l.g.Len())
	l.dmu.Lock()
	defer l.dmu.Unlock()
	fresh := make(map[string]*Digest, l.g.Len())
	var buf []byte
	var head Digest
	for i := 0; i < l.g.Len(); i++ {
		node, recorded := l.node(int32(i)), *l.digests.At(int32(i))
		var d Digest
		var missing string
		d, buf = digestOf(node, buf, func(id string) *Digest {
			p := fresh[id]
			if p == nil {
				missing = id
				return &Digest{}
			}
			return p
		})
		if missing != "" {
			return &VerifyError{Seq: uint64(i) + 1, ID: node.id, Reason: fmt.Sprintf("link source %q is not an earlier node", missing)}
		}
		if d != recorded {
			return &VerifyError{Seq: uint64(i) + 1, ID: node.id,
				Reason: fmt.Sprintf("digest is %s, recorded %s", d, recorded)}
		}
		fresh[node.id] = &d
		head = chainStep(head, d)
	}
	if head != l.head {
		return &VerifyError{Seq: uint64(l.g.Len()), Reason: fmt.Sprintf("chain head is %s, recorded %s", head, l.head)}
	}
	return nil
}

// Digest is a SHA-256 content digest of a node or a chain head.
type Digest [32]byte

// String returns the digest in lower-case hex.
func (d Digest) String() string { return hex.EncodeToString(d[:]) }

const nodeDomain = "kgents/trace/node/v1\n"

// nodeDomainBytes is nodeDomain as a slice: converting the string at each
// hash.Hash.Write would allocate, since the slice escapes through the
// interface.
var nodeDomainBytes = []byte(nodeDomain)

// nodeDigest computes a node's digest from its record encoding and the digests
// of its links' sources (nil entries for plan links).
func nodeDigest(record []byte, sources []*Digest) Digest {
	return finishDigest(startDigest(record), sources)
}

// digestState is a SHA-256 state that has hashed the part of a digest that
// depends on the record alone, with room for the bytes that finishing it
// writes. A slice handed to a hash.Hash's methods escapes, so finishing a
// digest from buffers on the stack would allocate twice per node.
type digestState struct {
	h   hash.Hash
	buf [1 + len(Digest{})]byte
}

// startDigest returns a new state that has hashed the record.
func startDigest(record []byte) *digestState {
	s := &digestState{h: sha256.New()}
	s.start(record)
	return s
}

// start resets s and hashes the record.
func (s *digestState) start(record []byte) {
	s.h.Reset()
	s.h.Write(nodeDomainBytes)
	s.h.Write(record)
}

// finishDigest adds the sources' digests to a started digest and returns it.
// s may then be started again.
func finishDigest(s *digestState, sources []*Digest) Digest {
	for _, src := range sources {
		if src == nil {
			s.buf[0] = 0
			s.h.Write(s.buf[:1])
			continue
		}
		s.buf[0] = 1
		copy(s.buf[1:], src[:])
		s.h.Write(s.buf[:])
	}
	var d Digest
	copy(d[:], s.h.Sum(s.buf[:0]))
	return d
}

// chainStep returns SHA-256(head || digest).
func chainStep(head, d Digest) Digest {
	var buf [64]byte
	copy(buf[:32], head[:])
	copy(buf[32:], d[:])
	return sha256.Sum256(buf[:])
}
