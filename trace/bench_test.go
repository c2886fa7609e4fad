package trace

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/kgents/kgents-core/internal/benchcpu"
)

// The ledger's benchmarks. Their goals, the Python figures they are compared
// with, and the results are recorded in BENCHMARKS.md.

var sinkNode *TraceNode

// BenchmarkNewNode builds a node with kgents' defaults (fresh id, now,
// system umwelt), as Python's TraceNode() does. Goal: ≤ 200 ns, ≤ 3 allocs.
func BenchmarkNewNode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkNode = New(Fields{})
	}
}

// BenchmarkNewNodeWithContent builds a typical witness node: thought
// response with tags, witness umwelt, a link.
func BenchmarkNewNodeWithContent(b *testing.B) {
	b.ReportAllocs()
	link := NewLink("trace-000000000001", "", Causes, nil)
	tags := []string{"git"}
	for b.Loop() {
		sinkNode = New(Fields{Origin: "witness", Stimulus: StimulusFromEvent("git", "Commit 9f2e", "git"),
			Response: NewResponse("thought", "Noticed commit 9f2e", true, nil), Umwelt: WitnessUmwelt(TrustBounded),
			Links: []Link{link}, Tags: tags, Phase: PhaseSense})
	}
}

const million = 1_000_000

var chain = sync.OnceValue(func() []*TraceNode {
	nodes := make([]*TraceNode, million)
	t0 := epoch
	for i := range nodes {
		f := Fields{ID: fmt.Sprintf("trace-%012x", i), Timestamp: t0.Add(time.Duration(i) * time.Microsecond),
			Origin: [...]string{"witness", "logos", "brain", "town"}[i%4]}
		if i > 0 {
			f.Links = []Link{NewLink(nodes[i-1].id, f.ID, Causes, nil)}
		}
		nodes[i] = New(f)
	}
	return nodes
})

// randomChain is chain with kgents' random ids ("trace-" and 12 random hex
// digits, as NewID and Python make them) instead of increasing ones.
var randomChain = sync.OnceValue(func() []*TraceNode {
	rng := rand.New(rand.NewPCG(1, 2))
	nodes := make([]*TraceNode, million)
	for i := range nodes {
		f := Fields{ID: fmt.Sprintf("trace-%012x", rng.Uint64()>>16), Timestamp: epoch.Add(time.Duration(i) * time.Microsecond),
			Origin: [...]string{"witness", "logos", "brain", "town"}[i%4]}
		if i > 0 {
			f.Links = []Link{NewLink(nodes[i-1].id, f.ID, Causes, nil)}
		}
		nodes[i] = New(f)
	}
	return nodes
})

var chainLedger = sync.OnceValue(func() *Ledger {
	l := NewLedger()
	for _, n := range chain() {
		if err := l.Append(n); err != nil {
			panic(err)
		}
	}
	return l
})

// BenchmarkAppend1MLinked appends 1M prebuilt nodes, each linked to its
// predecessor, to a fresh in-memory ledger (all indexes maintained). One op
// is the whole million. Goal: ≤ 80 ms (Python 5.2 s).
func BenchmarkAppend1MLinked(b *testing.B) { benchAppendAll(b, chain()) }

// BenchmarkAppend4096Linked is BenchmarkAppend1MLinked on ledgers of 4096
// nodes, whose data stay in cache: small enough to run under callgrind,
// which counts the instructions of an append exactly (BENCHMARKS.md).
func BenchmarkAppend4096Linked(b *testing.B) { benchAppendAll(b, chain()[:4096]) }

// BenchmarkAppend1MLinkedRandomIDs is BenchmarkAppend1MLinked with random
// kgents ids, which go to the id index's hash table instead of its ordered
// prefix (trace/internal/index/ordids.go).
func BenchmarkAppend1MLinkedRandomIDs(b *testing.B) { benchAppendAll(b, randomChain()) }

