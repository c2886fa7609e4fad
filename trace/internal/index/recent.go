package index

import "hash/maphash"

// RecentIDs maps the ids of the last Window to 2*Window positions put to
// their positions, in two tables of Window ids each: when the newer fills
// up, the older is emptied and becomes the newer. Recovery's read-ahead
// finds the sources of links among the records it has just digested with
// it, in tables that stay in cache.
//
// Ids are told apart by 46 bits of a hash: a table slot (14 bits) and a
// tag (32 bits). Two ids that agree on them are not told apart, and Get may
// then return the other's position: a caller must check what it finds (the
// scan does, as it compares every position with its own lookup's).
type RecentIDs struct {
	seed     maphash.Seed
	mask     uint64 // the hash bits kept: all (testhooks.go keeps fewer)
	cur, old *[2 * Window]idSlot
	n        int // ids in cur
}

const windowBits = 13

// Window is how many ids a RecentIDs keeps at least.
const Window = 1 << windowBits

// NewRecentIDs returns an empty table.
func NewRecentIDs() RecentIDs { return RecentIDs{seed: maphash.MakeSeed(), mask: hashMask(^uint64(0))} }

func (t *RecentIDs) hash(id string) uint64 { return maphash.String(t.seed, id) & t.mask }

type idSlot struct {
	tag uint32 // low bits of the hash, | 1; 0 for an empty slot
	pos int32
}

// Get returns the position of id, if it is one of the recent ids; next is
// the position of the next id to be put.
func (t *RecentIDs) Get(id string, next int32) (int32, bool) {
	if t.cur == nil {
		return 0, false
	}
	h := t.hash(id)
	if k, ok := lookup(t.cur, h); ok {
		return k, true
	}
	if t.old == nil {
		return 0, false
	}
	if k, ok := lookup(t.old, h); ok && next-k <= 2*Window {
		return k, true
	}
	return 0, false
}

// Put adds id at position k (if an id comes twice, Get may return either).
func (t *RecentIDs) Put(id string, k int32) {
	if t.cur == nil {
		t.cur = new([2 * Window]idSlot)
	}
	if t.n == Window {
		if t.old == nil {
			t.old = new([2 * Window]idSlot)
		} else {
			clear(t.old[:])
		}
		t.cur, t.old, t.n = t.old, t.cur, 0
	}
	h := t.hash(id)
	tag := uint32(h) | 1
	for i := h >> (64 - windowBits - 1); ; i = (i + 1) & (2*Window - 1) {
		if t.cur[i].tag == 0 {
			t.cur[i] = idSlot{tag, k}
			t.n++
			return
		}
	}
}

func lookup(tab *[2 * Window]idSlot, h uint64) (int32, bool) {
	tag := uint32(h) | 1
	for i := h >> (64 - windowBits - 1); ; i = (i + 1) & (2*Window - 1) {
		switch tab[i].tag {
		case tag:
			return tab[i].pos, true
		case 0:
			return 0, false
		}
	}
}
