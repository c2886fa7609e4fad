package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kgents/kgents-core/trace"
)

// ledgerNodes returns n nodes, each caused by the one before, with ids
// from prefix, a minute apart from start.
func ledgerNodes(prefix string, start, n int) []*trace.TraceNode {
	t0 := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	var out []*trace.TraceNode
	for i := start; i < start+n; i++ {
		f := trace.Fields{ID: fmt.Sprintf("%s-%03d", prefix, i), Origin: "witness",
			Timestamp: t0.Add(time.Duration(i) * time.Minute),
			Response:  trace.NewResponse("thought", fmt.Sprintf("step %d", i), true, nil)}
		if i > start {
			f.Links = []trace.Link{trace.NewLink(out[len(out)-1].ID(), f.ID, trace.Causes, nil)}
		}
		out = append(out, trace.New(f))
	}
	return out
}

// durableLedger makes a durable ledger in dir with one batch per element of
// batches.
func durableLedger(t *testing.T, dir string, batches ...[]*trace.TraceNode) {
	t.Helper()
	d, err := trace.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range batches {
		if err := d.AppendAll(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
}

// storeFile writes nodes as a kgents store file and returns its path.
func storeFile(t *testing.T, path string, nodes []*trace.TraceNode) string {
	t.Helper()
	l := trace.NewLedger()
	if err := l.AppendAll(nodes); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := trace.WriteStore(f, l); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// segments returns the segment files of the ledger in dir.
func segments(t *testing.T, dir string) []string {
	t.Helper()
	segs, err := filepath.Glob(filepath.Join(dir, "*.seg"))
	if err != nil {
		t.Fatal(err)
	}
	return segs
}

func TestLedgerImportVerifyExportRoundTrip(t *testing.T) {
	tmp := t.TempDir()
	nodes := ledgerNodes("a", 0, 20)
	store := storeFile(t, filepath.Join(tmp, "store.json"), nodes)
	dir := filepath.Join(tmp, "ledger")

	code, out, errs := runCLI("ledger", "import", store, dir)
	if code != exitOK || !strings.Contains(out, "imported 20 nodes") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = runCLI("ledger", "verify", dir)
	if code != exitOK || !strings.HasPrefix(out, "ok ") || !strings.Contains(out, "20 nodes in 1 segment") {
		t.Fatalf("verify: exit %d\n%s%s", code, out, errs)
	}
	// The checkpoint the CLI prints is the one the library computes for the
	// same nodes in memory: digests and chain head cover the same content.
	mem := trace.NewLedger()
	if err := mem.AppendAll(nodes); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI("ledger", "checkpoint", dir)
	if code != exitOK || out != mem.Checkpoint().String()+"\n" {
		t.Fatalf("checkpoint: exit %d, got %q, want %q", code, out, mem.Checkpoint().String())
	}

	back := filepath.Join(tmp, "back.json")
	if code, out, errs := runCLI("ledger", "export", "-o", back, dir); code != exitOK {
		t.Fatalf("export: exit %d\n%s%s", code, out, errs)
	}
	f, err := os.Open(back)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := trace.ReadStore(f)
	if err != nil {
		t.Fatalf("the exported store does not read back: %v", err)
	}
	if l.Checkpoint() != mem.Checkpoint() {
		t.Errorf("exported store: checkpoint %v, want %v", l.Checkpoint(), mem.Checkpoint())
	}
	left, _ := filepath.Glob(filepath.Join(tmp, ".back.json.tmp*"))
	if len(left) > 0 {
		t.Errorf("export left temporary files: %v", left)
	}
	// A new file is readable by others, as files a tool writes are; one
	// written over keeps its permissions.
	if st, err := os.Stat(back); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("exported file: %v, %v; want mode 0644", st.Mode(), err)
	}
	if err := os.Chmod(back, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI("ledger", "export", "-o", back, dir); code != exitOK {
		t.Fatalf("export over a file: exit %d, %s", code, errs)
	}
	if st, err := os.Stat(back); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("file exported over: %v, %v; want its mode 0600 kept", st.Mode(), err)
	}

	// Export to standard output writes the same bytes as to a file.
	code, out, _ = runCLI("ledger", "export", dir)
	want, _ := os.ReadFile(back)
	if code != exitOK || out != string(want) {
		t.Errorf("export to stdout: exit %d, %d bytes, want the %d of -o", code, len(out), len(want))
	}
}

func TestLedgerImportIsAllOrNone(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "ledger")
	first := ledgerNodes("a", 0, 5)
	if code, out, errs := runCLI("ledger", "import", storeFile(t, filepath.Join(tmp, "1.json"), first), dir); code != exitOK {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	// A store of three new nodes and one the ledger already has: refused
	// whole, naming the duplicate.
	second := append(ledgerNodes("b", 10, 3), first[0])
	code, _, errs := runCLI("ledger", "import", storeFile(t, filepath.Join(tmp, "2.json"), second), dir)
	if code != exitUsage || !strings.Contains(errs, `duplicate trace id "a-000"`) || !strings.Contains(errs, "nothing was imported") {
		t.Fatalf("import of a duplicate: exit %d, stderr %q", code, errs)
	}
	l, _, err := trace.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 5 {
		t.Errorf("after a refused import the ledger has %d nodes, want 5", l.Len())
	}
}

func TestLedgerVerifyFindsDamage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ledger")
	durableLedger(t, dir, ledgerNodes("a", 0, 4), ledgerNodes("b", 0, 4))
	seg := segments(t, dir)[0]
	b, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}
	// Flip a byte inside the second batch's first record: the first batch
	// still checks out.
	at := strings.Index(string(b), "b-000")
	if at < 0 {
		t.Fatal("no record of b-000 in the segment")
	}
	b[at] ^= 0x20
	if err := os.WriteFile(seg, b, 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, _ := runCLI("ledger", "verify", dir)
	if code != exitFailed || !strings.HasPrefix(out, "DAMAGED ") || !strings.Contains(out, filepath.Base(seg)+" offset ") ||
		!strings.Contains(out, "the 4 nodes committed before the damage check out") {
		t.Fatalf("verify of a damaged ledger: exit %d\n%s", code, out)
	}
	for _, sub := range []string{"checkpoint", "export"} {
		code, out, errs := runCLI("ledger", sub, dir)
		if code != exitFailed || out != "" || !strings.Contains(errs, "ledger corrupt") {
			t.Errorf("%s of a damaged ledger: exit %d, stdout %q, stderr %q", sub, code, out, errs)
		}
	}
}

func TestLedgerVerifyAgainstCheckpoints(t *testing.T) {
	tmp := t.TempDir()
	a, b, c := ledgerNodes("a", 0, 3), ledgerNodes("b", 0, 3), ledgerNodes("c", 0, 3)

	// The ledger as it was after its first two batches, then grown by a third.
	dir := filepath.Join(tmp, "ledger")
	durableLedger(t, dir, a, b)
	code, cp, _ := runCLI("ledger", "checkpoint", dir)
	if code != exitOK {
		t.Fatalf("checkpoint: exit %d", code)
	}
	cps := filepath.Join(tmp, "checkpoints.txt")
	if err := os.WriteFile(cps, []byte("# kept apart from the ledger\n\n"+cp), 0o644); err != nil {
		t.Fatal(err)
	}
	durableLedger(t, dir, c)
	code, out, _ := runCLI("ledger", "verify", "-checkpoints", cps, dir)
	if code != exitOK || !strings.Contains(out, "ok      extends "+strings.TrimSpace(cp)+" ("+cps+":3)") {
		t.Fatalf("a grown ledger against its earlier checkpoint: exit %d\n%s", code, out)
	}

	// A ledger cut back to its first batch: truncated, from node 4 on.
	short := filepath.Join(tmp, "short")
	durableLedger(t, short, a)
	code, out, _ = runCLI("ledger", "verify", "-checkpoint", strings.TrimSpace(cp), short)
	if code != exitFailed || !strings.Contains(out, "FAILED  -checkpoint: ") || !strings.Contains(out, "truncated or rolled back, seq 4 onward is missing") {
		t.Fatalf("a truncated ledger: exit %d\n%s", code, out)
	}

	// A ledger whose second batch differs: a fork at the checkpoint.
	fork := filepath.Join(tmp, "fork")
	durableLedger(t, fork, a, c, b)
	code, out, _ = runCLI("ledger", "verify", "-checkpoints", cps, fork)
	if code != exitFailed || !strings.Contains(out, "FAILED  "+cps+":3: ") || !strings.Contains(out, "(a fork)") {
		t.Fatalf("a forked ledger: exit %d\n%s", code, out)
	}

	// The same verdict for machines.
	code, out, _ = runCLI("ledger", "verify", "-json", "-checkpoints", cps, fork)
	var r verifyRecord
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("-json: %v\n%s", err, out)
	}
	if code != exitFailed || r.OK || r.Nodes != 9 || len(r.Checkpoints) != 1 || r.Checkpoints[0].OK || r.Checkpoints[0].From != cps+":3" {
		t.Errorf("-json of a forked ledger: exit %d, %+v", code, r)
	}
}

