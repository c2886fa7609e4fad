package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/kgents/kgents-core/trace"
)

// The ledger tools give the shell what package trace gives Go code: a
// full check of a durable ledger, its checkpoint to keep elsewhere, and the
// kgents store file in and out. Their exit status follows the rest of
// lawcheck: 1 when the ledger failed a check (damage, or disagreement with
// a checkpoint), 2 for bad usage or bad input.

const ledgerUsage = `Usage:
  lawcheck ledger verify [-checkpoint TEXT] [-checkpoints FILE] [-json] DIR
  lawcheck ledger checkpoint DIR
  lawcheck ledger export [-o FILE] DIR
  lawcheck ledger import FILE DIR

verify reads the durable ledger in DIR without changing it, checking every
frame's CRC, record, link, digest and chain head, and, if given, that it
extends each checkpoint. checkpoint prints the ledger's checkpoint (its
length and chain head) as one line, to keep where the ledger cannot reach
it. export writes the ledger as a kgents store file ({"version": 1,
"nodes": [...]}); import appends the nodes of one to the ledger in DIR
(created if needed), all or none.

Exit status: 0 the ledger checks out, 1 it is damaged or disagrees with a
checkpoint, 2 bad usage or input.
`

func cmdLedger(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, ledgerUsage)
		return exitUsage
	}
	switch args[0] {
	case "verify":
		return cmdLedgerVerify(args[1:], stdout, stderr)
	case "checkpoint":
		return cmdLedgerCheckpoint(args[1:], stdout, stderr)
	case "export":
		return cmdLedgerExport(args[1:], stdout, stderr)
	case "import":
		return cmdLedgerImport(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, ledgerUsage)
		return exitOK
	}
	fmt.Fprintf(stderr, "lawcheck ledger: unknown command %q\n\n%s", args[0], ledgerUsage)
	return exitUsage
}

// errNoLedger is returned for a directory without segment files: reading
// it as an empty ledger would let a mistyped path verify.
var errNoLedger = errors.New("no durable ledger here (no segment files)")

// openLedger reads the ledger in dir read-only. A directory that holds no
// ledger is an error; damage is not (it is in rec.Corrupt, with the ledger
// of every batch before it).
func openLedger(dir string) (*trace.Ledger, *trace.Recovery, error) {
	l, rec, err := trace.OpenReadOnly(dir)
	if err != nil {
		return nil, nil, err
	}
	if rec.Segments == 0 {
		return nil, nil, fmt.Errorf("%s: %w", dir, errNoLedger)
	}
	return l, rec, nil
}

// openIntact is openLedger for the commands that refuse a damaged ledger:
// a checkpoint of the part before the damage would pin a history that has
// lost nodes, and an export of it would pass that history on. When it says
// why it refused (on stderr, for subcommand name), ok is false and code is
// the exit status.
func openIntact(name, dir string, stderr io.Writer) (l *trace.Ledger, code int, ok bool) {
	l, rec, err := openLedger(dir)
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck ledger %s: %v\n", name, err)
		return nil, exitUsage, false
	}
	if rec.Corrupt != nil {
		fmt.Fprintf(stderr, "lawcheck ledger %s: %v\n", name, rec.Corrupt)
		return nil, exitFailed, false
	}
	return l, exitOK, true
}

// namedCheckpoint is a checkpoint with where it came from, for messages.
type namedCheckpoint struct {
	from string // "-checkpoint" or FILE:LINE
	cp   trace.Checkpoint
}

// readCheckpoints reads a file of checkpoints, one per line in the text form
// that lawcheck ledger checkpoint prints; blank lines and lines starting
// with # are skipped. A bad line is an error naming it.
func readCheckpoints(path string) ([]namedCheckpoint, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []namedCheckpoint
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var c trace.Checkpoint
		if err := c.UnmarshalText([]byte(text)); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		out = append(out, namedCheckpoint{fmt.Sprintf("%s:%d", path, line), c})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no checkpoints in the file", path)
	}
	return out, nil
}

// verifyRecord is the -json output of lawcheck ledger verify.
type verifyRecord struct {
	Dir         string             `json:"dir"`
	OK          bool               `json:"ok"`
	Nodes       int                `json:"nodes"`
	Segments    int                `json:"segments"`
	Checkpoint  string             `json:"checkpoint"`
	TornTail    *tornTailRecord    `json:"torn_tail,omitempty"`
	Unlinked    string             `json:"unlinked,omitempty"`
	Corrupt     *corruptRecord     `json:"corrupt,omitempty"`
	Checkpoints []checkpointResult `json:"checkpoints,omitempty"`
}

