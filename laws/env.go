package laws

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"
)

// ErrSetting is matched (errors.Is) by the error of a run whose settings,
// from a LAWS_* variable or a -laws.* flag, are not valid.
var ErrSetting = errors.New("invalid setting")

// The -laws.* flags exist only in test binaries, where `go test` parses
// them with its own; a program that imports laws keeps its command line
// as it is, and sets the same things through Options or LAWS_*.
var lawsFlags struct {
	engine     *string
	checks     *int
	seed       *uint64
	shrinkTime *time.Duration
	verbose    *bool
}

func init() {
	if !testing.Testing() {
		return
	}
	lawsFlags.engine = flag.String("laws.engine", "", "laws: engine to run law checks with: rapid or gopter (env LAWS_ENGINE)")
	lawsFlags.checks = flag.Int("laws.checks", 0, "laws: number of cases per law, 0 for rapid's -rapid.checks (env LAWS_CHECKS)")
	lawsFlags.seed = flag.Uint64("laws.seed", 0, "laws: seed to start from, 0 for random (env LAWS_SEED)")
	lawsFlags.shrinkTime = flag.Duration("laws.shrinktime", 0, "laws: time bound for shrinking one counterexample, 0 for rapid's -rapid.shrinktime (env LAWS_SHRINKTIME)")
	lawsFlags.verbose = flag.Bool("laws.v", false, "laws: print the values of every case (env LAWS_VERBOSE; -rapid.v also works)")
}

// settings are what the -laws.* flags and LAWS_* variables ask for; zero
// fields ask for nothing.
type settings struct {
	engine, engineFrom string
	checks             int
	seed               uint64
	shrinkTime         time.Duration
	verbose            bool
	// saveDir replaces the save directory of a run that has one; "off"
	// turns saving off.
	saveDir string
}

// readSettings reads the -laws.* flags and, for what they leave unset, the
// LAWS_* variables. It runs when a run starts, inside the test when there
// is one: `go test` records the variables a test reads and reruns the test
// when one changes, instead of returning a cached result.
func readSettings() (settings, error) {
	var s settings
	var errs []error
	if v, ok := os.LookupEnv("LAWS_ENGINE"); ok && v != "" {
		s.engine, s.engineFrom = v, "LAWS_ENGINE"
	}
	if v, ok := os.LookupEnv("LAWS_CHECKS"); ok && v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			errs = append(errs, fmt.Errorf("laws: LAWS_CHECKS=%q: want a number of cases, such as 1000: %w", v, ErrSetting))
		}
		s.checks = n
	}
	if v, ok := os.LookupEnv("LAWS_SEED"); ok && v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("laws: LAWS_SEED=%q: want an unsigned 64-bit integer: %w", v, ErrSetting))
		}
		s.seed = n
	}
	if v, ok := os.LookupEnv("LAWS_SHRINKTIME"); ok && v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			errs = append(errs, fmt.Errorf("laws: LAWS_SHRINKTIME=%q: want a duration, such as 10s: %w", v, ErrSetting))
		}
		s.shrinkTime = d
	}
	if v, ok := os.LookupEnv("LAWS_SAVEDIR"); ok && v != "" {
		s.saveDir = v
	}
	if v, ok := os.LookupEnv("LAWS_VERBOSE"); ok && v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("laws: LAWS_VERBOSE=%q: want true or false: %w", v, ErrSetting))
		}
		s.verbose = b
	}
	if len(errs) > 0 {
		return s, errors.Join(errs...)
	}
	if f := lawsFlags; f.engine != nil {
		if *f.engine != "" {
			s.engine, s.engineFrom = *f.engine, "-laws.engine"
		}
		s.checks = firstNonZero(*f.checks, s.checks)
		s.seed = firstNonZero(*f.seed, s.seed)
		s.shrinkTime = firstNonZero(*f.shrinkTime, s.shrinkTime)
		s.verbose = s.verbose || *f.verbose || rapidVerbose()
	}
	if s.checks < 0 {
		return s, fmt.Errorf("laws: -laws.checks=%d: want a number of cases: %w", s.checks, ErrSetting)
	}
	return s, nil
}

func rapidVerbose() bool {
	f := flag.Lookup("rapid.v")
	return f != nil && f.Value.String() == "true"
}

// isShort reports -test.short, false outside a test binary (where
// testing.Short panics).
func isShort() bool {
	return testing.Testing() && flag.Parsed() && testing.Short()
}
