package index

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
)

// refKey is kgentsKey written plainly.
func refKey(id string) (uint64, bool) {
	if len(id) != 18 || id[:6] != "trace-" {
		return 0, false
	}
	for _, c := range id[6:] {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return 0, false
		}
	}
	k, err := strconv.ParseUint(id[6:], 16, 64)
	return k, err == nil
}

// TestKgentsKey compares the word-at-a-time parser with the plain one on
// every byte value in every digit position, and on random ids.
func TestKgentsKey(t *testing.T) {
	check := func(id string) {
		t.Helper()
		k, ok := kgentsKey(id)
		rk, rok := refKey(id)
		if ok != rok || (ok && k != rk) {
			t.Fatalf("kgentsKey(%q) = %x, %v; want %x, %v", id, k, ok, rk, rok)
		}
	}
	base := []byte("trace-0123456789ab")
	for pos := range base {
		for c := range 256 {
			id := append([]byte(nil), base...)
			id[pos] = byte(c)
			check(string(id))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		check(fmt.Sprintf("trace-%012x", rng.Uint64()>>16))
	}
	for _, id := range []string{"", "trace-", "trace-000000000000", "trace-ffffffffffff", "trace-fffffffffffff",
		"trace-00000000000", "Trace-000000000000", "trace-00000000000A", "trace-00000000000g"} {
		check(id)
	}
	if k, ok := kgentsKey("trace-ffffffffffff"); !ok || k != 1<<48-1 {
		t.Fatalf("max key %x %v", k, ok)
	}
	// The prefix's shortcut for ids that share 14 bytes with its last.
	var o ordPrefix
	last := "trace-0123456789ab"
	k, _ := kgentsKey(last)
	o.extend(0, last, k, true)
	for pos := range base {
		for c := range 256 {
			id := append([]byte(nil), last...)
			id[pos] = byte(c)
			got, ok := o.key(string(id))
			want, wok := refKey(string(id))
			if ok != wok || (ok && got != want) {
				t.Fatalf("ordPrefix.key(%q) = %x, %v; want %x, %v", id, got, ok, want, wok)
			}
		}
	}
}

// TestOrderedPrefixSearch checks the interpolating search on columns of
// evenly and unevenly spread keys, for present and absent keys.
func TestOrderedPrefixSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 17, ChunkSize + 5, 3 * ChunkSize} {
		for _, spread := range []string{"dense", "gaps", "skewed"} {
			var o ordPrefix
			keys := map[uint64]int32{}
			k := uint64(rng.IntN(5))
			for i := range n {
				switch spread {
				case "dense":
					k++
				case "gaps":
					k += 1 + uint64(rng.IntN(10))
				case "skewed": // mostly small steps, a few huge ones at chunk starts
					k += 1 + uint64(rng.IntN(3))
					if i%ChunkSize == 0 && rng.IntN(2) == 0 {
						k += 1 << 40
					}
				}
				if !o.extend(int32(i), fmt.Sprintf("trace-%012x", k&(1<<48-1)), k, true) {
					t.Fatal("increasing key refused")
				}
				keys[k] = int32(i)
			}
			for q := uint64(0); q < k+3 && q < 1<<16; q++ {
				got, ok := o.search(q)
				want, wok := keys[q]
				if ok != wok || got != want {
					t.Fatalf("n=%d %s: search(%d) = %d, %v; want %d, %v", n, spread, q, got, ok, want, wok)
				}
			}
			for kk, want := range keys {
				if got, ok := o.search(kk); !ok || got != want {
					t.Fatalf("n=%d %s: search(%d) = %d, %v; want %d", n, spread, kk, got, ok, want)
				}
				if _, ok := keys[kk+1]; !ok {
					if _, ok := o.search(kk + 1); ok {
						t.Fatalf("n=%d %s: absent %d found", n, spread, kk+1)
					}
				}
			}
			if o.extend(int32(n), "", k, true) || !o.closed {
				t.Fatal("a key equal to the last did not close the prefix")
			}
			// A key 2^32 or more past its chunk's first closes the prefix,
			// unless it starts a chunk.
			var far ordPrefix
			far.extend(0, "", 5, true)
			if far.extend(1, "", 5+1<<32, true) || !far.closed {
				t.Fatal("a key 2^32 past its chunk's first did not close the prefix")
			}
			var near ordPrefix
			near.extend(0, "", 5, true)
			if !near.extend(1, "", 5+1<<32-1, true) {
				t.Fatal("a key 2^32-1 past its chunk's first closed the prefix")
			}
		}
	}
}

func BenchmarkKgentsKey(b *testing.B) {
	ids := make([]string, 1024)
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range ids {
		ids[i] = fmt.Sprintf("trace-%012x", rng.Uint64()>>16)
	}
	var sink uint64
	for i := 0; b.Loop(); i++ {
		k, _ := kgentsKey(ids[i&1023])
		sink += k
	}
	_ = sink
}
