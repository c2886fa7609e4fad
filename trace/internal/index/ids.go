package index

import (
	"hash/maphash"
	"math/bits"
)

// IDs maps node ids to append positions. Ids that increase from the
// first node on are kept in an ordered prefix (ordids.go) and need none of
// what follows. Other ids are hashed to 64 bits; an entry holds the top 33
// bits of the hash and the position+1 in the low 31 bits (0 is empty).
// Three parts:
//
//   - table: open addressing with linear probing, an entry's home being the
//     top bits of its hash, so that the table is ordered by hash and growing
//     it is one sequential pass;
//   - recent: a small open-addressing table of the ids added since the
//     table was last written, merged into it when full;
//   - filter: a blocked Bloom filter over every id (about 8 bits per id at
//     the table's fullest, one 64-bit word per id).
//
// An append must show that its id is new. At a million ids the table (16 MiB)
// is far out of cache, and probing it costs a memory miss; the filter (1 MiB)
// answers "certainly new" for all but a few percent of new ids from one word,
// and is small enough to stay mostly in cache. New entries go to recent, which
// is in cache, instead of to cold lines of the table (a store to a cold line
// would make the append wait for it at the unlock); merging them writes many
// entries at once, so the misses overlap.
//
// Probing and growing never read the id strings; a match of the stored hash
// bits is confirmed by comparing the node's id, so colliding hashes only
// lengthen a probe. Nothing is removed.
type IDs struct {
	ord    ordPrefix
	seed   maphash.Seed
	table  []uint64
	shift  uint     // 64 - log2(len(table))
	recent []uint64 // at most half full
	rshift uint     // 64 - log2(len(recent))
	nrec   int
	filter []uint64
	fshift uint   // 64 - log2(len(filter))
	n      int    // ids in table and recent (not those in ord)
	mask   uint64 // the hash bits kept: all but posMask's (testhooks.go keeps fewer)
	expect int    // ids expected in all (Reserve), ord's included
}

// Resolver gives the id of the node at a position. The index keeps no ids
// of its own: it confirms a match of hash bits with the resolver.
type Resolver interface {
	IDAt(pos int32) string
}

const (
	posBits = 31
	posMask = 1<<posBits - 1

	minTable  = 1024
	maxRecent = 8192
)

// Probe carries what IsNew learnt of an id found absent, for the Put that
// follows: its key in the ordered prefix and its hash. The zero Probe knows
// nothing.
type Probe struct {
	key   uint64 // kgents key, if probeKeyed and probeValid
	hi    uint64 // hash &^ posMask, if probeHashed
	flags uint8
}

const (
	probeKeyed  = 1 << iota // key and probeValid are set
	probeValid              // the id has kgents' form
	probeHashed             // hi is set
)

// NewIDs returns an empty id index.
func NewIDs() IDs { return IDs{seed: maphash.MakeSeed(), mask: hashMask(^uint64(posMask))} }

func (x *IDs) hash(id string) uint64 { return maphash.String(x.seed, id) & x.mask }

// IsNew reports whether id is absent, for an append that must show it new;
// r resolves positions to ids. For an absent id it fills p with what Put
// needs, so that Put repeats none of the work. An id that continues the
// ordered prefix, which then holds every id, is new without any lookup.
func (x *IDs) IsNew(id string, r Resolver, p *Probe) bool {
	var k uint64
	var valid bool
	if x.ord.n > 0 || !x.ord.closed {
		k, valid = x.ord.key(id)
	}
	if valid && !x.ord.closed && (x.ord.n == 0 || k > x.ord.last) {
		p.key, p.flags = k, probeKeyed|probeValid
		return true
	}
	if _, dup := x.find(r, id, k, valid, p); dup {
		*p = Probe{}
		return false
	}
	return true
}

// PutNext is Put's common case, small enough to be inlined: it records id,
// new by IsNew, at the next position if it continues the ordered prefix
// within its last chunk, and otherwise reports false and changes nothing.
func (x *IDs) PutNext(id string, p *Probe) bool {
	return p.flags&probeValid != 0 && x.ord.next(id, p.key)
}

// Put records id, new by IsNew, at position pos, the next one; p is what
// IsNew filled (or the zero Probe).
func (x *IDs) Put(id string, pos int32, r Resolver, p *Probe) {
	if !x.PutNext(id, p) {
		x.put(r, id, pos, p)
	}
}

// filterBits returns the word of the filter for hi and the three bits of
// the word that hi sets.
func (x *IDs) filterBits(hi uint64) (int, uint64) {
	m := hi * 0x9e3779b97f4a7c15 // every hash bit reaches the top bits
	return int(hi >> x.fshift), 1<<(m>>58) | 1<<(m>>52&63) | 1<<(m>>46&63)
}

// Get returns the position of id; r resolves positions to ids. Lookups
// are mostly of ids that exist (a ledger's Get, link sources), for which
// the filter only costs a read: Get skips it.
func (x *IDs) Get(id string, r Resolver) (int32, bool) {
	if x.ord.n > 0 {
		if k, ok := x.ord.key(id); ok {
			if j, ok := x.ord.search(k); ok {
				return j, true
			}
		}
	}
	if x.n == 0 {
		return 0, false
	}
	hi := x.hash(id)
	if j, ok := probe(r, x.recent, x.rshift, hi, id); ok {
		return j, true
	}
	return probe(r, x.table, x.shift, hi, id)
}

