package trace

// postings is an append-only list of node positions (an index's posting
// list), stored in chunks that double in size up to chunkSize entries: an
// append never copies, a short list takes a few words, and a long one
// allocates its memory once.
type postings struct {
	full [][]int32 // the chunks before tail, each full
	tail []int32   // the last chunk, at its full length; used entries are in use
	used int
	n    int // entries in all
}

func (p *postings) add(v int32) {
	if p.used == len(p.tail) {
		p.grow()
	}
	p.tail[p.used] = v
	p.used++
	p.n++
}

func (p *postings) grow() {
	size := 8
	if p.tail != nil {
		p.full = append(p.full, p.tail)
		size = min(2*len(p.tail), chunkSize)
	}
	p.tail, p.used = make([]int32, size), 0
}

// slice returns the list as one slice, which the caller must not change. It
// copies only a list of several chunks.
func (p *postings) slice() []int32 {
	if len(p.full) == 0 {
		return p.tail[:p.used:p.used]
	}
	out := make([]int32, 0, p.n)
	for _, c := range p.full {
		out = append(out, c...)
	}
	return append(out, p.tail[:p.used]...)
}

// postingsIndex maps the values of a field (origins, walks, tags) to their
// posting lists. Nodes mostly carry one of a handful of values, found
// without hashing in a cache of 8 entries indexed by a value's length and
// first byte (which tells kgents' own origins apart).
type postingsIndex struct {
	m     map[string]*postings
	cache [8]postingsEntry
}

type postingsEntry struct {
	key  string
	list *postings
}

// list returns the posting list of key, creating it.
func (x *postingsIndex) list(key string) *postings {
	h := len(key)
	if h > 0 {
		h += int(key[0])
	}
	c := &x.cache[h&(len(x.cache)-1)]
	if c.list != nil && c.key == key {
		return c.list
	}
	p := x.m[key]
	if p == nil {
		if x.m == nil {
			x.m = make(map[string]*postings)
		}
		p = new(postings)
		x.m[key] = p
	}
	*c = postingsEntry{key, p}
	return p
}

// get returns the posting list of key, or nil.
func (x *postingsIndex) get(key string) *postings { return x.m[key] }

// lists returns the posting lists of those keys that have one, and their
// total length.
func (x *postingsIndex) lists(keys []string) ([]*postings, int) {
	var ps []*postings
	size := 0
	for _, k := range keys {
		if p := x.m[k]; p != nil {
			ps = append(ps, p)
			size += p.n
		}
	}
	return ps, size
}

// last returns the list's last entry, or -1 if it is empty.
func (p *postings) last() int32 {
	if p.used == 0 {
		return -1 // a list's tail is never empty once it has entries
	}
	return p.tail[p.used-1]
}

// len returns the number of entries of p, which may be nil.
func (p *postings) len() int {
	if p == nil {
		return 0
	}
	return p.n
}
