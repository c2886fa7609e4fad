package generators

import (
	"flag"
	"os"
	"testing"
)

// TestMain turns rapid's fail files off for this package: its quiet tests make
// rapid fail on purpose, and a fail file from one of them would be replayed by
// the next run of an unrelated test of the same name.
func TestMain(m *testing.M) {
	flag.Parse()
	if err := flag.Set("rapid.nofailfile", "true"); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}
