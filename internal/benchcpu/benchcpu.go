// Package benchcpu measures the CPU time a benchmark's process spends, for
// the benchmarks of this module. This machine is shared: wall time swings
// with the load of others, while the process's own user and system time
// (on all its threads, the garbage collector included) moves much less, so
// benchmarks report it beside ns/op and comparisons use it.
package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// Process returns the user and system CPU time of the process so far, or
// 0 where the system cannot tell.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// PerOp starts measuring; the function it returns reports the CPU time
// since then per op of b, as the metric cpu-ns/op. Use it as
//
//	defer benchcpu.PerOp(b)()
func PerOp(b *testing.B) func() {
	start := Process()
	return func() {
		b.ReportMetric(float64((Process()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
