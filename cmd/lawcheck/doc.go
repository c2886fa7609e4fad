// Command lawcheck checks algebraic laws and prints shrunk counterexamples.
//
// Usage:
//
//	lawcheck list [-json]
//	lawcheck run [-engine rapid|gopter] [-checks N] [-seed N] [-shrinktime D] [-json] [-v] [PATTERN]
//	lawcheck check [flags] FILE|DIR...
//	lawcheck replay [-json] CASEFILE...
//	lawcheck python [flags] MODULE:OBJECT
//	lawcheck ledger verify [-checkpoint TEXT] [-checkpoints FILE] [-json] DIR
//	lawcheck ledger checkpoint DIR
//	lawcheck ledger export [-o FILE] DIR
//	lawcheck ledger import FILE DIR
//
// list prints the instances registered in kgents-core (the Go types of
// laws/builtin, and the instances the kernel packages register) with their
// laws. run checks them; PATTERN is a regular expression matched against
// "instance/law". A failing law prints its smallest counterexample, both
// sides of the equation, a diff, and the seed that replays it as the first
// case (lawcheck run -seed N PATTERN).
//
// check checks the laws of operads described in JSON files (see
// docs/json-operads.md), proving by enumeration those whose variables range
// over small finite sorts; replay evaluates a saved failure once.
//
// run prints each law as it finishes and, on a terminal, a progress line
// for runs longer than a second (not when the output is piped, under
// -json, or with NO_COLOR set). Flags not given are taken from LAWS_ENGINE,
// LAWS_CHECKS, LAWS_SEED and LAWS_SHRINKTIME, as in go test. -json writes
// one record per law per line, in the format kgents-lawcheck/1 (the
// laws.Record type, documented in the README).
//
// python checks the laws of a Python operad (or of every operad in a
// registry) by behaviour: each law the operad declares as an equation
// string, and identity laws inferred from an identity leaf, is parsed,
// bound to generated terms over the operad's operations and leaves, and
// both sides are run on the same inputs by a Python process serving the
// embedded kgents_core package (stdlib only, Python 3.9 or newer). Each law
// is passed, failed (with the shrunk counterexample as Python code to
// paste), errored or not checkable (with the reason). It takes run's
// -engine, -checks, -seed, -shrinktime, -json (and LAWS_* likewise), -run
// PATTERN on "operad/law", and its own --path, --leaves, --python,
// --up-to, --unchecked, --timeout and size bounds; lawcheck python -h lists
// them, docs/python-bridge.md tells the protocol. --stdio is the mode in
// which kgents_core.verify_operad_laws runs it.
//
// ledger gives the shell package trace's checks of a durable ledger:
// verify reads it read-only and checks every frame, record, link, digest
// and chain head, and that it extends each checkpoint given; checkpoint
// prints its length and chain head as one line to keep elsewhere; export
// and import move its nodes to and from a kgents store file (import all or
// none). docs/ledger.md, "From the shell", tells each; a damaged ledger, or
// one that disagrees with a checkpoint, exits 1.
//
// Exit status: 0 when every law checked holds, 1 when a law failed or
// errored, 2 for bad usage or bad input, 130 when interrupted (Ctrl-C),
// after printing what had finished. -v prints every case's values to
// stderr.
package main
