// Package pybridge checks the laws of Python operads: Go generates the
// terms, shrinks counterexamples, compares outputs and reports; a Python
// evaluator (the stdlib-only package kgents_core) only builds terms from
// the live objects and runs them.
//
// The two talk over pipes in JSON lines (protocol version 2, see
// docs/python-bridge.md). Go sends "describe" once, to learn the operads'
// operations, declared laws (equation strings), leaves, identity and
// inputs, with the sorts of leaves and operation positions (agent,
// predicate, value or the user's own: kgents' branch and fix take a
// predicate first); then "eval" requests, each a batch of runs (a term and an input
// sequence); the evaluator answers each run with the outputs, canonically
// encoded as [Value]s, or with an error. [Bridge] starts the evaluator
// process ([Start]) or uses pipes it is given ([Pipes], when Python started
// the checker), enforces a per-run timeout, and kills the process group on
// a timeout, a crash or a malformed line, restarting it on next use.
//
// [Check] turns each declared equation (and the identity laws an identity
// leaf suggests, marked inferred) into a law of package laws whose
// variables are generated well-sorted terms over the leaves, evaluated on
// the same generated inputs on both sides; each variable takes the sort of
// the positions it occupies. A law that does not parse, names an unknown
// operation, has a wrong arity, or whose variables cannot be given one
// sort with leaves of that sort is [NotCheckable], with the reason; it is
// never passed. To keep the overhead of the pipe low, each
// law runs twice with the same seed: the first run only collects the runs
// its cases need, which go to Python in large batches; the second finds
// them cached and evaluates only what shrinking asks for.
//
// Outputs compare equal when their encodings are equal after the chosen
// [Normalisation]s (assoc, exctype, without:FIELD); a failure shows both
// outputs as Python values, a go-cmp diff, and Python code that replays
// both sides.
package pybridge
