package index

import (
	"slices"
	"testing"
)

func TestPostings(t *testing.T) {
	var p Postings
	var want []int32
	for i := range int32(3*ChunkSize + 77) {
		if got := p.Slice(); !slices.Equal(got, want) || p.n != len(want) {
			t.Fatalf("after %d adds: %d entries (n=%d), want %d", i, len(got), p.n, len(want))
		}
		p.Add(i * 3)
		want = append(want, i*3)
		if i < 8 && len(p.full) != 0 {
			t.Fatalf("a list of %d entries has %d chunks", i+1, len(p.full)+1)
		}
	}
	if !slices.Equal(p.Slice(), want) {
		t.Fatal("final list differs")
	}
	for _, c := range p.full {
		if len(c) > ChunkSize {
			t.Fatalf("a chunk of %d entries", len(c))
		}
	}
	// The slice of a one-chunk list cannot be appended into by its caller.
	var q Postings
	q.Add(1)
	s := q.Slice()
	_ = append(s, 99)
	q.Add(2)
	if got := q.Slice(); !slices.Equal(got, []int32{1, 2}) {
		t.Fatalf("got %v", got)
	}
}
