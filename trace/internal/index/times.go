package index

import (
	"math"
	"slices"
	"sort"
)

// Times is the time index: node positions ordered by (timestamp, position).
// Nodes [0, prefix) were appended in timestamp order, so in position order
// they are sorted and need no other index; that is the common case, and it
// costs a comparison per append. A later node not older than the last key
// of sorted is appended to it. The others (concurrent producers make many,
// each a little out of order) go to late, a small buffer in append order; a
// full buffer is sorted; its keys that belong near the end of sorted are
// merged into it in place (moveLate), and the older ones become a run. Runs
// of similar length are merged, as the levels of a log-structured merge tree
// are: each key is copied O(log n) times in all, and no append copies
// sorted, however long it is.
type Times struct {
	prefix int32
	lastTS int64       // the last node's timestamp (math.MinInt64 before the first)
	sorted []timeKey   // sorted (in bulk mode: in append order until EndBulk)
	runs   [][]timeKey // each sorted; lengths decrease by at least half from one to the next
	late   []timeKey   // in append order; fewer than maxLate keys
	bulk   bool
	expect int32 // nodes expected in all, in bulk mode (Reserve)
}

// timeKey orders the time index by (timestamp, position).
type timeKey struct {
	ts  int64
	idx int32
}

func (a timeKey) less(b timeKey) bool { return a.ts < b.ts || (a.ts == b.ts && a.idx < b.idx) }

// maxLate is the size of the buffer of keys out of order: small enough that
// a query reads it all, and that sorting it stays in cache.
const maxLate = 256

// NewTimes returns an empty time index.
func NewTimes() Times { return Times{lastTS: math.MinInt64} }

// Add records the node at position idx, the next one, with timestamp ts.
// Small enough to be inlined: an append in timestamp order takes no call.
func (t *Times) Add(ts int64, idx int32) {
	if t.prefix == idx && t.lastTS <= ts {
		t.prefix++
		t.lastTS = ts
		return
	}
	t.add(ts, idx)
}

func (t *Times) add(ts int64, idx int32) {
	t.lastTS = ts
	k := timeKey{ts, idx}
	if t.bulk || len(t.sorted) == 0 || t.sorted[len(t.sorted)-1].ts <= k.ts {
		if t.bulk && t.sorted == nil && t.expect > idx {
			// In bulk mode every key from here on goes to sorted.
			t.sorted = make([]timeKey, 0, t.expect-idx)
		}
		t.sorted = appendDoubling(t.sorted, k)
		return
	}
	if t.late == nil {
		t.late = make([]timeKey, 0, maxLate)
	}
	t.late = append(t.late, k)
	if len(t.late) == maxLate {
		slices.SortFunc(t.late, func(a, b timeKey) int {
			if a.less(b) {
				return -1
			}
			return 1
		})
		t.moveLate()
	}
}

// tailMerge is how far back from the end of sorted a late key may belong
// and still be merged into sorted in place: the keys merged so cost at most
// (tailMerge+maxLate)/maxLate moves each, within memory in cache, and
// allocate nothing, where a run costs O(log n) merges, each into a new
// slice, whose fresh memory is most of the cost. Concurrent producers make
// keys late by one batch of appends or a few, a few thousand keys.
const tailMerge = 32 * maxLate

// moveLate empties the full, sorted late buffer: the keys that belong
// among the last tailMerge keys of sorted are merged into it in place, and
// older ones become a run.
func (t *Times) moveLate() {
	late, n := t.late, len(t.sorted)
	split := 0
	if from := n - tailMerge; from > 0 {
		c := t.sorted[from]
		split = sort.Search(len(late), func(i int) bool { return !late[i].less(c) })
	}
	if split == len(late) {
		t.late = nil // the run takes the buffer
		t.addRun(late)
		return
	}
	if split > 0 {
		t.addRun(slices.Clone(late[:split]))
	}
	tail := late[split:]
	t.sorted = growKeys(t.sorted, len(tail))
	s := t.sorted
	// Merge from the back: s[:n] and tail into s[:n+len(tail)]. Every late
	// key is less than s[n-1] (that is what made it late), and none is less
	// than s[n-tailMerge] when sorted is longer than tailMerge, so only a
	// short sorted is ever passed (i < 0).
	i, j := n-1, len(tail)-1
	for k := len(s) - 1; j >= 0; k-- {
		if i >= 0 && tail[j].less(s[i]) {
			s[k] = s[i]
			i--
		} else {
			s[k] = tail[j]
			j--
		}
	}
	t.late = late[:0]
}

// addRun adds a sorted run and merges runs of similar length.
func (t *Times) addRun(run []timeKey) {
	t.runs = append(t.runs, run)
	for n := len(t.runs); n >= 2 && len(t.runs[n-2]) <= 2*len(t.runs[n-1]); n-- {
		t.runs[n-2] = mergeKeys(t.runs[n-2], t.runs[n-1])
		t.runs = t.runs[:n-1]
	}
}

// growKeys extends s by m keys (their values unset), doubling its capacity
// when it is full, as appendDoubling does.
func growKeys(s []timeKey, m int) []timeKey {
	if len(s)+m > cap(s) {
		u := make([]timeKey, len(s), max(2*cap(s), len(s)+m, 1024))
		copy(u, s)
		s = u
	}
	return s[:len(s)+m]
}

// appendDoubling is append, except that a full slice doubles its capacity:
// append grows large slices by a quarter, copying each element about four
// times over a million appends.
func appendDoubling[T any](s []T, v T) []T {
	if len(s) == cap(s) && len(s) >= 1024 {
		u := make([]T, len(s), 2*len(s))
		copy(u, s)
		s = u
	}
	return append(s, v)
}

