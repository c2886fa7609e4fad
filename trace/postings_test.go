package trace

import (
	"slices"
	"testing"
)

func TestPostings(t *testing.T) {
	var p postings
	var want []int32
	for i := range int32(3*chunkSize + 77) {
		if got := p.slice(); !slices.Equal(got, want) || p.n != len(want) {
			t.Fatalf("after %d adds: %d entries (n=%d), want %d", i, len(got), p.n, len(want))
		}
		p.add(i * 3)
		want = append(want, i*3)
		if i < 8 && len(p.full) != 0 {
			t.Fatalf("a list of %d entries has %d chunks", i+1, len(p.full)+1)
		}
	}
	if !slices.Equal(p.slice(), want) {
		t.Fatal("final list differs")
	}
	for _, c := range p.full {
		if len(c) > chunkSize {
			t.Fatalf("a chunk of %d entries", len(c))
		}
	}
	// The slice of a one-chunk list cannot be appended into by its caller.
	var q postings
	q.add(1)
	s := q.slice()
	_ = append(s, 99)
	q.add(2)
	if got := q.slice(); !slices.Equal(got, []int32{1, 2}) {
		t.Fatalf("got %v", got)
	}
}