type tornTailRecord struct {
	Segment string `json:"segment"`
	Offset  int64  `json:"offset"`
	Bytes   int64  `json:"bytes"`
}

type corruptRecord struct {
	Segment string `json:"segment"`
	Offset  int64  `json:"offset"`
	Seq     uint64 `json:"seq"`
	Error   string `json:"error"`
}

type checkpointResult struct {
	From       string `json:"from"`
	Checkpoint string `json:"checkpoint"`
	OK         bool   `json:"ok"`
	Error      string `json:"error,omitempty"`
}

func cmdLedgerVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("ledger verify", stderr, "[-checkpoint TEXT] [-checkpoints FILE] [-json] DIR")
	cpText := fs.String("checkpoint", "", "a checkpoint `TEXT` the ledger must extend, a line that lawcheck ledger checkpoint printed (quote it: it has spaces)")
	cpFile := fs.String("checkpoints", "", "a `FILE` of checkpoints the ledger must extend, one per line (blank lines and # comments skipped)")
	asJSON := fs.Bool("json", false, "print one JSON object instead of text")
	pos, code, ok := parseArgs(fs, args, argCount{min: 1, max: 1, want: "one DIR"})
	if !ok {
		return code
	}
	dir := pos[0]
	var cps []namedCheckpoint
	if *cpText != "" {
		var c trace.Checkpoint
		if err := c.UnmarshalText([]byte(strings.TrimSpace(*cpText))); err != nil {
			fmt.Fprintf(stderr, "lawcheck ledger verify: -checkpoint: %v\n", err)
			return exitUsage
		}
		cps = append(cps, namedCheckpoint{"-checkpoint", c})
	}
	if *cpFile != "" {
		more, err := readCheckpoints(*cpFile)
		if err != nil {
			fmt.Fprintf(stderr, "lawcheck ledger verify: -checkpoints: %v\n", err)
			return exitUsage
		}
		cps = append(cps, more...)
	}
	l, rec, err := openLedger(dir)
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck ledger verify: %v\n", err)
		return exitUsage
	}

	r := verifyRecord{Dir: dir, OK: rec.Corrupt == nil, Nodes: l.Len(), Segments: rec.Segments,
		Checkpoint: l.Checkpoint().String(), Unlinked: rec.Unlinked}
	if rec.TornTail {
		r.TornTail = &tornTailRecord{Segment: rec.TailSegment, Offset: rec.TailOffset, Bytes: rec.TailBytes}
	}
	if c := rec.Corrupt; c != nil {
		r.Corrupt = &corruptRecord{Segment: c.Segment, Offset: c.Offset, Seq: c.Seq, Error: c.Error()}
	}
	for _, c := range cps {
		res := checkpointResult{From: c.from, Checkpoint: c.cp.String(), OK: true}
		// A damaged ledger is read up to the damage: a checkpoint beyond it
		// fails as truncated, which is what the damage did to it.
		if err := l.VerifyCheckpoint(c.cp); err != nil {
			res.OK, res.Error, r.OK = false, err.Error(), false
		}
		r.Checkpoints = append(r.Checkpoints, res)
	}

	if *asJSON {
		b, err := json.Marshal(r)
		if err != nil {
			fmt.Fprintf(stderr, "lawcheck ledger verify: %v\n", err)
			return exitUsage
		}
		fmt.Fprintf(stdout, "%s\n", b)
	} else {
		printVerify(stdout, r)
	}
	if !r.OK {
		return exitFailed
	}
	return exitOK
}

// printVerify writes verify's text report: the verdict and what it covers,
// the checkpoint to keep, then each finding.
func printVerify(w io.Writer, r verifyRecord) {
	what := fmt.Sprintf("%s in %s", count(r.Nodes, "node"), count(r.Segments, "segment"))
	if r.Corrupt != nil {
		fmt.Fprintf(w, "DAMAGED %s: %s\n", r.Dir, r.Corrupt.Error)
		if r.Nodes == 0 {
			fmt.Fprintf(w, "        no batch was committed before the damage\n")
		} else {
			fmt.Fprintf(w, "        the %s committed before the damage check out\n", count(r.Nodes, "node"))
		}
	} else {
		fmt.Fprintf(w, "ok      %s: %s; every frame, record, link, digest and chain head checked\n", r.Dir, what)
	}
	fmt.Fprintf(w, "        checkpoint: %s\n", r.Checkpoint)
	if t := r.TornTail; t != nil {
		fmt.Fprintf(w, "        torn tail: %s after the last commit, at offset %d of %s: an interrupted batch, never acknowledged in SyncAlways mode; a read-write open cuts it off and keeps it in a side file\n",
			count(int(t.Bytes), "byte"), t.Offset, t.Segment)
	}
	if r.Unlinked != "" {
		fmt.Fprintf(w, "        %s is an empty segment that an interrupted rotation left; a read-write open removes it\n", r.Unlinked)
	}
	for _, c := range r.Checkpoints {
		if c.OK {
			fmt.Fprintf(w, "ok      extends %s (%s)\n", c.Checkpoint, c.From)
		} else {
			fmt.Fprintf(w, "FAILED  %s: %s\n", c.From, c.Error)
		}
	}
}

