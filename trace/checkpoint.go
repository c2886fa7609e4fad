package trace

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A Checkpoint is what a ledger says about itself at one moment, as a
// transparency log's signed tree head does: its length and its chain head.
// It is small and has a text form, so it can be kept where the ledger
// cannot reach it (another machine, a signed note, a commit message), and
// later used to check the ledger with [Ledger.VerifyCheckpoint]. Because
// the chain head covers every node in order, a checkpoint pins the whole
// history up to it.
type Checkpoint struct {
	Len  int    // nodes in the ledger
	Head Digest // chain head after them
}

// Checkpoint returns the ledger's length and chain head.
func (l *Ledger) Checkpoint() Checkpoint {
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.ensureDigests(l.g.Len())
	l.dmu.Lock()
	defer l.dmu.Unlock()
	return Checkpoint{Len: l.g.Len(), Head: l.head}
}

const checkpointPrefix = "kgents-trace-checkpoint/1"

// String returns the text form: "kgents-trace-checkpoint/1 LEN HEAD", with
// the head in lowercase hex.
func (c Checkpoint) String() string {
	return fmt.Sprintf("%s %d %s", checkpointPrefix, c.Len, c.Head)
}

// MarshalText returns the text form (see String).
func (c Checkpoint) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// ErrBadCheckpoint is matched by errors from reading a checkpoint's text.
var ErrBadCheckpoint = errors.New("trace: not a checkpoint")

// UnmarshalText reads the text form that MarshalText writes.
func (c *Checkpoint) UnmarshalText(b []byte) error {
	f := strings.Split(string(b), " ")
	if len(f) != 3 || f[0] != checkpointPrefix {
		return fmt.Errorf("%w: %q: want %q, a length and a chain head", ErrBadCheckpoint, b, checkpointPrefix)
	}
	n, err := strconv.Atoi(f[1])
	if err != nil || n < 0 || strconv.Itoa(n) != f[1] {
		return fmt.Errorf("%w: length %q", ErrBadCheckpoint, f[1])
	}
	h, err := hex.DecodeString(f[2])
	if err != nil || len(h) != len(Digest{}) || hex.EncodeToString(h) != f[2] {
		return fmt.Errorf("%w: chain head %q is not 64 lowercase hex digits", ErrBadCheckpoint, f[2])
	}
	c.Len = n
	copy(c.Head[:], h)
	return nil
}

// ErrCheckpoint is matched by every *CheckpointError.
var ErrCheckpoint = errors.New("trace: ledger disagrees with a checkpoint")

// CheckpointError says how a ledger disagrees with an earlier checkpoint.
// Seq is the first position (from 1) at which the two can be seen to
// disagree: for a ledger that lost nodes, the first one it lost; for a
// forked one, the checkpoint's own position, since one chain head cannot say
// which earlier node was changed (a later checkpoint with a smaller Len, or
// a copy of the ledger, narrows it down).
type CheckpointError struct {
	Seq        uint64
	Truncated  bool // the ledger is shorter than the checkpoint: truncated or rolled back
	Checkpoint Checkpoint
	Len        int    // the ledger's length
	Head       Digest // the ledger's chain head at Seq, if it has one (forked)
}

// Error says what disagrees and where.
func (e *CheckpointError) Error() string {
	if e.Truncated {
		return fmt.Sprintf("trace: ledger has %d nodes, checkpoint says %d: truncated or rolled back, seq %d onward is missing",
			e.Len, e.Checkpoint.Len, e.Seq)
	}
	return fmt.Sprintf("trace: chain head at seq %d is %s, checkpoint says %s: history up to seq %d was changed (a fork)",
		e.Seq, e.Head, e.Checkpoint.Head, e.Seq)
}

// Is makes every checkpoint error match ErrCheckpoint.
func (e *CheckpointError) Is(target error) bool { return target == ErrCheckpoint }

// VerifyCheckpoint checks that the ledger extends the history c describes:
// it has at least c.Len nodes and its chain head after the first c.Len of
// them is c.Head. Otherwise it returns a *CheckpointError: the ledger was
// truncated or rolled back (it is shorter), or its history forked (it has the
// length but another head). It does not recompute digests from content;
// [Ledger.Verify] does that.
func (l *Ledger) VerifyCheckpoint(c Checkpoint) error {
	if c.Len < 0 {
		return fmt.Errorf("%w: negative length %d", ErrBadCheckpoint, c.Len)
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	if c.Len > l.g.Len() {
		return &CheckpointError{Seq: uint64(l.g.Len()) + 1, Truncated: true, Checkpoint: c, Len: l.g.Len()}
	}
	l.ensureDigests(l.g.Len())
	l.dmu.Lock()
	defer l.dmu.Unlock()
	head := l.head
	if c.Len < l.g.Len() {
		head = Digest{}
		for i := range c.Len {
			head = chainStep(head, *l.digests.At(int32(i)))
		}
	}
	if head != c.Head {
		return &CheckpointError{Seq: uint64(c.Len), Checkpoint: c, Len: l.g.Len(), Head: head}
	}
	return nil
}
