package laws

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"time"
)

// Engine selects the property-based testing engine that generates and
// shrinks cases. Both run the same generators and produce the same report.
type Engine string

const (
	// Rapid runs laws with pgregory.net/rapid (the default).
	Rapid Engine = "rapid"
	// Gopter runs laws with github.com/leanovate/gopter, shrinking the
	// choice tape with this package's tape shrinker (see the package
	// documentation).
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
// command line of a test binary (-laws.* flags), then of the environment
// (LAWS_ENGINE, LAWS_CHECKS, LAWS_SEED, LAWS_SHRINKTIME), then rapid's
// -rapid.* flags, and otherwise rapid on 100 cases with a random seed and
// 30s of shrinking. The environment is read when a run starts, so that
// `go test` caches a result per setting.
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
	// OnStart, if set, is called as each law starts, and OnResult as each
	// finishes, with its result: [Run] and [RunInstance] stream through
	// them while they run. They are called from the goroutine running the
	// laws, one law at a time and in the order of the returned results.
	OnStart  func(instance, law string)
	OnResult func(Result)
	// SaveDir, if not empty, is where failing cases are kept: each law's
	// file <SaveDir>/<instance>/<law>.json lists the cases that failed it,
	// which are replayed first, before any generated case, on every later
	// run. [Check] and [CheckAll] use DefaultSaveDir in the package under
	// test. LAWS_SAVEDIR, when set, replaces the directory of a run that
	// has one; LAWS_SAVEDIR=off turns saving and replaying off.
	SaveDir string
	// Verbose asks for every case to be logged through Logf, as -laws.v,
	// -rapid.v and LAWS_VERBOSE=1 do.
	Verbose bool
	// Logf, if set, receives every case when verbose output is asked for;
	// Check and CheckAll log to the test.
	Logf func(format string, args ...any)
	// Observe, if not empty, is a directory where each law run writes its
	// PBT observations, one JSON line per case (see package observe).
	// Empty means -laws.observe, then LAWS_OBSERVE (1 for
	// .lawcheck/observed, or a directory), by default off.
	Observe string
}

// config is a fully resolved set of options for one run.
type config struct {
	engine       Engine
	checks       int
	seed         uint64 // 0: random
	shrinkTime   time.Duration
	match        *regexp.Regexp
	noPostShrink bool
	// explicitShrink: shrinkTime was asked for by the run (Options,
	// -laws.shrinktime or LAWS_SHRINKTIME), which an instance's own
	// ShrinkTime does not override.
	explicitShrink bool
	// explicitChecks: checks was asked for, not inherited from rapid's
	// default, so -test.short does not reduce it.
	explicitChecks bool
	// verbose prints every case (-laws.v, -rapid.v or LAWS_VERBOSE).
	verbose bool
	logf    func(format string, args ...any)
	saveDir string
	// engineNote says why the instance ran on another engine than asked.
	engineNote string
	// observeDir is where observations go; "" is off.
	observeDir string
}

// forInstance applies an instance's own settings: its number of cases and
// its shrink bound unless the run asked for them, and its engines.
func (c config) forInstance(o InstanceOptions) config {
	if o.Checks != 0 && !c.explicitChecks {
		c.checks, c.explicitChecks = o.Checks, true
	}
	if o.ShrinkTime != 0 && !c.explicitShrink {
		c.shrinkTime, c.explicitShrink = o.ShrinkTime, true
	}
	if len(o.Engines) > 0 && !slices.Contains(o.Engines, c.engine) {
		c.engineNote = fmt.Sprintf("ran on %s instead of %s: the instance runs only on %v", o.Engines[0], c.engine, o.Engines)
		c.engine = o.Engines[0]
	}
	return c
}

func (o Options) resolve() (config, error) {
	env, err := readSettings()
	if err != nil {
		return config{}, err
	}
	user := rapidUserFlags()
	c := config{engine: Rapid, checks: user.checks, seed: user.seed, shrinkTime: user.shrinkTime, noPostShrink: o.NoPostShrink,
		verbose: env.verbose || o.Verbose, saveDir: o.SaveDir}
	if c.saveDir != "" && env.saveDir != "" {
		c.saveDir = env.saveDir
		if env.saveDir == "off" {
			c.saveDir = ""
		}
	}
	if c.verbose {
		c.logf = o.Logf
	}
	if env.engine != "" {
		e, err := ParseEngine(env.engine)
		if err != nil {
			return c, fmt.Errorf("%w (from %s)", err, env.engineFrom)
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
	c.observeDir = observeSetting(o.Observe)
	c.explicitChecks = o.Checks != 0 || env.checks != 0
	c.explicitShrink = o.ShrinkTime != 0 || env.shrinkTime != 0
	c.checks = firstNonZero(o.Checks, env.checks, c.checks)
	c.seed = firstNonZero(o.Seed, env.seed, c.seed)
	c.shrinkTime = firstNonZero(o.ShrinkTime, env.shrinkTime, c.shrinkTime)
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

// Effective returns the settings a run with o would use, after the
// command line, the environment and the defaults: the engine, the number
// of cases per law, the seed (0 for a random one) and the shrink time
// bound. It fails as the run would on a bad setting.
func (o Options) Effective() (Options, error) {
	c, err := o.resolve()
	if err != nil {
		return Options{}, err
	}
	o.Engine, o.Checks, o.Seed, o.ShrinkTime = c.engine, c.effectiveChecks(), c.seed, c.shrinkTime
	return o, nil
}

// effectiveChecks is the number of cases a run performs: the configured
// number, or, when it is rapid's default, a fifth of it under -test.short
// (as rapid does).
func (c config) effectiveChecks() int {
	if isShort() && !c.explicitChecks {
		return c.checks / 5
	}
	return c.checks
}

// rapidChecks is the value of -rapid.checks that makes rapid run
// effectiveChecks cases: rapid divides the flag by 5 under -test.short.
func (c config) rapidChecks() int {
	if isShort() && c.explicitChecks {
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