// BenchmarkAppendLinkedScaling appends 1M and 4M linked nodes: an append
// should cost the same at either size (goal: at most 1.2x per append from
// 1M to 4M), with the same heap per node (heap-B/node: the ledger's own
// memory, the prebuilt nodes excluded). Each op starts from the same heap
// state, set outside the timer: "reused" collects the last op's ledger
// first, so the new one reuses its memory; "fresh" also returns that memory
// to the operating system, so the new ledger's first writes fault in every
// page, as a ledger growing for the first time does. Without this, the 4M
// ledger (whose prebuilt nodes put the collector's goal above 2 GB) always
// ran in fresh memory and the 1M one in reused memory. CPU time per append
// (user, system) and page faults are reported too: they are not inflated by
// other processes, as wall time on a shared machine is.
func BenchmarkAppendLinkedScaling(b *testing.B) {
	for _, fresh := range []bool{false, true} {
		for _, n := range []int{million, 4 * million} {
			name := fmt.Sprintf("n=%dM/reused", n/million)
			if fresh {
				name = fmt.Sprintf("n=%dM/fresh", n/million)
			}
			b.Run(name, func(b *testing.B) { benchScaling(b, linkedChain(n), fresh) })
		}
	}
}

func benchScaling(b *testing.B, nodes []*TraceNode, fresh bool) {
	var r0, r1 syscall.Rusage
	var cpu [2]time.Duration
	var faults int64
	var ms runtime.MemStats
	var heap float64
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		if fresh {
			debug.FreeOSMemory()
		}
		runtime.ReadMemStats(&ms)
		before := ms.HeapAlloc
		syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
		b.StartTimer()
		l := NewLedger()
		for _, n := range nodes {
			if err := l.Append(n); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
		cpu[0] += time.Duration(r1.Utime.Nano() - r0.Utime.Nano())
		cpu[1] += time.Duration(r1.Stime.Nano() - r0.Stime.Nano())
		faults += r1.Minflt - r0.Minflt
		runtime.GC()
		runtime.ReadMemStats(&ms)
		heap = float64(ms.HeapAlloc-before) / float64(len(nodes))
		runtime.KeepAlive(l)
		b.StartTimer()
	}
	per := float64(b.N) * float64(len(nodes))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/append")
	b.ReportMetric(float64(cpu[0].Nanoseconds())/per, "user-ns/append")
	b.ReportMetric(float64(cpu[1].Nanoseconds())/per, "sys-ns/append")
	b.ReportMetric(float64(faults)*1e6/per, "faults/1M")
	b.ReportMetric(heap, "heap-B/node")
}

// linkedChain returns chain() extended to n nodes, built once per size.
func linkedChain(n int) []*TraceNode {
	if n <= million {
		return chain()[:n]
	}
	return longChain()[:n]
}

var longChain = sync.OnceValue(func() []*TraceNode {
	nodes := append(make([]*TraceNode, 0, 4*million), chain()...)
	for i := million; i < 4*million; i++ {
		f := Fields{ID: fmt.Sprintf("trace-%012x", i), Timestamp: epoch.Add(time.Duration(i) * time.Microsecond),
			Origin: [...]string{"witness", "logos", "brain", "town"}[i%4],
			Links:  []Link{NewLink(nodes[i-1].id, "", Causes, nil)}}
		f.Links[0].target = f.ID
		nodes = append(nodes, New(f))
	}
	return nodes
})

// benchAppendAll appends nodes to a fresh ledger per op.
func benchAppendAll(b *testing.B, nodes []*TraceNode) {
	b.ReportAllocs()
	for b.Loop() {
		l := NewLedger()
		for _, n := range nodes {
			if err := l.Append(n); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(nodes)), "ns/append")
}

