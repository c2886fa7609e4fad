package trace

import (
	"os"
	"testing"
)

// verifyDirMade is the directory verifyDir made, if any.
var verifyDirMade string

// TestMain removes what the benchmarks leave on disk outside the tests'
// own temporary directories (the 60 MB ledger of BenchmarkOpenVerify).
func TestMain(m *testing.M) {
	code := m.Run()
	if verifyDirMade != "" {
		os.RemoveAll(verifyDirMade)
	}
	os.Exit(code)
}
