package trace

import "hash/maphash"

// idIndex maps node ids to append positions. It is keyed by a 64-bit hash of
// the id rather than by the id itself: a map of integers probes and grows
// without touching the id strings, which at a million nodes are cold in the
// cache. Ids whose hash is already taken by another id go to overflow; since
// nothing is ever removed, an id whose hash is absent is absent.
type idIndex struct {
	seed     maphash.Seed
	byHash   map[uint64]int32
	overflow map[string]int32
	weak     bool // tests: hash by length, so that ids collide
}

func newIDIndex() idIndex {
	return idIndex{seed: maphash.MakeSeed(), byHash: make(map[uint64]int32)}
}

func (x *idIndex) hash(id string) uint64 {
	if x.weak {
		return uint64(len(id))
	}
	return maphash.String(x.seed, id)
}

// get returns the position of id; l resolves positions to nodes.
func (x *idIndex) get(l *Ledger, id string) (int32, bool) {
	j, ok := x.byHash[x.hash(id)]
	if !ok {
		return 0, false
	}
	if l.node(j).id == id {
		return j, true
	}
	j, ok = x.overflow[id]
	return j, ok
}

// put records a new id (absent by the caller's check).
func (x *idIndex) put(id string, idx int32) {
	h := x.hash(id)
	if _, taken := x.byHash[h]; taken {
		if x.overflow == nil {
			x.overflow = make(map[string]int32)
		}
		x.overflow[id] = idx
		return
	}
	x.byHash[h] = idx
}
