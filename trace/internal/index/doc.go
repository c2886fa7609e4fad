// Package index holds the in-memory indexes of a trace ledger: everything
// package trace keeps beside its nodes so that an append can be checked and
// every query, lookup and navigation is served without a scan. It knows
// nothing of TraceNode's fields: the ledger hands it positions, ids,
// timestamps, field values and relations, and reads positions back.
//
// A position is a node's place in append order, from 0. Every structure
// here is read and written under the ledger's lock (RWMutex). All but the
// time index are append-only and grow without copying what readers may be
// using, so that readers of a Snapshot need no lock at all; the time index
// moves keys as late ones arrive, and is read only under the lock.
//
// What the ledger keeps, and where:
//
//   - [Graph]: the nodes by position, in blocks, and the causal graph, an
//     edge per link from its source (a node or a plan path) to the node
//     carrying it, read from both ends (Children here, parents from the
//     links themselves), and the targets of links for LinksTo queries.
//   - [IDs]: ids to positions. Ids that increase from the first node on
//     (kgents' "trace-" and 12 hex digits from a counter or a clock) are
//     kept as an ordered column of 48-bit keys, shown new by one comparison
//     with the last and looked up by interpolation (ordids.go); other ids go
//     to a hash table behind a Bloom filter, confirmed by comparing the id
//     that a [Resolver] gives for the position (ids.go).
//   - [Field]: the posting lists of one field (origin, walk, tag): for each
//     value, the positions holding it, as [Postings]; [Union] merges lists.
//   - [Times]: positions ordered by timestamp, nearly free while nodes come
//     in timestamp order; keys a little late (concurrent producers) are
//     merged into the sorted keys near their end, in place, and older ones
//     into runs merged as in a log-structured merge tree.
//   - [RecentIDs]: a small table of the last [Window] ids, in cache, that
//     recovery's read-ahead uses to find link sources among the records it
//     has just digested.
//   - [Column] and [Arena]: the chunked storage the rest is made of, and
//     chunk allocation for decoded nodes and their small slices.
//
// The common case of an append (an id that continues the ordered prefix, a
// link to a node with no other edge, a timestamp not before the last) is
// small enough to be inlined into the ledger's append: [IDs.PutNext] and
// [Graph.AddFirstEdge] decline anything else, which their callers then hand
// to [IDs.Put] and [Graph.AddEdge]; [Times.Add] calls out only for a node
// out of order.
//
// testhooks.go is the one file that serves tests: simulated hash collisions
// ([SimulateCollisions]), an id index without its ordered prefix, and
// sizes to assert on. Nothing on a lookup or an append consults it.
package index
