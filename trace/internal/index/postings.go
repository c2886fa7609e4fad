package index

import "slices"

// Postings is an append-only list of node positions (an index's posting
// list), stored in chunks that double in size up to ChunkSize entries: an
// append never copies, a short list takes a few words, and a long one
// allocates its memory once.
type Postings struct {
	full [][]int32 // the chunks before tail, each full
	tail []int32   // the last chunk, at its full length; used entries are in use
	used int
	n    int // entries in all
}

// Add appends v.
func (p *Postings) Add(v int32) {
	if p.used == len(p.tail) {
		p.grow()
	}
	p.tail[p.used] = v
	p.used++
	p.n++
}

func (p *Postings) grow() {
	size := 8
	if p.tail != nil {
		p.full = append(p.full, p.tail)
		size = min(2*len(p.tail), ChunkSize)
	}
	p.tail, p.used = make([]int32, size), 0
}

// Slice returns the list as one slice, which the caller must not change. It
// copies only a list of several chunks.
func (p *Postings) Slice() []int32 {
	if len(p.full) == 0 {
		return p.tail[:p.used:p.used]
	}
	out := make([]int32, 0, p.n)
	for _, c := range p.full {
		out = append(out, c...)
	}
	return append(out, p.tail[:p.used]...)
}

// Last returns the list's last entry, or -1 if it is empty.
func (p *Postings) Last() int32 {
	if p.used == 0 {
		return -1 // a list's tail is never empty once it has entries
	}
	return p.tail[p.used-1]
}

// Len returns the number of entries of p, which may be nil.
func (p *Postings) Len() int {
	if p == nil {
		return 0
	}
	return p.n
}

// Field maps the values of a field (origins, walks, tags) to their posting
// lists. Nodes mostly carry one of a handful of values, found without
// hashing in a cache of 8 entries indexed by a value's length and first
// byte (which tells kgents' own origins apart).
type Field struct {
	m     map[string]*Postings
	cache [8]fieldEntry
}

type fieldEntry struct {
	key  string
	list *Postings
}

// List returns the posting list of key, creating it.
func (x *Field) List(key string) *Postings {
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
			x.m = make(map[string]*Postings)
		}
		p = new(Postings)
		x.m[key] = p
	}
	*c = fieldEntry{key, p}
	return p
}

// Get returns the posting list of key, or nil.
func (x *Field) Get(key string) *Postings { return x.m[key] }

// Values returns the number of values that have a posting list.
func (x *Field) Values() int { return len(x.m) }

// Counts returns the length of every value's posting list.
func (x *Field) Counts() map[string]int {
	out := make(map[string]int, len(x.m))
	for k, p := range x.m {
		out[k] = p.n
	}
	return out
}

// Union returns the union of the posting lists of keys, in append order
// and without duplicates, and its size bound: the total length of the
// lists, which is all that Union costs to compute before it is called.
func (x *Field) Union(keys []string) (size int, union func() []int32) {
	var ps []*Postings
	for _, k := range keys {
		if p := x.m[k]; p != nil {
			ps = append(ps, p)
			size += p.n
		}
	}
	return size, func() []int32 {
		lists := make([][]int32, len(ps))
		for i, p := range ps {
			lists[i] = p.Slice()
		}
		return Union(lists, size)
	}
}

// Union merges append-ordered lists, of size entries in all, into one
// without duplicates. A single non-empty list is returned as it is.
func Union(lists [][]int32, size int) []int32 {
	nonEmpty := 0
	var one []int32
	for _, s := range lists {
		if len(s) > 0 {
			nonEmpty++
			one = s
		}
	}
	if nonEmpty <= 1 {
		return one
	}
	out := make([]int32, 0, size)
	for _, s := range lists {
		out = append(out, s...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