// find is Get for ids that are usually absent (the duplicate check of an
// append), given k, valid = x.ord.key(id) (valid may be false when the
// prefix is closed and empty): an id greater than the ordered prefix's last
// is not in it, and the hash table's filter is asked before the table. For
// an absent id it also fills p with what put needs.
func (x *IDs) find(r Resolver, id string, k uint64, valid bool, p *Probe) (int32, bool) {
	p.key, p.flags = k, probeKeyed
	if valid {
		p.flags |= probeValid
		if x.ord.n > 0 && k <= x.ord.last {
			if j, ok := x.ord.search(k); ok {
				return j, true
			}
		}
	}
	if x.n == 0 {
		return 0, false
	}
	hi := x.hash(id)
	p.hi = hi
	p.flags |= probeHashed
	if w, b := x.filterBits(hi); x.filter[w]&b != b {
		return 0, false
	}
	if j, ok := probe(r, x.recent, x.rshift, hi, id); ok {
		return j, true
	}
	return probe(r, x.table, x.shift, hi, id)
}

// probe looks id up in an open-addressing table.
func probe(r Resolver, t []uint64, shift uint, hi uint64, id string) (int32, bool) {
	mask := len(t) - 1
	for i := int(hi >> shift); ; i = (i + 1) & mask {
		s := t[i]
		if s == 0 {
			return 0, false
		}
		if s&^posMask == hi {
			if j := int32(s&posMask) - 1; r.IDAt(j) == id {
				return j, true
			}
		}
	}
}

// place puts entry s, whose home is s >> shift, in the first free slot.
func place(t []uint64, shift uint, s uint64) {
	mask := len(t) - 1
	i := int(s >> shift)
	for t[i] != 0 {
		i = (i + 1) & mask
	}
	t[i] = s
}

// put is Put past the ordered prefix's common case.
func (x *IDs) put(r Resolver, id string, pos int32, p *Probe) {
	if !x.ord.closed {
		if p.flags&probeKeyed == 0 {
			var valid bool
			if p.key, valid = x.ord.key(id); valid {
				p.flags |= probeValid
			}
		}
		if x.ord.extend(pos, id, p.key, p.flags&probeValid != 0) {
			return
		}
		if x.ord.n < shortPrefix {
			x.dropPrefix(r)
		}
	}
	if p.flags&probeHashed == 0 {
		p.hi = x.hash(id)
	}
	x.putHash(p.hi, pos)
}

// shortPrefix is the length under which a closed ordered prefix is moved to
// the hash table: random ids close the prefix within an id or two, and an
// empty prefix spares every later id the parse that searching it needs.
const shortPrefix = ChunkSize

// dropPrefix moves the ids of the closed ordered prefix to the hash table.
func (x *IDs) dropPrefix(r Resolver) {
	n := x.ord.n
	x.ord = ordPrefix{closed: true}
	for i := range n {
		x.putHash(x.hash(r.IDAt(i)), i)
	}
}

// putHash records the id whose hash is hi at position pos in the hash table.
func (x *IDs) putHash(hi uint64, pos int32) {
	if 2*(x.n+1) > len(x.table) {
		x.grow()
	}
	s := hi | uint64(pos+1)
	w, b := x.filterBits(hi)
	x.filter[w] |= b
	place(x.recent, x.rshift, s)
	x.n++
	if x.nrec++; 2*x.nrec == len(x.recent) {
		x.merge(x.table, x.shift)
	}
}

// merge moves the recent entries into t. They come out of recent nearly in
// hash order, so they go into t in nearly ascending order.
func (x *IDs) merge(t []uint64, shift uint) {
	for i, s := range x.recent {
		if s != 0 {
			place(t, shift, s)
			x.recent[i] = 0
		}
	}
	x.nrec = 0
}

// Reserve tells x that it will hold about n ids in all, as a ledger read
// from disk knows from its segments. The hash table's first growth then
// makes room for all of them that the ordered prefix does not hold, at once,
// instead of doubling its way there: each doubling allocates a new table,
// touching fresh memory, and moves every entry again. Ids that the ordered
// prefix keeps take no room in the table, so nothing is allocated here; an
// estimate that is too small only leaves the doubling to finish the work.
func (x *IDs) Reserve(n int) { x.expect = max(x.expect, n) }

// grow doubles the table and rebuilds the filter in one pass over the old
// table. The first growth after Reserve makes the table large enough for
// the ids expected. The table is ordered by hash, so the old table, the
// new one and the filter are all read and written nearly in order.
func (x *IDs) grow() {
	size := max(2*len(x.table), minTable)
	if want := 2 * (x.expect - int(x.ord.n)); size < want {
		size = 1 << bits.Len(uint(want-1)) // the power of two at or above want
	}
	t := make([]uint64, size)
	shift := uint(64 - bits.TrailingZeros(uint(size)))
	// 8 bits per id when the table is half full: size/2 ids, size/2 bytes.
	x.filter = make([]uint64, size/16)
	x.fshift = uint(64 - bits.TrailingZeros(uint(len(x.filter))))
	for _, s := range x.table {
		if s != 0 {
			place(t, shift, s)
			w, b := x.filterBits(s &^ posMask)
			x.filter[w] |= b
		}
	}
	for _, s := range x.recent {
		if s != 0 {
			w, b := x.filterBits(s &^ posMask)
			x.filter[w] |= b
		}
	}
	x.merge(t, shift)
	x.table, x.shift = t, shift
	if len(x.recent) < maxRecent {
		x.recent = make([]uint64, min(size, maxRecent))
		x.rshift = uint(64 - bits.TrailingZeros(uint(len(x.recent))))
	}
}