// mergeKeys merges two sorted lists into a new one.
func mergeKeys(a, b []timeKey) []timeKey {
	merged := make([]timeKey, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if b[j].less(a[i]) {
			merged = append(merged, b[j])
			j++
		} else {
			merged = append(merged, a[i])
			i++
		}
	}
	merged = append(merged, a[i:]...)
	return append(merged, b[j:]...)
}

// BeginBulk starts bulk mode, for rebuilding a ledger that no one reads
// yet: keys out of order are kept unsorted until EndBulk sorts them once,
// which costs far less than keeping them sorted one insertion at a time.
func (t *Times) BeginBulk() { t.bulk = true }

// Reserve tells t, in bulk mode, that it will hold about n nodes in all,
// as a ledger read from disk knows from its segments. In bulk mode every
// key after the first one out of order goes to sorted, so sorted is then
// allocated once for the rest, instead of doubling its way there (each
// doubling touches fresh memory and copies every key again). Nothing is
// allocated while the keys come in order; a wrong estimate only leaves
// the doubling to finish the work, or some capacity unused.
func (t *Times) Reserve(n int) {
	if t.bulk {
		t.expect = int32(min(n, math.MaxInt32))
	}
}

// EndBulk ends bulk mode.
func (t *Times) EndBulk() {
	if !t.bulk {
		return
	}
	t.bulk, t.expect = false, 0
	t.sorted = sortTimeKeys(t.sorted)
}

// sortTimeKeys sorts keys that are in position order by (timestamp,
// position): a stable least-significant-digit radix sort on the timestamp,
// one pass per byte of the timestamps' range (three passes up to 2^24, four
// up to 2^32). It returns the sorted keys, in keys or in a new slice.
func sortTimeKeys(keys []timeKey) []timeKey {
	if len(keys) < 2 {
		return keys
	}
	lo, hi := keys[0].ts, keys[0].ts
	for _, k := range keys {
		lo, hi = min(lo, k.ts), max(hi, k.ts)
	}
	span := uint64(hi) - uint64(lo)
	tmp := make([]timeKey, len(keys))
	src, dst := keys, tmp
	for shift := uint(0); shift < 64 && span>>shift != 0; shift += 8 {
		var count [256]int
		for _, k := range src {
			count[byte((uint64(k.ts)-uint64(lo))>>shift)]++
		}
		pos := 0
		for i, c := range count {
			count[i] = pos
			pos += c
		}
		for _, k := range src {
			b := byte((uint64(k.ts) - uint64(lo)) >> shift)
			dst[count[b]] = k
			count[b]++
		}
		src, dst = dst, src
	}
	return src
}

// Range returns the positions of the nodes whose timestamp ts satisfies
// ts > after (when hasAfter) and ts < before (when hasBefore). tsAt returns
// the timestamp of the node at a position.
func (t *Times) Range(after, before int64, hasAfter, hasBefore bool, tsAt func(int32) int64) TimeRange {
	r := TimeRange{t: t, after: after, before: before, hasAfter: hasAfter, hasBefore: hasBefore, phi: int(t.prefix)}
	if hasAfter {
		r.plo = sort.Search(int(t.prefix), func(i int) bool { return tsAt(int32(i)) > after })
	}
	if hasBefore {
		r.phi = sort.Search(int(t.prefix), func(i int) bool { return tsAt(int32(i)) >= before })
	}
	r.phi = max(r.phi, r.plo)
	r.n = r.phi - r.plo
	r.each(func(keys []timeKey) { r.n += len(keys) })
	return r
}

// TimeRange is the result of Times.Range, valid while the ledger's lock is
// held.
type TimeRange struct {
	t                   *Times
	after, before       int64
	hasAfter, hasBefore bool
	plo, phi            int // the part of the prefix in range
	n                   int
}

// each calls f with the keys in range, a part of a list at a time.
func (r *TimeRange) each(f func([]timeKey)) {
	for _, keys := range r.t.runs {
		lo, hi := keyRange(keys, r.after, r.before, r.hasAfter, r.hasBefore)
		f(keys[lo:hi])
	}
	lo, hi := keyRange(r.t.sorted, r.after, r.before, r.hasAfter, r.hasBefore)
	f(r.t.sorted[lo:hi])
	late := r.t.late
	for i, k := range late { // unsorted, and short
		if (!r.hasAfter || k.ts > r.after) && (!r.hasBefore || k.ts < r.before) {
			f(late[i : i+1])
		}
	}
}

// Len returns the number of positions in the range.
func (r *TimeRange) Len() int { return r.n }

// Positions returns the positions in the range, in append order.
func (r *TimeRange) Positions() []int32 {
	out := make([]int32, 0, r.n)
	for i := r.plo; i < r.phi; i++ {
		out = append(out, int32(i))
	}
	// The rest come after the prefix in append order.
	r.each(func(keys []timeKey) {
		for _, k := range keys {
			out = append(out, k.idx)
		}
	})
	slices.Sort(out[r.phi-r.plo:])
	return out
}

// keyRange returns the part of sorted keys inside the bounds.
func keyRange(keys []timeKey, after, before int64, hasAfter, hasBefore bool) (lo, hi int) {
	lo, hi = 0, len(keys)
	if hasAfter {
		lo = sort.Search(len(keys), func(i int) bool { return keys[i].ts > after })
	}
	if hasBefore {
		hi = sort.Search(len(keys), func(i int) bool { return keys[i].ts >= before })
	}
	return lo, max(hi, lo)
}
