package laws

import (
	"fmt"
	"slices"
	"testing"

	"github.com/kgents/kgents-core/generators"
)

// readN reads n choices from t as a Source would: choices past the end of
// t read as 0. It returns them.
func readN(t generators.Tape, n int) generators.Tape {
	out := make(generators.Tape, n)
	copy(out, t)
	return out
}

// readList reads a count and then that many elements (at most 8).
func readList(t generators.Tape) generators.Tape {
	n := 0
	if len(t) > 0 {
		n = int(t[0] % 9)
	}
	return readN(t, 1+n)
}

func TestTapeShrinkerReachesTheMinimum(t *testing.T) {
	tests := []struct {
		name  string
		start generators.Tape
		fails func(generators.Tape) (generators.Tape, bool)
		want  generators.Tape
	}{
		{"a sum over two choices: all of it moves to the last", generators.Tape{5, 900, 3, 77}, func(t generators.Tape) (generators.Tape, bool) {
			r := readN(t, 2)
			return r, r[0]+r[1] >= 10
		}, generators.Tape{0, 10}},
		{"a threshold, found by binary search", generators.Tape{1 << 40}, func(t generators.Tape) (generators.Tape, bool) {
			r := readN(t, 1)
			return r, r[0] > 123456
		}, generators.Tape{123457}},
		{"a modular condition: the smallest values are tried", generators.Tape{1000003}, func(t generators.Tape) (generators.Tape, bool) {
			r := readN(t, 1)
			return r, r[0]%7 == 3
		}, generators.Tape{3}},
		{"two choices that must differ: sorted", generators.Tape{1, 0}, func(t generators.Tape) (generators.Tape, bool) {
			r := readN(t, 2)
			return r, r[0] != r[1]
		}, generators.Tape{0, 1}},
		{"a coin that switches what the next choice spells: lowered with that choice set small", generators.Tape{1, 0}, func(t generators.Tape) (generators.Tape, bool) {
			// A special int's layout: heads, the choice after the coin
			// spells a special value (here a far one); tails, it is the
			// value. It fails from 2 up: the coin lowered alone gives 0,
			// which holds, so only the coin lowered with the next choice
			// raised reaches the plain minimum.
			r := readN(t, 2)
			v := r[1]
			if r[0] == 1 {
				v = 1000000 + r[1]
			}
			return r, v >= 2
		}, generators.Tape{0, 2}},
		{"an unsorted list: the count lowered with an element deleted", generators.Tape{3, 0, 4, 1}, func(t generators.Tape) (generators.Tape, bool) {
			r := readList(t)
			return r, !slices.IsSorted(r[1:])
		}, generators.Tape{2, 1, 0}},
		{"an element in the middle of a list with go-on choices: a pair deleted", generators.Tape{0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0}, func(t generators.Tape) (generators.Tape, bool) {
			// A choice, a list drawn as (go on?, element)… then stop, and
			// four choices more: it fails when the list is not a
			// palindrome. The element to delete sits at an odd distance
			// from the end, where no chunk of deleteSpans falls.
			r := readN(t, 1)
			var elems generators.Tape
			for i := 1; ; i += 2 {
				more := readN(t[min(i, len(t)):], 1)[0]
				r = append(r, more)
				if more == 0 {
					r = append(r, readN(t[min(i+1, len(t)):], 4)...)
					break
				}
				e := readN(t[min(i+1, len(t)):], 1)[0]
				r, elems = append(r, e), append(elems, e)
			}
			rev := slices.Clone(elems)
			slices.Reverse(rev)
			return r, !slices.Equal(elems, rev)
		}, generators.Tape{0, 1, 0, 1, 1, 0, 0, 0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tried := map[string]int{}
			fails := func(c generators.Tape) (generators.Tape, bool) {
				tried[fmt.Sprint(c)]++
				return tt.fails(c)
			}
			got, n := shrinkTapeCase(slices.Clone(tt.start), 10000, nil, fails)
			if !slices.Equal(got, tt.want) {
				t.Errorf("shrank %v to %v, want %v", tt.start, got, tt.want)
			}
			if n != len(tried) {
				t.Errorf("reported %d evaluations, made %d", n, len(tried))
			}
			for c, k := range tried {
				if k > 1 {
					t.Errorf("tape %s evaluated %d times", c, k)
				}
			}
		})
	}
}

// The shrinker stops at its bounds: max evaluations, and as soon as stop
// says so.
func TestTapeShrinkerStopsAtItsBounds(t *testing.T) {
	// Every candidate fails and reads 8 choices: shrinking goes on for
	// as long as the bounds allow.
	always := func(c generators.Tape) (generators.Tape, bool) { return readN(c, 8), true }
	start := generators.Tape{9, 9, 9, 9, 9, 9, 9, 9}
	if _, n := shrinkTapeCase(slices.Clone(start), 3, nil, always); n != 3 {
		t.Errorf("max 3: %d evaluations", n)
	}
	calls := 0
	stop := func() bool { calls++; return calls > 2 }
	got, n := shrinkTapeCase(slices.Clone(start), 10000, stop, always)
	if n != 2 {
		t.Errorf("stop after 2: %d evaluations", n)
	}
	if !simplerTape(got, start) {
		t.Errorf("stopped at %v: the successes before the bound are kept", got)
	}
	never := func(c generators.Tape) (generators.Tape, bool) { return c, false }
	if got, _ := shrinkTapeCase(slices.Clone(start), 10000, nil, never); !slices.Equal(got, start) {
		t.Errorf("no candidate fails: got %v, want the case unchanged", got)
	}
}
