// Package trace is kgents' append-only record of what agents did: immutable
// TraceNodes in a Ledger that validates every append, indexes every field a
// query can name, navigates causality in both directions and transitively,
// makes history tamper-evident with content digests chained like git, and
// (with Open) survives crashes without losing an acknowledged append.
//
// # Model
//
// A [TraceNode] says that an observer (its [Umwelt]) saw a [Stimulus] and
// produced a [Response] at a naive wall-clock timestamp. Nodes carry [Link]s to
// earlier nodes or to plan files, each with a [LinkRelation] (CAUSES,
// CONTINUES, BRANCHES, FULFILLS). Nodes are values: they have no setters,
// every map and slice is copied in and out, and [TraceNode.WithLink] returns a
// copy. Build one with [New] (zero fields take kgents' defaults), [FromThought]
// or [FromAgentese].
//
// A [Ledger] appends nodes under kgents' rules, checked in kgents' order:
//
//  1. the id must be new ([DuplicateTraceError]);
//  2. for each link, in order: a plan link (source ends in ".md" or starts with
//     "plans/") is not checked; otherwise the source must be in the ledger
//     ([TraceNotFoundError]) and the node must be strictly later than it
//     ([CausalityViolationError]).
//
// A failed append changes nothing. Timeline order is append order; a node may
// be older than earlier nodes when it does not link to them.
// [Ledger.AppendAll] appends many nodes all or none: each is checked as
// Append checks it, against the ledger and the nodes before it in the call,
// and one refused node refuses the call, with its index in the error.
//
// Any unique string is an id. Ids of kgents' form ("trace-" and 12 lowercase
// hex digits) that increase from the first append on, as ids from a counter
// or a clock do, are the cheapest to index: the ledger keeps them as a sorted
// column and shows an id new by comparing it with the last. Other ids, such
// as the random ones [NewID] and kgents make, go to a hash index.
//
// An edge of the causal graph goes from a link's source to the node that
// carries the link. [Ledger.Causes] and [Ledger.Effects] (and Continuations,
// Branches, Fulfillments) read that one graph from its two ends, so they always
// agree: A is in Causes(B) exactly when B is in Effects(A). The link's target
// field is kept as data for Python (which never checks it) and is what the
// LinksTo query filters on. [Ledger.Ancestors] and [Ledger.Descendants] walk the
// graph transitively, breadth first, with an optional depth limit.
//
// # Concurrency
//
// A Ledger is safe for concurrent use. Appends are serialised; every read
// (Get, Query, navigation, Stats, All) sees the ledger as it was between two
// appends, never half an append. Returned nodes are immutable and may be kept
// and shared freely. Iterators from [Ledger.All] run over a snapshot and hold no
// lock while the loop body runs, so the body may append.
//
// # Digests
//
// Each node has a [Digest]: SHA-256 over
//
//	"kgents/trace/node/v1\n" || canonical(node) || for each link, in order:
//	    0x00                      for a plan link
//	    0x01 || digest(source)    for a link to a node
//
// where canonical(node) is the record encoding below. A digest therefore
// covers the node's whole causal past, as a git commit covers its parents.
// The chain head after n nodes is h(n) = SHA-256(h(n-1) || digest(n)) with
// h(0) = 32 zero bytes: sequences of nodes act on heads, and appending two
// batches one after the other moves the head as appending their concatenation.
// [Ledger.Verify] recomputes everything and reports the first sequence that
// does not match.
//
// # Durable ledgers
//
// [Open] keeps a ledger in a directory of segment files ([OpenOptions]
// choose the sync mode and the segment size). Appends are grouped:
// an append is encoded into the current batch and waits; one writer goroutine
// writes each batch (its record frames, then a commit frame and a seal frame
// carrying the chain head) with one write and, in the default [SyncAlways]
// mode, one fdatasync, and only then acknowledges every append of the batch
// and makes its nodes visible to readers. Concurrent producers therefore share
// fsyncs. [DurableLedger.AppendAll] puts all its nodes into one batch, under
// one commit frame: recovery finds all of them or none, and a caller with
// many nodes pays one wake-up and one share of an fsync for all of them. [SyncInterval] and [SyncNever] acknowledge after the write and before
// the fsync: they are an explicit opt-in, and their loss window is stated on the
// constants. A write or fsync error is sticky: the batch and every later append
// fail, and the ledger must be reopened, because after a failed fsync the
// state of the page cache is unknown. An append's answer matches what
// recovery will find: when a batch's write fails, the ledger takes back what
// reached the file (zeros over it, an fdatasync) before it answers, and says
// so in the error; only when that fails too, or the fsync failed, may the
// refused batch still be found by recovery, and the error says that.
//
// The active segment is preallocated: zero bytes are written ahead of the
// frames (and made durable with the batch that writes them), and batches
// overwrite them in place, so that making a batch durable changes no file
// metadata and needs no journal commit, only a flush of the data (an
// fdatasync). A segment is cut back to its frames and fsynced when it is
// closed (when full, and on Close).
//
// A full segment is rotated in this order: the next segment is created
// (crash-safely, below), then the full one is ended with a link frame naming
// the next one's first sequence number, cut back and fsynced. A segment that
// ends with a link therefore proves that its successor existed. The batch
// that filled the segment is answered by its own write and fsync: if the
// rotation after it fails (a full disk), that batch is acknowledged, and the
// failure is the sticky error of every later append and of Close.
//
// # On-disk format
//
// All integers are little-endian. CRC is CRC-32C (Castagnoli).
//
// The directory holds LOCK (an flock'd empty file, one writer at a time),
// segment files named by their first sequence number in 20 decimal digits with
// the suffix ".seg" (00000000000000000001.seg), and side files
// NAME.seg.torn-OFFSET holding bytes cut from a torn tail (with .1, .2, ...
// appended if that name is taken: earlier cuts are never overwritten). A
// segment starts with a 32-byte header:
//
//	offset size field
//	0      8    magic "KGTRACE\x00"
//	8      4    format version, 3 (1 and 2 are read too)
//	12     4    zero
//	16     8    sequence number of the first record in this segment
//	24     4    CRC-32C of bytes [0, 24)
//	28     4    zero
//
// followed by frames, and then, in version 2, by zero bytes to the end of the
// file: preallocated space, where the next frame will be written. Since a
// frame's type byte is never zero, a frame never starts with 17 zero bytes,
// and the frames end where only zero bytes follow. Version 1 segments have no
// preallocated space; a segment that is not the last one has none either (it
// was cut when it was closed), unless a crash interrupted that.
//
// Frames:
//
//	offset size field
//	0      4    payload length L, at most 16 MiB
//	4      4    CRC-32C of bytes [0, 4) followed by bytes [8, 17+L)
//	8      1    type: 1 record, 2 commit, 3 seal, 4 link
//	9      8    sequence number
//	17     L    payload
//
// A record's sequence number is the node's position in the ledger, from 1,
// consecutive across segments; its payload is the record encoding. A batch is
// one or more records followed by a commit frame and a seal frame; both carry
// the sequence number of the batch's last record and the 32-byte chain head
// after it as payload. The seal repeats the commit so that the commit is never
// the last frame of a file: a damaged commit is then always followed by a valid
// frame, which tells corruption from a torn write (below). A link frame ends
// a full segment (version 3; versions 1 and 2 have none): it follows the seal
// of the segment's last batch, carries the first sequence number of the next
// segment (the last record's plus one) and the chain head as payload, and
// only zero bytes may follow it.
//
// The record encoding (also canonical(node) in the digest) is, with str =
// uvarint byte length then the bytes, list = uvarint count then the items, and
// json = str holding compact JSON with sorted keys ("" for an empty object):
//
//	str id, str origin,
//	str stimulus.kind, str stimulus.content, str stimulus.source, json stimulus.metadata,
//	str response.kind, str response.content, u8 response.success, json response.metadata,
//	str umwelt.observer_id, str umwelt.role, list of str capabilities (sorted, unique),
//	list of str perceptions (sorted, unique), u8 trust level,
//	list of links: str source, str target, u8 relation (1 CAUSES .. 4 FULFILLS), json metadata,
//	8-byte signed timestamp in microseconds since 1970-01-01T00:00:00 of the naive wall clock,
//	str phase value ("" for none), str walk id ("" for none), list of str tags, json metadata.
//
// uvarints must be minimal and the encoding must be consumed exactly.
//
// # Disk assumptions
//
// Bytes that were fsynced read back as written; anything else is corruption.
// A crash may lose writes that were not fsynced. Of the bytes appended to a
// file since its last fsync it keeps a prefix in the order they were written
// and may leave garbage after it (a torn write). Bytes written over
// preallocated zeros are less ordered: nothing orders the pages of a write in
// place the way ext4 orders an append behind the file size, so a crash may
// keep any subset of the 512-byte sectors of the unsynced write; a sector is
// written whole or not at all (then it still holds what it held before:
// zeros, or the durable frames before the write in the sector where the
// write starts). Files made visible by rename after an fsync of the file and
// of the directory exist with their full content. A rename is atomic. The
// crash tests draw crashes from this whole model (package faultfs).
//
// What recovery cannot tell apart, and what it does about it:
//
//   - A damaged seal at the very end of the last segment looks like a torn
//     write of it. Recovery cuts it (keeping the bytes) and writes it again;
//     no committed node is lost, since the commit before it is intact.
//   - A crash during the last batch's write in place can keep its commit and
//     seal (a later sector) and lose an earlier sector, which still reads as
//     zeros: a valid commit then follows damaged bytes, as it would if a
//     durable batch had been damaged. Recovery tells them apart by the zeros
//     and by counting batches (step 4): bit rot does not zero what a batch
//     wrote into a sector, and in SyncAlways mode no batch is written before the
//     one ahead of it is durable. A durable batch that lost a sector to
//     zeros, with nothing after it, would be cut as a torn tail (its bytes
//     kept in the side file); the disk assumptions above exclude that. In
//     the weaker sync modes several unsynced batches can be in flight: if a
//     crash keeps a later one and zeroes a sector of an earlier one, recovery
//     reports corruption (OpenReadOnly returns every batch before it).
//   - A crash between creating the next segment and linking the full one to
//     it leaves an unlinked segment followed by an empty one. Recovery
//     recognises the pair (step 3) and removes the empty one.
//
// What recovery finds of damage that is not a crash, on one machine:
//
//   - Found: any changed, cut or lost byte inside the frames (CRCs, chain
//     heads, sequence numbers); a segment missing or cut in the middle of the
//     ledger (sequence numbers); the last segments deleted, when the segment
//     left last was ended by a rotation (its link names the missing one).
//   - Not found: the last segment cut back exactly after a batch (at a seal),
//     or the whole directory replaced by an older copy (a rollback): the
//     result is a valid, shorter ledger, the same as a ledger that never had
//     the lost batches. Nor are all segments deleted, nor the last segments of
//     a ledger whose last remaining segment is of version 1 or 2, nor a
//     history rewritten with recomputed CRCs, digests and heads.
//   - For what is not found, keep a [Checkpoint] (length and chain head)
//     elsewhere, as transparency logs keep signed heads:
//     [Ledger.VerifyCheckpoint] reports a ledger shorter than the checkpoint
//     (truncation or rollback) with the first missing position, and one whose
//     head at the checkpoint's length differs (a fork) at that position.
//
// # Recovery
//
// Open (read-write) and [OpenReadOnly] run the same checks:
//
//  1. Delete leftover "*.tmp" files (read-write only): they were never renamed,
//     so they hold nothing committed.
//  2. List segments in sequence order. Check every header; a segment's first
//     sequence must follow the last committed sequence of the one before.
//  3. Read each segment frame by frame, up to the zero bytes that end it.
//     Every frame must have a valid length, CRC, type and the expected
//     sequence number; every record must decode and append to the ledger
//     under the rules above (so duplicates, dangling links and causality
//     violations on disk are corruption); every commit must carry the
//     recomputed chain head and be followed by its seal; a link must follow
//     a seal, name the next sequence number and carry the chain head. A
//     segment other than the last must end with a link (version 1 and 2: end
//     exactly after a seal). The one exception is the segment before the
//     last, when the last holds nothing but its header and zeros: a rotation
//     was interrupted, and the unlinked segment is treated as the last one.
//     The last segment must not end with a link: its successor was deleted.
//  4. In the last segment, call P the end of the last valid commit frame (and
//     its seal, if valid), and E the end of the bytes after P that are not
//     zero (E = P if only zero bytes, preallocated space, follow P). If E > P,
//     scan [P, E) at every offset for a CRC-valid commit or seal frame with a
//     later sequence number. If there is none, the bytes [P, E) are a torn
//     tail: never acknowledged in SyncAlways mode. If there is one, it is
//     still a torn tail when every such frame carries the same sequence
//     number (one batch) and a 512-byte sector that the batch wrote before
//     the first such frame is zero (a torn write in place, above): a whole
//     sector within [P, first such frame), or the bytes from P to the end of
//     P's sector. Otherwise committed data lies behind damaged bytes: that is
//     corruption.
//  5. Read-write: write the tail [P, E) to the side file (temp name, fsync,
//     rename, fsync directory; zero bytes at its end are not kept, since they
//     cannot be told from preallocated space), truncate the segment to P,
//     write a seal if the commit at P lost its seal, and fsync. The next
//     append preallocates again. Read-only: change nothing.
//  6. Read-write: remove the empty segment of an interrupted rotation (see
//     step 3) and fsync the directory; the next rotation creates it again.
//
// Segments are read through a read-only memory mapping (on Linux; read into
// memory elsewhere and on other file systems), released before Open returns:
// the nodes hold copies of their strings, never the segment's bytes, and
// consecutive nodes share the copy of what they repeat (a field's value, a
// stimulus, an umwelt, a whole context, the extras: phase, walk, tags and
// metadata). The checks are the same either way. OpenReadOnly may run beside a
// writer, which appends to the last segment and cuts a segment back to its
// frames when it closes it. A mapping shows such changes as they happen, so
// every record is decoded and hashed from a copy of its frame whose CRC was
// checked on the copy, and used only if the copy has the header (length,
// sequence number, CRC) that the scan read at the same place; a frame without
// such a copy is checked by the scan itself. If a segment is cut while mapped
// (the pages past the cut vanish) or a record's bytes change between the
// checks, the open starts again, reading the files as they are then. The
// record count that the segment names and the last segment's final commit give
// is used only to size the indexes before the scan.
//
// Corruption is reported as a *[CorruptError] naming the segment, the byte
// offset and the sequence number, and matches [ErrCorrupt] with errors.Is. A
// read-write Open refuses to start; OpenReadOnly returns the ledger of every
// batch committed before the damage and the error in its [Recovery].
//
// New segments are created crash-safely: the header and the first
// preallocated zeros are written to NAME.tmp, fsynced, renamed to NAME, and
// the directory is fsynced.
//
// # Where the code is
//
// This package holds the data model (node.go, values.go, metadata.go), the
// Ledger's API (ledger.go: the append rules, lookups; appendall.go: many
// nodes at once; query.go: queries and navigation; digest.go,
// checkpoint.go, algebra.go), the record
// encoding (encoding.go), kgents' JSON (json.go) and the durable ledger
// (durable.go: its API; groupcommit.go: batches and the flusher;
// replay.go, prefetch.go and ballast.go: recovery's rebuild of the ledger). The indexes
// behind the ledger (the id index and its ordered prefix, posting lists,
// the node blocks and the causal graph, the time index, arenas) are in
// trace/internal/index; the segment files and the recovery scan in
// trace/internal/wal; the file system they write through in
// trace/internal/vfs.
//
// # Algebra
//
// [Concat] is a partial monoid (defined when no id is in both ledgers, with
// the empty ledger as identity); Len and IDs are homomorphisms out of it;
// ledgers act on chain heads through [ChainHead]; [Union] merges the ledgers
// of agents that share a history into a bounded join-semilattice. Package
// tracelaws registers these structures, and causality as a law over
// generated submissions, with package laws: go test -run Laws ./trace/.
package trace
