package index

// The ordered prefix of the id index.
//
// An id of kgents' own form, "trace-" and 12 lowercase hex digits, is read
// as a 48-bit number, and the numbers sort as the ids do. While every id
// appended has had that form and has been greater than the one before (ids
// taken from a counter or a clock), the index keeps them only as a column of
// those numbers, entry i being the id of node i: an append's id is new
// because it is greater than the last, which needs no memory access, and
// storing it is a sequential write. Lookups search the column, guessing the
// position by interpolation (exact for ids from a counter) and then
// galloping. The first id out of that pattern (another form, or not greater
// than the last) closes the prefix for good: it and every id after it go to
// the hash table. A prefix that closed with 4096 ids or more stays and is
// still searched for ids up to its last; a shorter one is moved to the hash
// table too (IDs.Put), so that later ids need no parse at all. Random
// ids, as NewID and kgents make, close the prefix within an id or two.
// The column holds 4 bytes per id: the offset from the first key of its
// chunk of 4096. An id 2^32 or more past its chunk's first (4096 ids from a
// microsecond clock spread over 71 minutes) closes the prefix too.
//
// This is the right-most insertion fast path of B-trees (PostgreSQL's nbtree
// fastpath for increasing keys) put in front of a hash index.

// ordPrefix is the ordered prefix; the zero value is open and empty.
type ordPrefix struct {
	base   []uint64       // per chunk of the column, the key of its first id
	offs   Column[uint32] // each id's key minus its chunk's base
	n      int32          // ids in the prefix: nodes [0, n)
	last   uint64         // the greatest (last) key, when n > 0
	lastID string         // and its id
	closed bool
	// The last chunk of offs and its base, for next.
	cur     []uint32
	curBase uint64
}

// kgentsKey returns the 48-bit number of an id of the form "trace-" and 12
// lowercase hex digits.
func kgentsKey(id string) (uint64, bool) {
	if len(id) != 18 || id[:6] != "trace-" {
		return 0, false
	}
	hi, ok1 := hex8(id[6:14])
	lo, ok2 := hex8(id[10:18])
	return uint64(hi)<<16 | uint64(lo&0xffff), ok1 && ok2
}

// hex8 reads s[:8] as lowercase hex digits, the most significant first, all
// eight bytes at once.
func hex8(s string) (uint32, bool) {
	_ = s[7]
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	const ones, high = 0x0101010101010101, 0x8080808080808080
	// For bytes below 0x80, adding 0x80-c sets a byte's high bit iff the
	// byte is >= c, and adding 0x7f-c iff it is > c; no carry crosses bytes.
	digit := (x + (0x80-'0')*ones) &^ (x + (0x7f-'9')*ones)
	letter := (x + (0x80-'a')*ones) &^ (x + (0x7f-'f')*ones)
	ok := x&high == 0 && (digit|letter)&high == high
	// A digit's value is its low nibble; a letter's, its low nibble + 9
	// (bit 6 is set in letters only). Then pack the nibbles: byte k holds
	// digit k, so pairs, then quads, then all eight.
	v := x&0x0f0f0f0f0f0f0f0f + 9*(x>>6&ones)
	v = (v<<4 | v>>8) & 0x00ff00ff00ff00ff
	v = (v<<8 | v>>16) & 0x0000ffff0000ffff
	v = (v<<16 | v>>32) & 0xffffffff
	return uint32(v), ok
}

// key returns kgentsKey(id). An id that shares its first 14 bytes ("trace-"
// and 8 digits) with the prefix's last, as the next id from a counter or a
// clock mostly does, has only its last 4 digits read.
func (o *ordPrefix) key(id string) (uint64, bool) {
	if last := o.lastID; len(id) == 18 && len(last) == 18 && load8(id, 0) == load8(last, 0) && load8(id, 6) == load8(last, 6) {
		// hex8's method for the 4 digits of id[14:18].
		x := uint32(id[14]) | uint32(id[15])<<8 | uint32(id[16])<<16 | uint32(id[17])<<24
		const ones, high = 0x01010101, 0x80808080
		digit := (x + (0x80-'0')*ones) &^ (x + (0x7f-'9')*ones)
		letter := (x + (0x80-'a')*ones) &^ (x + (0x7f-'f')*ones)
		v := x&0x0f0f0f0f + 9*(x>>6&ones)
		v = (v<<4 | v>>8) & 0x00ff00ff
		v = (v<<8 | v>>16) & 0xffff
		return o.last&^0xffff | uint64(v), x&high == 0 && (digit|letter)&high == high
	}
	return kgentsKey(id)
}

// load8 returns s[i:i+8] as a little-endian word.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func (o *ordPrefix) at(i int32) uint64 { return o.base[i>>ChunkBits] + uint64(*o.offs.At(i)) }

// search returns the position of the id with key k, if it is in the prefix.
func (o *ordPrefix) search(k uint64) (int32, bool) {
	n := o.n
	if n == 0 || k > o.last {
		return 0, false
	}
	first := o.at(0)
	if k < first {
		return 0, false
	}
	g := n - 1
	if span := o.last - first; span > 0 {
		g = int32(float64(k-first) / float64(span) * float64(n-1))
		g = min(max(g, 0), n-1)
	}
	v := o.at(g)
	if v == k {
		return g, true
	}
	// Gallop from the guess to bracket k between keys lo < k < hi, then
	// search between them.
	lo, hi := int32(-1), n
	if v < k {
		lo = g
		for step := int32(1); ; step *= 2 {
			p := lo + step
			if p >= n {
				break
			}
			if v = o.at(p); v == k {
				return p, true
			} else if v > k {
				hi = p
				break
			}
			lo = p
		}
	} else {
		hi = g
		for step := int32(1); ; step *= 2 {
			p := hi - step
			if p < 0 {
				break
			}
			if v = o.at(p); v == k {
				return p, true
			} else if v < k {
				lo = p
				break
			}
			hi = p
		}
	}
	for a, b := lo+1, hi; a < b; {
		m := int32(uint32(a+b) >> 1)
		switch v := o.at(m); {
		case v == k:
			return m, true
		case v < k:
			a = m + 1
		default:
			b = m
		}
	}
	return 0, false
}

// next is extend's common case, small enough to be inlined: it adds id,
// with the valid key k, at the next position (an open prefix holds every
// id, so that is position n) if that continues the prefix within its last
// chunk, and otherwise reports false and changes nothing.
func (o *ordPrefix) next(id string, k uint64) bool {
	i := o.n & (ChunkSize - 1)
	if o.closed || i == 0 || k <= o.last || k-o.curBase > 1<<32-1 {
		return false
	}
	o.cur[i&(ChunkSize-1)] = uint32(k - o.curBase)
	o.n++
	o.last, o.lastID = k, id
	return true
}

// extend adds id, with key k (valid: it has kgents' form), at position pos
// if it continues the prefix, and otherwise closes the prefix. It reports
// whether the id went into the prefix.
func (o *ordPrefix) extend(pos int32, id string, k uint64, valid bool) bool {
	if o.closed {
		return false
	}
	if !valid || pos != o.n || (o.n > 0 && k <= o.last) {
		o.closed = true
		return false
	}
	if o.n&(ChunkSize-1) == 0 {
		o.base = append(o.base, k)
	} else if k-o.base[len(o.base)-1] > 1<<32-1 {
		o.closed = true
		return false
	}
	o.offs.Push(o.n, uint32(k-o.base[len(o.base)-1]))
	o.cur, o.curBase = o.offs.chunks[len(o.offs.chunks)-1], o.base[len(o.base)-1]
	o.n++
	o.last, o.lastID = k, id
	return true
}
