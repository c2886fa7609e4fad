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
