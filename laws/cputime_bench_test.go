package laws_test

import (
	"syscall"
	"testing"
)

// reportCPUPerOp starts measuring the CPU time the process spends (user and
// system, on all threads, the garbage collector included); the function
// it returns reports it per op as cpu-ns/op. On a shared machine wall time
// swings with the load of others, CPU time much less. Use it as
//
//	defer reportCPUPerOp(b)()
func reportCPUPerOp(b *testing.B) func() {
	start := benchProcessCPU()
	return func() {
		b.ReportMetric(float64(benchProcessCPU()-start)/float64(b.N), "cpu-ns/op")
	}
}

func benchProcessCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
