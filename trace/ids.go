package trace

import "hash/maphash"

// idIndex maps node ids to append positions with open addressing over 64-bit
// hashes of the ids. A slot holds the top 33 bits of the id's hash and the
// position+1 in the low 31 bits (0 is an empty slot). Probing and growing
// never read the id strings, which at a million nodes are cold in the cache;
// a hash match is confirmed by comparing the node's id, so colliding hashes
// only lengthen a probe. Nothing is ever removed.
type idIndex struct {
	seed  maphash.Seed
	slots []uint64
	n     int
	weak  bool // tests: hash by length, so that ids collide
}

const (
	posBits = 31
	posMask = 1<<posBits - 1
)

func newIDIndex() idIndex { return idIndex{seed: maphash.MakeSeed()} }

func (x *idIndex) hash(id string) uint64 {
	if x.weak {
		return uint64(len(id))
	}
	return maphash.String(x.seed, id)
}

// idProbe is unused by this index.
type idProbe struct{}

// find is get.
func (x *idIndex) find(l *Ledger, id string) (int32, bool, idProbe) {
	j, ok := x.get(l, id)
	return j, ok, idProbe{}
}

// get returns the position of id; l resolves positions to nodes.
func (x *idIndex) get(l *Ledger, id string) (int32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	h := x.hash(id)
	mask := uint64(len(x.slots) - 1)
	for i := (h >> posBits) & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		if s == 0 {
			return 0, false
		}
		if s&^posMask == h&^posMask {
			if j := int32(s&posMask) - 1; l.node(j).id == id {
				return j, true
			}
		}
	}
}

// put records a new id (absent by the caller's check) at position pos.
func (x *idIndex) put(id string, pos int32, _ idProbe) {
	if 2*(x.n+1) > len(x.slots) {
		x.grow()
	}
	place(x.slots, x.hash(id)&^posMask|uint64(pos+1))
	x.n++
}

func place(slots []uint64, s uint64) {
	mask := uint64(len(slots) - 1)
	for i := (s >> posBits) & mask; ; i = (i + 1) & mask {
		if slots[i] == 0 {
			slots[i] = s
			return
		}
	}
}

func (x *idIndex) grow() {
	old := x.slots
	x.slots = make([]uint64, max(2*len(old), 1024))
	for _, s := range old {
		if s != 0 {
			place(x.slots, s)
		}
	}
}
