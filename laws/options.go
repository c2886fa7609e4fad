package laws

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Engine selects the property-based testing engine that generates and
// shrinks cases. Both run the same generators and produce the same report.
type Engine string

const (
	// Rapid runs laws with pgregory.net/rapid (the default).
	Rapid Engine = "rapid"
	// Gopter runs laws with github.com/leanovate/gopter, shrinking the
	// choice tape with gopter's slice shrinker.
	Gopter Engine = "gopter"
)

// ParseEngine returns the engine named s ("rapid" or "gopter").
func ParseEngine(s string) (Engine, error) {
	switch Engine(s) {
	case Rapid, Gopter:
		return Engine(s), nil
	}
	return "", fmt.Errorf("laws: unknown engine %q (want rapid or gopter)", s)
}

// Options configure a run. The zero value means: the settings of the
// command line (-laws.* flags, then rapid's -rapid.* flags) or of the
// environment (LAWS_ENGINE, LAWS_CHECKS, LAWS_SEED, LAWS_SHRINKTIME), and
// otherwise rapid on 100 cases with a random seed and 30s of shrinking.
type Options struct {
	// Engine runs the cases; empty means the configured default.
	Engine Engine
	// Checks is the number of cases that must hold for a pass; 0 means the
	// default. The default (rapid's -rapid.checks, 100) is divided by 5
	// under -test.short, as rapid does; an explicit number (here, with
	// -laws.checks or LAWS_CHECKS) is used as given.
	Checks int
	// Seed starts the run; 0 means random. A failure reports the seed that
	// makes its case the first one generated.
	Seed uint64
	// ShrinkTime bounds the time spent minimising one counterexample; 0
	// means the default. When the bound is hit the report says so and also
	// shows the unshrunk case.
	ShrinkTime time.Duration
	// Match, if not empty, is a regular expression; only laws whose
	// "instance/law" matches it run.
	Match string
	// NoPostShrink skips the structural shrinking (of terms) that follows
	// the engine's own, to see what the engine alone reaches.
	NoPostShrink bool
}

// Command-line flags, registered on the default FlagSet like rapid's own.
// In a test binary they take part in `go test` parsing.
var (
	flagEngine     = flag.String("laws.engine", envOr("LAWS_ENGINE", ""), "laws: engine to run law checks with: rapid or gopter (env LAWS_ENGINE)")
	flagChecks     = flag.Int("laws.checks", envInt("LAWS_CHECKS"), "laws: number of cases per law, 0 for rapid's -rapid.checks (env LAWS_CHECKS)")
	flagSeed       = flag.Uint64("laws.seed", uint64(envInt("LAWS_SEED")), "laws: seed to start from, 0 for random (env LAWS_SEED)")
	flagShrinkTime = flag.Duration("laws.shrinktime", envDuration("LAWS_SHRINKTIME"), "laws: time bound for shrinking one counterexample, 0 for rapid's -rapid.shrinktime (env LAWS_SHRINKTIME)")
)

func envOr(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

func envInt(key string) int {
	v, ok := os.LookupEnv(key)
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		panic(fmt.Sprintf("laws: invalid %s=%q: %v", key, v, err))
	}
	return n
}

func envDuration(key string) time.Duration {
	v, ok := os.LookupEnv(key)
	if !ok {
		return 0
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		panic(fmt.Sprintf("laws: invalid %s=%q: %v", key, v, err))
	}
	return d
}

// config is a fully resolved set of options for one run.
type config struct {
	engine       Engine
	checks       int
	seed         uint64 // 0: random
	shrinkTime   time.Duration
	match        *regexp.Regexp
	noPostShrink bool
	// explicitChecks: checks was asked for, not inherited from rapid's
	// default, so -test.short does not reduce it.
	explicitChecks bool
}

var testingInit sync.Once

func (o Options) resolve() (config, error) {
	// rapid consults testing.Short, which needs the testing flags
	// registered and parsed. Outside `go test` (the lawcheck CLI, a
	// program calling Run) register them and mark the command line parsed;
	// parsing no arguments changes no flag.
	testingInit.Do(func() {
		if flag.Lookup("test.short") == nil {
			testing.Init()
		}
		if !flag.Parsed() {
			_ = flag.CommandLine.Parse(nil)
		}
	})
	user := rapidUserFlags()
	c := config{engine: Rapid, checks: user.checks, seed: user.seed, shrinkTime: user.shrinkTime, noPostShrink: o.NoPostShrink}
	if *flagEngine != "" {
		e, err := ParseEngine(*flagEngine)
		if err != nil {
			return c, fmt.Errorf("%w (from -laws.engine or LAWS_ENGINE)", err)
		}
		c.engine = e
	}
	if o.Engine != "" {
		e, err := ParseEngine(string(o.Engine))
		if err != nil {
			return c, err
		}
		c.engine = e
	}
	c.explicitChecks = o.Checks != 0 || *flagChecks != 0
	c.checks = firstNonZero(o.Checks, *flagChecks, c.checks)
	c.seed = firstNonZero(o.Seed, *flagSeed, c.seed)
	c.shrinkTime = firstNonZero(o.ShrinkTime, *flagShrinkTime, c.shrinkTime)
	if c.checks < 0 {
		return c, fmt.Errorf("laws: negative number of checks %d", c.checks)
	}
	if c.checks > MaxChecks {
		return c, fmt.Errorf("laws: %d checks asked, more than laws.MaxChecks (%d)", c.checks, MaxChecks)
	}
	if o.Match != "" {
		re, err := regexp.Compile(o.Match)
		if err != nil {
			return c, fmt.Errorf("laws: bad Match pattern: %w", err)
		}
		c.match = re
	}
	return c, nil
}

// effectiveChecks is the number of cases a run performs: the configured
// number, or, when it is rapid's default, a fifth of it under -test.short
// (as rapid does).
func (c config) effectiveChecks() int {
	if testing.Short() && !c.explicitChecks {
		return c.checks / 5
	}
	return c.checks
}

// rapidChecks is the value of -rapid.checks that makes rapid run
// effectiveChecks cases: rapid divides the flag by 5 under -test.short.
func (c config) rapidChecks() int {
	if testing.Short() && c.explicitChecks {
		return c.checks * 5
	}
	return c.checks
}

// startSeed returns the seed a run starts from, drawing a random one when
// none is configured.
func (c config) startSeed() uint64 {
	if c.seed != 0 {
		return c.seed
	}
	for {
		if s := rand.Uint64(); s != 0 {
			return s
		}
	}
}

func firstNonZero[T comparable](vs ...T) T {
	var zero T
	for _, v := range vs {
		if v != zero {
			return v
		}
	}
	return zero
}