func cmdLedgerCheckpoint(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("ledger checkpoint", stderr, "DIR")
	pos, code, ok := parseArgs(fs, args, argCount{min: 1, max: 1, want: "one DIR"})
	if !ok {
		return code
	}
	l, code, ok := openIntact("checkpoint", pos[0], stderr)
	if !ok {
		return code
	}
	fmt.Fprintln(stdout, l.Checkpoint())
	return exitOK
}

func cmdLedgerExport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("ledger export", stderr, "[-o FILE] DIR")
	outPath := fs.String("o", "", "write the store file to `FILE` (replaced only once the new one is whole) instead of standard output")
	pos, code, ok := parseArgs(fs, args, argCount{min: 1, max: 1, want: "one DIR"})
	if !ok {
		return code
	}
	l, code, ok := openIntact("export", pos[0], stderr)
	if !ok {
		return code
	}
	if *outPath == "" {
		if err := trace.WriteStore(stdout, l); err != nil {
			fmt.Fprintf(stderr, "lawcheck ledger export: %v\n", err)
			return exitUsage
		}
		return exitOK
	}
	if err := writeFileWhole(*outPath, func(w io.Writer) error { return trace.WriteStore(w, l) }); err != nil {
		fmt.Fprintf(stderr, "lawcheck ledger export: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "wrote %s to %s\n", count(l.Len(), "node"), *outPath)
	return exitOK
}

// writeFileWhole writes path through a temporary file in its directory,
// renamed over path only once write succeeded and the file is synced, so
// that a failure leaves path as it was. The file keeps the permissions of
// the one it replaces, or gets 0644 (a temporary file's 0600 would hide an
// export from the people it is for).
func writeFileWhole(path string, write func(io.Writer) error) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename, there is nothing left to remove
	err = f.Chmod(mode)
	if err == nil {
		err = write(f)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

func cmdLedgerImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("ledger import", stderr, "FILE DIR")
	pos, code, ok := parseArgs(fs, args, argCount{min: 2, max: 2, want: "a store FILE and a ledger DIR"})
	if !ok {
		return code
	}
	file, dir := pos[0], pos[1]
	f, err := os.Open(file)
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck ledger import: %v\n", err)
		return exitUsage
	}
	store, err := trace.ReadStore(f)
	f.Close()
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck ledger import: %s: %v\n", file, err)
		return exitUsage
	}
	if err := checkImportDir(dir); err != nil {
		fmt.Fprintf(stderr, "lawcheck ledger import: %v\n", err)
		return exitUsage
	}
	d, err := trace.Open(dir, nil)
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck ledger import: %v\n", err)
		if errors.Is(err, trace.ErrCorrupt) {
			return exitFailed
		}
		return exitUsage
	}
	before := d.Len()
	// One call: the store's nodes are committed together or not at all, so
	// a refused node (an id the ledger already has) leaves the ledger as it was.
	err = d.AppendAll(slices.Collect(store.All()))
	if cerr := d.Close(); err == nil && cerr != nil {
		fmt.Fprintf(stderr, "lawcheck ledger import: %s were committed to %s, but closing it failed: %v\n", count(store.Len(), "node"), dir, cerr)
		return exitFailed
	}
	if err != nil {
		fmt.Fprintf(stderr, "lawcheck ledger import: %s into %s: %v (nothing was imported)\n", file, dir, err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "imported %s from %s into %s (%s before)\n", count(store.Len(), "node"), file, dir, count(before, "node"))
	return exitOK
}

// checkImportDir refuses a directory that holds files but no ledger, so
// that a mistyped DIR does not get a ledger created among other files.
func checkImportDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil // Open creates it
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".seg" {
			return nil
		}
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s: %w, but other files: give an empty or new directory", dir, errNoLedger)
	}
	return nil
}
