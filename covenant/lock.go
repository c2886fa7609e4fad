package covenant

import (
	"runtime"
	"sync/atomic"
)

// yieldLock is a mutual-exclusion lock for the budget and the review gates,
// whose critical sections are a few tens of nanoseconds and never block.
//
// A waiter polls for about as long as a critical section takes and then
// yields its P (runtime.Gosched) instead of parking. sync.Mutex parks waiters, and once one has waited a
// millisecond (a holder preempted inside the critical section is enough) it
// switches to starvation mode, handing the lock from parked goroutine to
// parked goroutine; with many goroutines on few Ps it can stay there, and
// the latency tail of Reserve+Commit grows by an order of magnitude, with
// outliers of milliseconds. Yielding keeps the tail short (BENCHMARKS.md has
// the numbers) at the cost of some CPU while waiting.
// Atomic operations order the critical sections for the race detector.
type yieldLock struct{ state atomic.Uint32 }

func (l *yieldLock) lock() {
	if !l.state.CompareAndSwap(0, 1) {
		l.lockSlow()
	}
}

// spins is how many times a waiter polls before it yields: long enough to
// outlast a critical section running on another P; zero when there is no
// other P to run it.
var spins = func() int {
	if runtime.GOMAXPROCS(0) > 1 {
		return 200
	}
	return 0
}()

func (l *yieldLock) lockSlow() {
	for i := 0; ; i++ {
		if l.state.Load() == 0 && l.state.CompareAndSwap(0, 1) {
			return
		}
		if i >= spins {
			runtime.Gosched()
		}
	}
}

func (l *yieldLock) unlock() { l.state.Store(0) }