func TestLedgerRefusesWhatIsNotALedger(t *testing.T) {
	tmp := t.TempDir()
	empty := filepath.Join(tmp, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	// An empty directory reads as an empty ledger; verifying it would pass
	// a mistyped path.
	for _, sub := range []string{"verify", "checkpoint", "export"} {
		code, out, errs := runCLI("ledger", sub, empty)
		if code != exitUsage || out != "" || !strings.Contains(errs, "no durable ledger here") {
			t.Errorf("%s of an empty directory: exit %d, stdout %q, stderr %q", sub, code, out, errs)
		}
	}
	code, _, errs := runCLI("ledger", "verify", filepath.Join(tmp, "missing"))
	if code != exitUsage || !strings.Contains(errs, "no such file or directory") {
		t.Errorf("verify of a missing directory: exit %d, stderr %q", code, errs)
	}

	// Import does not create a ledger among other files.
	other := filepath.Join(tmp, "other")
	if err := os.Mkdir(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(other, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	store := storeFile(t, filepath.Join(tmp, "s.json"), ledgerNodes("a", 0, 2))
	code, _, errs = runCLI("ledger", "import", store, other)
	if code != exitUsage || !strings.Contains(errs, "give an empty or new directory") || len(segments(t, other)) != 0 {
		t.Errorf("import into a directory of other files: exit %d, stderr %q, segments %v", code, errs, segments(t, other))
	}
}

func TestLedgerBadInputSaysWhere(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "ledger")
	durableLedger(t, dir, ledgerNodes("a", 0, 2))

	code, _, errs := runCLI("ledger", "verify", "-checkpoint", "kgents-trace-checkpoint/1 2", dir)
	if code != exitUsage || !strings.Contains(errs, "-checkpoint: trace: not a checkpoint") {
		t.Errorf("a malformed -checkpoint: exit %d, stderr %q", code, errs)
	}
	cps := filepath.Join(tmp, "cps.txt")
	if err := os.WriteFile(cps, []byte("# two good lines, then a bad one\n\nkgents-trace-checkpoint/1 0 "+strings.Repeat("0", 64)+"\nkgents-trace-checkpoint/1 2 abc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI("ledger", "verify", "-checkpoints", cps, dir)
	if code != exitUsage || !strings.Contains(errs, cps+":4: trace: not a checkpoint: chain head") {
		t.Errorf("a bad line in -checkpoints: exit %d, stderr %q", code, errs)
	}

	// A file of nothing but comments checks nothing: not a pass.
	if err := os.WriteFile(cps, []byte("# none yet\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI("ledger", "verify", "-checkpoints", cps, dir)
	if code != exitUsage || !strings.Contains(errs, cps+": no checkpoints in the file") {
		t.Errorf("an empty -checkpoints file: exit %d, stderr %q", code, errs)
	}

	trunc := filepath.Join(tmp, "trunc.json")
	if err := os.WriteFile(trunc, []byte("{\"version\": 1,\n \"nodes\": [{\"id\": "), 0o644); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(tmp, "fresh")
	code, _, errs = runCLI("ledger", "import", trunc, fresh)
	if code != exitUsage || !strings.Contains(errs, trunc+": trace: store: line 2 column") {
		t.Errorf("import of a truncated store: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Errorf("a refused import created %s (%v)", fresh, err)
	}

	for _, args := range [][]string{{"ledger"}, {"ledger", "verify"}, {"ledger", "import", trunc}, {"ledger", "frobnicate"}} {
		if code, _, _ := runCLI(args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, out, _ := runCLI("ledger", "help"); code != exitOK || !strings.Contains(out, "lawcheck ledger verify") {
		t.Errorf("ledger help: exit %d\n%s", code, out)
	}
}

// The checkpoint file that verify reads is the output of checkpoint,
// appended to as the ledger grows: every line stays valid.
func TestLedgerCheckpointFileGrowsWithTheLedger(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "ledger")
	var lines []string
	for i := range 4 {
		durableLedger(t, dir, ledgerNodes(fmt.Sprint("n", i), 0, i+1))
		code, out, _ := runCLI("ledger", "checkpoint", dir)
		if code != exitOK {
			t.Fatalf("checkpoint: exit %d", code)
		}
		lines = append(lines, out)
	}
	if len(slices.Compact(slices.Clone(lines))) != len(lines) {
		t.Fatalf("checkpoints repeat: %q", lines)
	}
	cps := filepath.Join(tmp, "cps.txt")
	if err := os.WriteFile(cps, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI("ledger", "verify", "-checkpoints", cps, dir)
	if code != exitOK || strings.Count(out, "ok      extends ") != 4 {
		t.Fatalf("verify against its own history: exit %d\n%s", code, out)
	}
}

// Bytes after the last commit (a batch being written when the process
// died, or the writer still at work) are not damage: verify passes, and
// says where they are.
func TestLedgerVerifyReportsATornTail(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ledger")
	durableLedger(t, dir, ledgerNodes("a", 0, 3))
	seg := segments(t, dir)[0]
	info, err := os.Stat(seg)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(seg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("half a frame"); err != nil {
		t.Fatal(err)
	}
	f.Close()

	code, out, _ := runCLI("ledger", "verify", dir)
	want := fmt.Sprintf("torn tail: 12 bytes after the last commit, at offset %d of %s:", info.Size(), seg)
	if code != exitOK || !strings.HasPrefix(out, "ok ") || !strings.Contains(out, want) {
		t.Fatalf("verify of a torn tail: exit %d, want a line with %q\n%s", code, want, out)
	}
	code, out, _ = runCLI("ledger", "verify", "-json", dir)
	var r verifyRecord
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != exitOK || r.TornTail == nil ||
		*r.TornTail != (tornTailRecord{Segment: seg, Offset: info.Size(), Bytes: 12}) {
		t.Fatalf("-json of a torn tail: exit %d, %v, %+v", code, err, r.TornTail)
	}
	if after, _ := os.Stat(seg); after.Size() != info.Size()+12 {
		t.Errorf("verify changed the segment: %d bytes, want %d", after.Size(), info.Size()+12)
	}
}