// BenchmarkBuildAndAppend1MLinked builds and appends 1M linked nodes, as the
// Python figure does.
func BenchmarkBuildAndAppend1MLinked(b *testing.B) {
	b.ReportAllocs()
	ids := make([]string, million)
	for i := range ids {
		ids[i] = fmt.Sprintf("trace-%012x", i)
	}
	for b.Loop() {
		l := NewLedger()
		var prev string
		for i, id := range ids {
			f := Fields{ID: id, Timestamp: epoch.Add(time.Duration(i) * time.Microsecond)}
			if prev != "" {
				f.Links = []Link{NewLink(prev, id, Causes, nil)}
			}
			if err := l.Append(New(f)); err != nil {
				b.Fatal(err)
			}
			prev = id
		}
	}
}

// BenchmarkQueryTimeRange100of1M queries a 100 µs window of a 1M-node ledger
// (100 nodes). Goal: ≤ 50 µs.
func BenchmarkQueryTimeRange100of1M(b *testing.B) {
	l := chainLedger()
	start := 500_000
	q := Query{After: epoch.Add(time.Duration(start-1) * time.Microsecond), Before: epoch.Add(time.Duration(start+100) * time.Microsecond)}
	if got := l.Query(q); len(got) != 100 {
		b.Fatalf("query returned %d nodes", len(got))
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(l.Query(q)) != 100 {
			b.Fatal("wrong count")
		}
	}
}

// BenchmarkAncestry10Hops walks 10 hops back from a node of a 1M chain.
// Goal: ≤ 5 µs.
func BenchmarkAncestry10Hops(b *testing.B) {
	l := chainLedger()
	id := chain()[750_000].id
	if got := l.Ancestors(id, 10); len(got) != 10 {
		b.Fatalf("ancestry returned %d nodes", len(got))
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(l.Ancestors(id, 10)) != 10 {
			b.Fatal("wrong count")
		}
	}
}

// BenchmarkGetOf1M looks up nodes of a 1M chain by id, in random order:
// the ordered id prefix's interpolating search.
func BenchmarkGetOf1M(b *testing.B) {
	l := chainLedger()
	nodes := chain()
	rng := rand.New(rand.NewPCG(3, 4))
	order := make([]int32, 1<<16)
	for i := range order {
		order[i] = int32(rng.IntN(len(nodes)))
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		n := nodes[order[i&(1<<16-1)]]
		if got, ok := l.Get(n.id); !ok || got != n {
			b.Fatal("wrong node")
		}
	}
}

