package trace

import "fmt"

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
	src := func(id string) *Digest { j, _ := l.ids.get(l, id); return l.digests.at(j) }
	for i := l.digested; i < upto; i++ {
		var d Digest
		d, buf = digestOf(l.node(int32(i)), buf, src)
		l.digests.push(int32(i), d)
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
	i, ok := l.ids.get(l, id)
	if !ok {
		return Digest{}, false
	}
	l.ensureDigests(int(i) + 1)
	l.dmu.Lock()
	defer l.dmu.Unlock()
	return *l.digests.at(i), true
}

// Head returns the chain head after the last node: h(0) is 32 zero bytes and
// h(n) = SHA-256(h(n-1) || digest(n)).
func (l *Ledger) Head() Digest {
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.ensureDigests(l.n)
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
	l.ensureDigests(l.n)
	l.dmu.Lock()
	defer l.dmu.Unlock()
	out := make([]Digest, l.n)
	for i := range out {
		out[i] = *l.digests.at(int32(i))
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
	l.ensureDigests(l.n)
	l.dmu.Lock()
	defer l.dmu.Unlock()
	fresh := make(map[string]*Digest, l.n)
	var buf []byte
	var head Digest
	for i := 0; i < l.n; i++ {
		node, recorded := l.node(int32(i)), *l.digests.at(int32(i))
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
		return &VerifyError{Seq: uint64(l.n), Reason: fmt.Sprintf("chain head is %s, recorded %s", head, l.head)}
	}
	return nil
}
