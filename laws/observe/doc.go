// Package observe writes and reads PBT observations: one JSON line per
// generated test case, and a few lines of information for people, in the
// format that Hypothesis documents as "PBT Observations" and that Tyche
// (a VS Code extension, also a web page) charts for any framework that
// emits it.
//
// An [Observation] is either a test case (Type [TestCase]) or a message
// ([Info], [Alert], [Error]). A test case says how the case ended
// ([Passed], [Failed], [GaveUp] with a reason), how it was generated
// (random, boundary, mined constant, replayed, shrink step...), its
// arguments and their representation in the term grammar of laws/term,
// features that describe it (value sizes, term node counts and depths,
// arities), and where its time went (generation, evaluation, shrinking).
// Every observation names its property (instance/law) and the Unix time
// its run started, so that a reader can group the lines of one run.
//
// A [Writer] writes the observations of one law run to a file of its own
// in a directory (by default .lawcheck/observed), through a buffer, and
// keeps at most a bounded number of test cases: past the bound it counts
// what it leaves out and says so in a closing alert. An observer that
// must stay cheap per case encodes its test cases itself, into a buffer it
// reuses, and hands them to [Writer.WriteEncoded]. [ReadFile] and
// [ReadDir] read them back and name the file, line and column of any line
// that is not an observation.
//
// The JSON Schema the lines follow is [Schema] (schema.json in this
// directory); the package's tests validate written lines against it.
//
// The package imports nothing of laws, so that the engines in laws can
// write through it.
package observe