// benchDir is where the durable benchmarks write: $KGENTS_BENCH_DIR (to
// measure a particular disk) or the test's temporary directory.
func benchDir(b *testing.B) string {
	if d := os.Getenv("KGENTS_BENCH_DIR"); d != "" {
		dir, err := os.MkdirTemp(d, "bench")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	return b.TempDir()
}

// fsyncLatency measures, in dir, a 256-byte append plus fsync, and a
// 256-byte write over preallocated zeros plus fdatasync (how the ledger makes
// a batch durable).
func fsyncLatency(b *testing.B, dir string, n int) (fsync, fdatasync time.Duration) {
	f, err := os.Create(filepath.Join(dir, "fsync-probe"))
	if err != nil {
		b.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	buf := make([]byte, 256)
	start := time.Now()
	for range n {
		if _, err := f.Write(buf); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
	}
	fsync = time.Since(start) / time.Duration(n)

	g, err := os.Create(filepath.Join(dir, "fdatasync-probe"))
	if err != nil {
		b.Fatal(err)
	}
	defer os.Remove(g.Name())
	defer g.Close()
	if _, err := g.Write(make([]byte, n*len(buf))); err != nil {
		b.Fatal(err)
	}
	if err := g.Sync(); err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	for i := range n {
		if _, err := g.WriteAt(buf, int64(i*len(buf))); err != nil {
			b.Fatal(err)
		}
		if err := syscall.Fdatasync(int(g.Fd())); err != nil {
			b.Fatal(err)
		}
	}
	return fsync, time.Since(start) / time.Duration(n)
}

// BenchmarkDurableAppend16Producers appends from 16 goroutines to a durable
// ledger in the default SyncAlways mode (each append returns after its
// batch's fdatasync). It reports nodes/s, the p99 append latency, the raw
// fsync and fdatasync latencies of the same disk measured in the same run
// (fsyncLatency), and the ledger's own write+fdatasync per batch. Goal:
// ≥ 100k nodes/s.
func BenchmarkDurableAppend16Producers(b *testing.B) { benchDurable(b, 16) }

// BenchmarkDurableAppend256Producers shows group commit scaling: with every
// producer waiting for its fsync, throughput is bounded by about
// producers/(2·fsync), so more producers share each fsync.
func BenchmarkDurableAppend256Producers(b *testing.B) { benchDurable(b, 256) }

// BenchmarkDurableProducers is the group-commit curve: the same workload
// from 1, 16, 64, 256 and 1024 producers. Besides nodes/s it reports the
// device limit measured in the same run (producers per write+fdatasync of a
// batch: what the ledger would reach if every flush carried one append of
// every producer and nothing else took time) and the fraction of it reached.
// Goals: ≥ 85% of the device limit with 16 producers, ≥ 1M nodes/s with 1024.
func BenchmarkDurableProducers(b *testing.B) {
	for _, p := range []int{1, 16, 64, 256, 1024} {
		b.Run(fmt.Sprintf("p=%d", p), func(b *testing.B) { benchDurable(b, p) })
	}
}

// BenchmarkDurableAppendAll is the durable workload with each producer
// handing its nodes to AppendAll in calls of 64, for callers that have many
// nodes at once: a call is checked under one lock and shares one batch and
// one fsync. Same metrics as BenchmarkDurableProducers.
func BenchmarkDurableAppendAll(b *testing.B) {
	for _, p := range []int{1, 16} {
		b.Run(fmt.Sprintf("p=%d", p), func(b *testing.B) { benchDurableCalls(b, p, 64) })
	}
}

func benchDurable(b *testing.B, producers int) { benchDurableCalls(b, producers, 1) }

// producerChains builds, for each producer, a chain of per nodes, each
// caused by the one before: the nodes of the durable benchmarks, built
// before the clock starts.
func producerChains(producers, per int) [][]*TraceNode {
	nodes := make([][]*TraceNode, producers)
	for p := range nodes {
		for i := range per {
			f := Fields{ID: fmt.Sprintf("p%02d-%09d", p, i), Origin: "witness", Timestamp: epoch.Add(time.Duration(i+1) * time.Microsecond),
				Response: NewResponse("thought", "benchmark node", true, nil), Tags: []string{"bench"}}
			if i > 0 {
				f.Links = []Link{NewLink(nodes[p][i-1].id, f.ID, Causes, nil)}
			}
			nodes[p] = append(nodes[p], New(f))
		}
	}
	return nodes
}

// BenchmarkDurableReadsDuringAppends measures what a reader pays beside
// durable appends: 16 producers append as in BenchmarkDurableProducers
// while one reader looks up, every 20 µs or so (so that its lookups sample
// the cycle of batches rather than load a core), the node that some
// producer had last seen acknowledged. A change to the append path that
// made readers wait for a batch in flight (tried in session 9, see
// docs/benchmarks-history.md) shows here as read latencies of a flush; one
// op is one append, and the reader's latencies are reported beside.
func BenchmarkDurableReadsDuringAppends(b *testing.B) {
	const producers = 16
	d, err := Open(filepath.Join(benchDir(b), "ledger"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	per := b.N/producers + 1
	nodes := producerChains(producers, per)
	acked := make([]atomic.Int64, producers)
	stop := make(chan struct{})
	var reads []time.Duration
	readerDone := make(chan struct{})
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	go func() {
		defer close(readerDone)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			p := i % producers
			k := acked[p].Load()
			if k == 0 {
				runtime.Gosched()
				continue
			}
			t := time.Now()
			if _, ok := d.Get(nodes[p][k-1].id); !ok {
				b.Errorf("%s acknowledged but not found", nodes[p][k-1].id)
				return
			}
			reads = append(reads, time.Since(t))
			time.Sleep(20 * time.Microsecond)
		}
	}()
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, n := range nodes[p] {
				if err := d.Append(n); err != nil {
					b.Error(err)
					return
				}
				acked[p].Store(int64(i + 1))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	<-readerDone
	b.StopTimer()
	b.ReportMetric(float64(producers*per)/elapsed.Seconds(), "nodes/s")
	if len(reads) > 0 {
		slices.Sort(reads)
		b.ReportMetric(float64(len(reads))/elapsed.Seconds(), "reads/s")
		for _, q := range []struct {
			name string
			at   int
		}{{"p50", 50}, {"p90", 90}, {"p99", 99}} {
			b.ReportMetric(float64(reads[len(reads)*q.at/100].Nanoseconds())/1000, "read-"+q.name+"-µs")
		}
		b.ReportMetric(float64(reads[len(reads)-1].Nanoseconds())/1000, "read-max-µs")
	}
}

// benchDurableCalls runs the durable workload with producers goroutines,
// each appending its nodes in calls of size nodes (Append when size is 1,
// AppendAll otherwise).
func benchDurableCalls(b *testing.B, producers, size int) {
	dir := benchDir(b)
	rawFsync, rawFdatasync := fsyncLatency(b, dir, 200)
	d, err := Open(filepath.Join(dir, "ledger"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	per := b.N/producers + 1
	nodes := producerChains(producers, per)
	run := produce(b, producers, per, func(p, i int) (int, error) {
		if size == 1 {
			return 1, d.Append(nodes[p][i])
		}
		k := min(size, per-i)
		return k, d.AppendAll(nodes[p][i : i+k])
	})
	b.ReportMetric(float64(rawFsync.Microseconds()), "fsync-µs")
	b.ReportMetric(float64(rawFdatasync.Microseconds()), "fdatasync-µs")
	d.mu.Lock()
	defer d.mu.Unlock()
	run.report(b, producers*size, d.syncs, d.synced, d.flushTime)
}

// production is what produce measured.
type production struct {
	elapsed, cpu time.Duration
	lat          []time.Duration // each node's append latency, sorted
}

// produce starts the clock and runs producers goroutines, each appending
// nodes 0 to per-1 of its own through call, which appends from node i on
// and says how many nodes it appended; it stops the clock when all are
// done. Each node's latency is its call's.
func produce(b *testing.B, producers, per int, call func(p, i int) (int, error)) production {
	lat := make([][]time.Duration, producers)
	b.ReportAllocs()
	b.ResetTimer()
	start, cpu0 := time.Now(), benchcpu.Process()
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat[p] = make([]time.Duration, 0, per)
			for i := 0; i < per; {
				t := time.Now()
				k, err := call(p, i)
				if err != nil {
					b.Error(err)
					return
				}
				for range k {
					lat[p] = append(lat[p], time.Since(t))
				}
				i += k
			}
		}()
	}
	wg.Wait()
	r := production{elapsed: time.Since(start), cpu: benchcpu.Process() - cpu0}
	b.StopTimer()
	for _, l := range lat {
		r.lat = append(r.lat, l...)
	}
	slices.Sort(r.lat)
	return r
}

// report reports the metrics of a group commit that made synced nodes
// durable in syncs fsyncs taking flushTime in all, calls being the
// appends in flight (producers times nodes per call).
func (r production) report(b *testing.B, calls, syncs, synced int, flushTime time.Duration) {
	if len(r.lat) == 0 {
		return // the producers failed, and said so
	}
	n := float64(len(r.lat))
	b.ReportMetric(n/r.elapsed.Seconds(), "nodes/s")
	// CPU time of the whole process per node (producers, flusher, collector,
	// scheduler, and the benchmark's own bookkeeping): on 2 cores, 1M
	// nodes/s allows 2 µs.
	b.ReportMetric(float64(r.cpu.Nanoseconds())/n, "cpu-ns/node")
	b.ReportMetric(float64(r.lat[len(r.lat)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(synced)/float64(max(syncs, 1)), "nodes/fsync")
	b.ReportMetric(float64(flushTime.Microseconds())/float64(max(syncs, 1)), "write+fdatasync-µs")
	// The rest of a batch cycle is CPU and scheduling: waking the producers,
	// their appends, inserting the batch. It is the part the code controls.
	b.ReportMetric((float64(r.elapsed.Microseconds())-float64(flushTime.Microseconds()))/float64(max(syncs, 1)), "beyond-flush-µs")
	if syncs > 0 && flushTime > 0 {
		limit := float64(calls) / (flushTime.Seconds() / float64(syncs)) // every call in every flush
		b.ReportMetric(limit, "device-limit-nodes/s")
		b.ReportMetric(n/r.elapsed.Seconds()/limit, "of-device-limit")
	}
}

var (
	verifyMu      sync.Mutex
	verifyLedgers = map[verifyKey]verifyBuilt{}
)

// verifyKey names a benchmark ledger: its size, and whether its nodes
// repeat nothing that reading could share (see verifyLedger).
type verifyKey struct {
	total  int
	varied bool
}

type verifyBuilt struct {
	dir  string
	size int64
}

// verifyLedger builds a durable ledger of total nodes once per process, in
// a directory that TestMain removes, and returns it with its segments' size.
// Its nodes are one observer's thoughts: the same default stimulus, the
// same umwelt and tag, a response of their own. A varied ledger defeats
// what reading shares between consecutive nodes: each node has a stimulus
// of its own, every other node one of seven other umwelts, and
// consecutive nodes differ in their tags (16 in all) and sometimes in
// their walk (a walk of 64 nodes), as kgents' ledgers of many observers
// would.
func verifyLedger(total int, varied bool) (string, int64) {
	verifyMu.Lock()
	defer verifyMu.Unlock()
	if v, ok := verifyLedgers[verifyKey{total, varied}]; ok {
		return v.dir, v.size
	}
	dir, err := os.MkdirTemp("", "kgents-trace-verify")
	if err != nil {
		panic(err)
	}
	verifyDirsMade = append(verifyDirsMade, dir)
	d, err := Open(dir, &OpenOptions{Sync: SyncNever})
	if err != nil {
		panic(err)
	}
	var wg sync.WaitGroup
	id := func(w, i int) string { return fmt.Sprintf("trace-%d%011x", w, i) }
	for w := range 8 { // concurrent producers make multi-node batches
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < total; i += 8 {
				f := Fields{ID: id(w, i), Origin: [...]string{"witness", "logos", "brain", "town"}[i%4],
					Timestamp: epoch.Add(time.Duration(i) * time.Microsecond),
					Response:  NewResponse("thought", "a node of the verify benchmark", true, map[string]any{"i": i}),
					Umwelt:    WitnessUmwelt(TrustBounded), Tags: []string{"bench"}}
				if varied {
					f.Stimulus = NewStimulus("prompt", fmt.Sprintf("request %d of the verify benchmark", i), "user", nil)
					if i%2 == 1 {
						f.Umwelt = NewUmwelt(fmt.Sprintf("observer-%d", i%7), "developer", TrustBounded, []string{"read"}, nil)
					}
					f.Tags = []string{"bench", fmt.Sprintf("t%d", i%16)}
					f.WalkID = fmt.Sprintf("walk-%d", i/64)
				}
				if i >= 8 {
					f.Links = []Link{NewLink(id(w, i-8), f.ID, Causes, nil)}
				}
				if err := d.Append(New(f)); err != nil {
					panic(err)
				}
			}
		}()
	}
	wg.Wait()
	if err := d.Close(); err != nil {
		panic(err)
	}
	var size int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && filepath.Ext(e.Name()) == ".seg" {
			size += info.Size()
		}
	}
	verifyLedgers[verifyKey{total, varied}] = verifyBuilt{dir, size}
	return dir, size
}

// BenchmarkOpenVerify opens a 200k-node durable ledger read-only: every
// frame's CRC, every record, every link, every digest and every commit's
// chain head are checked, and the indexes rebuilt. The files are in the page
// cache (warm). Goal: ≥ 300 MB/s.
func BenchmarkOpenVerify(b *testing.B) { benchOpenVerify(b, 200_000, false) }

// BenchmarkOpenVerifySizes is BenchmarkOpenVerify at 200k and 800k
// nodes (one segment, and several): the goal of ≥ 300 MB/s holds
// at every size.
func BenchmarkOpenVerifySizes(b *testing.B) {
	for _, n := range []int{200_000, 800_000} {
		b.Run(fmt.Sprintf("n=%dk", n/1000), func(b *testing.B) { benchOpenVerify(b, n, false) })
	}
}

// BenchmarkOpenVerifyVaried is BenchmarkOpenVerifySizes on a ledger whose
// consecutive nodes repeat nothing that reading could share (no stimulus,
// umwelt or extras in common): the goal of ≥ 300 MB/s must not rest on
// the benchmark ledger's repetition.
func BenchmarkOpenVerifyVaried(b *testing.B) {
	for _, n := range []int{200_000, 800_000} {
		b.Run(fmt.Sprintf("n=%dk", n/1000), func(b *testing.B) { benchOpenVerify(b, n, true) })
	}
}

func benchOpenVerify(b *testing.B, total int, varied bool) {
	dir, size := verifyLedger(total, varied)
	b.SetBytes(size)
	b.ReportAllocs()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	cpu0, faults0, gcs0 := benchcpu.Process(), minorFaults(), ms.NumGC
	var last *Ledger
	for b.Loop() {
		l, rec, err := OpenReadOnly(dir)
		if err != nil || rec.Corrupt != nil || l.Len() != total {
			b.Fatalf("open: %v %+v", err, rec)
		}
		last = l
	}
	// Pages of fresh memory faulted in: on this VM, each costs ~13 µs.
	b.ReportMetric(float64(minorFaults()-faults0)/float64(b.N), "faults/op")
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.NumGC-gcs0)/float64(b.N), "gcs/op")
	// The heap a ledger read from disk holds (after the loop: a collection
	// with the last one alive).
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/1e6, "live-MB")
	runtime.KeepAlive(last)
	// CPU time of the whole process (both goroutines of the scan, and the
	// garbage collector) per open: steadier than wall time on a shared VM.
	b.ReportMetric(float64((benchcpu.Process()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(size)/1e6/((benchcpu.Process()-cpu0).Seconds()/float64(b.N)), "MB/cpu-s")
}

// BenchmarkOpenVerifyFresh is BenchmarkOpenVerify as a program's first
// open meets it: before each open the heap's free memory goes back to the
// system (debug.FreeOSMemory, outside the timer), so every page the open
// writes is fresh and faults in, as in a process that has just started.
// BenchmarkOpenVerify's repeated opens reuse the pages of the ledger
// before, which flatters it on a VM where a page fault is costly.
func BenchmarkOpenVerifyFresh(b *testing.B) {
	const total = 200_000
	dir, size := verifyLedger(total, false)
	b.SetBytes(size)
	b.ReportAllocs()
	faults0, cpu := minorFaults(), time.Duration(0)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		debug.FreeOSMemory()
		c0 := benchcpu.Process()
		b.StartTimer()
		l, rec, err := OpenReadOnly(dir)
		b.StopTimer()
		cpu += benchcpu.Process() - c0
		if err != nil || rec.Corrupt != nil || l.Len() != total {
			b.Fatalf("open: %v %+v", err, rec)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(minorFaults()-faults0)/float64(b.N), "faults/op")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// minorFaults returns the process's minor page faults so far (pages mapped
// in without I/O: fresh memory, or the page cache).
func minorFaults() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Minflt
}
