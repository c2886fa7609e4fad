package trace

import (
	"os"
	"testing"
)

// verifyDirsMade are the directories verifyLedger made.
var verifyDirsMade []string

// TestMain removes what the benchmarks leave on disk outside the tests'
// own temporary directories (the ledgers of the OpenVerify benchmarks).
func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range verifyDirsMade {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}
