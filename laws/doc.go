// Package laws checks algebraic laws by behaviour, on generated inputs, and
// reports the smallest counterexample it finds.
//
// A [Law] is data: a name, the equation as text ("(x·y)·z = x·(y·z)") and a
// check that draws the law's variables ([Draw]), evaluates both sides and
// compares them with an explicit equality [Eq] (by default cmp.Equal, with
// go-cmp options for approximate or canonical comparison). A [LawSet] is a
// structure's laws plus those of its parent structures, merged by law name
// so a law inherited twice runs once. Shipped sets: [EqLaws],
// [SemigroupLaws], [MonoidLaws], [CommutativeMonoidLaws], [BandLaws],
// [SemilatticeLaws], [BoundedSemilatticeLaws], [GroupLaws],
// [SemiringLaws] and [MonoidMorphismLaws]; [Equation], [PartialEquation]
// and [Property] build new laws.
//
// Beyond the monoid family, laws checks equational theories and operads:
//
//   - a [Theory] is a signature (package term: operations with fixed,
//     ranged or variadic arities and optional sorts) with equations
//     written in the kgents law syntax, seq(seq(a, b), c) = seq(a, seq(b, c));
//     [TheoryLaws] interprets it in an [Algebra] and checks every equation;
//     a side an operation leaves undefined (an error) fails the law when
//     the other side is defined, and both sides undefined discard the case;
//   - [Operad] and [SymmetricOperad] present operads by partial
//     composition ∘ᵢ and a right action of permutations ([Perm], with the
//     index convention written on SymmetricOperad); [OperadLaws],
//     [SymmetricOperadLaws], [OperadAlgebraLaws] and [OperadMorphismLaws]
//     check them, drawing composition indices from the arities drawn
//     before them.
//
// Instances are registered with their law sets, usually from an init
// function, and checked by one test per package:
//
//	func init() {
//	    laws.Register("int_addition",
//	        laws.CommutativeMonoidLaws(laws.MonoidOf(0, func(x, y int) int { return x + y }),
//	            generators.Int(), laws.Comparable[int]()))
//	}
//
//	func TestLaws(t *testing.T) { laws.CheckAll(t) }
//
// so that `go test -run Laws ./...` checks every package's instances, each
// law as the subtest TestLaws/<instance>/<law>. CheckAll checks the
// instances its own package registered; [CheckAllPackages] checks every
// instance of the test binary. [RegisterWith] gives an instance its own
// settings ([InstanceOptions]: cases, shrink time, a per-case deadline,
// engines, laws in parallel). [Run] does the same without a testing.T and
// returns structured [Result]s, streamed through Options.OnResult (for the
// lawcheck CLI); [RunInstance] and [Check] check an instance without
// registering it. [Comparable] is equality by ==; [DefaultEq] (cmp.Equal
// with options) and [EqFunc] build the others. Package lawsexample is a
// whole example: a user type, a user operad with a custom generator, and
// their TestLaws file.
//
// # Failures that stick
//
// A failing case found by Check or CheckAll is saved in
// testdata/laws/<instance>/<law>.json of the package under test (the
// engine and seed that make it the first case generated, and its
// variables as text and JSON) and replayed first on every later run,
// before any generated case, so that a bug found once is found again. A
// saved case that now passes is reported in the test log and stays until
// the file is deleted. Options.SaveDir does the same for Run and
// RunInstance; LAWS_SAVEDIR moves the directory, LAWS_SAVEDIR=off turns it
// off.
//
// # Outcomes
//
// A law is [Passed] (it held on every case asked for), [Failed] (with the
// smallest counterexample found) or [Errored] (the instance, its equality
// or a generator panicked, reported with the panic and the case that
// caused it; or almost every case was discarded; or the generators could
// not build a case, a too strict filter, with the filter's message in
// Result.Message). There is no "structural" pass: a law that held on
// fewer cases than asked for did not pass, and a number of cases above
// [MaxChecks] is refused up front. [Law].Checks gives one law its own
// number of cases, on both engines. A failure whose case does not fail
// again when evaluated anew is reported [Result].Flaky, with the first
// failure seen: the law, the instance or the generators are not
// deterministic. [LawSet.Without] drops laws that do not apply to an
// instance. A fourth status, [Proved], means every case of a finite space
// was evaluated; the engines here never give it, lawcheck check does for
// JSON operads whose variables range over finite sorts. [RecordOf] turns
// a [Result] into the versioned JSON [Record] that lawcheck -json writes.
//
// # Special cases
//
// Random inputs rarely meet a bug confined to one value (x == 7777) or a
// small region. Half of the cases (a fair coin drawn from the case's
// choices, so a replay makes the same decision) are special: their
// integer, float and string values are drawn, each with the rates stated
// in package generators, from the carrier's boundary values and from the
// literals of the code under test, as Hypothesis does. A law remembers
// where it was built (the first caller outside this package); at its
// first run the Go files of that directory are parsed once (go/parser),
// and their integer, float and string literals, with the integers'
// neighbours ±1, become the constants: "near" ones from the declaration
// that built the law set, "far" ones from the whole package. The other
// half of the cases are plain random. A law whose code under test is not
// Go (lawcheck check's JSON operads) is given its constants instead, with
// [Law.WithConstants] and [Literals.Constants].
//
// # Engines
//
// Cases are generated and shrunk by rapid (the default) or gopter, from
// the same generators (see package generators), with the same report. Pick
// the engine with [Options].Engine, -laws.engine or LAWS_ENGINE; the number
// of cases with Options.Checks, -laws.checks, LAWS_CHECKS or rapid's
// -rapid.checks; the seed with Options.Seed, -laws.seed, LAWS_SEED or
// -rapid.seed; the shrinking time bound with Options.ShrinkTime,
// -laws.shrinktime, LAWS_SHRINKTIME or -rapid.shrinktime. When the bound is
// hit the report says so and shows the unshrunk case too.
//
// The settings are read when a run starts (so that go test, which
// records the environment variables a test reads, does not return a
// result cached under other settings); a bad value fails the run with one
// error naming the variable ([ErrSetting]). The -laws.* flags exist only
// in test binaries: importing laws leaves a program's command line alone.
// -laws.v, -rapid.v or LAWS_VERBOSE=1 log every case's values.
//
// rapid reads its settings only from its command-line flags, which are
// global. While law runs are under way laws sets them to what those runs
// ask for, with rapid's fail files off (laws saves its own cases), and
// restores the user's values when the last one ends; runs that ask for
// different settings wait for each other. Do not run your own rapid.Check
// in parallel with a law run.
//
// # Failure reports
//
// A report names the instance, the law and its structure, the equation,
// each bound variable, both sides and a go-cmp diff, the engine and seed,
// and the exact go test command that replays the failure as the first
// case:
//
//	law associativity of int_subtraction: FAILED [Semigroup]
//	  equation: (x·y)·z = x·(y·z)
//	  x = 0
//	  y = 0
//	  z = 1
//	  lhs = -1
//	  rhs = 1
//	  diff (-lhs +rhs):
//	      int(
//	    - 	-1,
//	    + 	1,
//	      )
//	  engine: rapid, seed 704881707019070083; 0 cases held before this one; ...
//	  replay: go test -run '^TestLaws$/^int_subtraction$/^associativity$' ./pkg -laws.engine=rapid -laws.seed=704881707019070083
//
// On rapid, rapid's shrinker shrinks a counterexample's bitstream. On
// gopter, a tape shrinker of this package (not gopter's slice shrinker)
// runs the passes rapid's and Hypothesis' shrinkers run, on the tape of
// choices: delete spans, minimise each choice (0, then a binary search),
// and when those make no progress zero spans, try the smallest values,
// sort choices and lower a count together with one of what it counts; it
// evaluates no tape twice.
//
// After the engine has shrunk a counterexample, shrink passes run on it,
// within what is left of the time bound:
//
//   - on both engines, variables drawn from a generator with a structural
//     shrinker (terms: see term.Generator; kept through generators.Map)
//     try its candidates (hoist a subterm into its parent's place, drop an
//     identity, lower a leaf);
//   - on both engines, value passes: minimise each integer in the order
//     of simplicity 0, 1, -1, 2, … (which also normalises signs) and
//     through non-monotone conditions (y % 1000 == 123), move size from
//     an earlier integer to a later one (x + y = 128 ends as 0 + 128), and
//     swap two values of one generator when the later is simpler (an
//     input moved between operad arguments). They only try values the
//     generator can produce (generators.Gen.Produces).
//
// A candidate is kept only if it fails the same way: a violation stays a
// violation (of the same kind), a panic stays a panic at the same place,
// and a case the generators could not build is never a counterexample.
// [Options].NoPostShrink turns the passes off, to see what the engine
// reaches alone.
//
// A report also says where the instance was registered. Reports go
// through testing.TB (CheckAll, Check) or are returned ([Result.Report],
// and [RecordOf] for the versioned JSON form); the package never prints.
package laws
