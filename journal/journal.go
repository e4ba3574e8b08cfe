// Package journal keeps the last requests a server answered, for test
// authors who want to assert what their client did ("the playbook
// quarantined exactly these three devices"). A Journal is a bounded ring:
// appending is O(1) under one mutex (amortised), the oldest entry makes
// room for the newest, every body is cut at a size limit, and the bodies
// held together stay within a byte budget, so its memory is bounded
// however large the answers it records. Entries hold no secret: the recorder redacts
// credentials before an entry is built (redact.go).
package journal

import (
	"slices"
	"sync"
)

// Journal is a ring of the last entries appended; safe for concurrent use.
// Entries are immutable once appended, so a query shares them.
type Journal struct {
	bodyLimit int

	mu      sync.Mutex
	ring    []*Entry // entry seq lives at ring[seq%len(ring)]
	lastSeq uint64   // the newest entry's, 0 before any
	cleared uint64   // entries up to this seq were cleared
	dropped uint64   // entries up to this seq were forgotten for the budget
	kept    int      // bytes of the bodies held
}

// DefaultBodyLimit is how much of each body an entry keeps unless
// configured otherwise.
const DefaultBodyLimit = 64 << 10

// ByteBudget bounds the bytes of the bodies a journal holds together: past
// it the oldest entries are forgotten before the ring is full. 1,000
// entries of two 64 KiB bodies would otherwise hold 128 MiB (the load
// tool's list scenario saw a server's memory triple).
const ByteBudget = 16 << 20

// New returns a journal of the last size entries, each body kept up to
// bodyLimit bytes (DefaultBodyLimit if not positive). A size of 0 or less
// is no journal: nil.
func New(size, bodyLimit int) *Journal {
	if size <= 0 {
		return nil
	}
	if bodyLimit <= 0 {
		bodyLimit = DefaultBodyLimit
	}
	return &Journal{bodyLimit: bodyLimit, ring: make([]*Entry, size)}
}

// Size is how many entries the journal holds at most.
func (j *Journal) Size() int { return len(j.ring) }

// BodyLimit is how many bytes of each body an entry keeps.
func (j *Journal) BodyLimit() int { return j.bodyLimit }

// Append numbers e (its Seq) and keeps it, forgetting the oldest entry
// when the journal is full.
func (j *Journal) Append(e *Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.lastSeq++
	e.Seq = j.lastSeq
	slot := &j.ring[e.Seq%uint64(len(j.ring))]
	if *slot != nil {
		j.kept -= (*slot).kept()
	}
	*slot = e
	j.kept += e.kept()
	// Forget the oldest entries held while the bodies are over budget; the
	// newest stays, whatever its size.
	for oldest := j.firstHeld(); j.kept > ByteBudget && oldest < e.Seq; oldest++ {
		old := &j.ring[oldest%uint64(len(j.ring))]
		if *old != nil {
			j.kept -= (*old).kept()
			*old = nil
		}
		j.dropped = oldest
	}
}

// firstHeld is the seq of the oldest entry the journal may hold: past the
// ring's size, the last Clear and what the byte budget dropped. Called
// with mu held.
func (j *Journal) firstHeld() uint64 {
	return max(j.cleared, j.dropped, j.lastSeq-min(j.lastSeq, uint64(len(j.ring)))) + 1
}

// Clear forgets every entry; numbering goes on, so a mark taken before
// stays valid.
func (j *Journal) Clear() {
	j.mu.Lock()
	clear(j.ring)
	j.cleared, j.kept = j.lastSeq, 0
	j.mu.Unlock()
}

// Result is the answer to a query.
type Result struct {
	Entries []*Entry
	// FirstSeq and LastSeq number the oldest and newest entries held
	// (whatever the filter); both 0 when the journal is empty. LastSeq is
	// the mark to query After later; FirstSeq > mark+1 says entries after
	// the mark were forgotten.
	FirstSeq, LastSeq uint64
	// More says the limit left out entries that match.
	More bool
}

// Query answers the entries that match f, newest first unless
// f.OldestFirst, at most f.Limit of them (all if 0).
func (j *Journal) Query(f Filter) Result {
	j.mu.Lock()
	last := j.lastSeq
	first := j.firstHeld()
	var held []*Entry
	for seq := max(first, f.After+1); seq <= last; seq++ {
		if e := j.ring[seq%uint64(len(j.ring))]; f.Matches(e) {
			held = append(held, e)
		}
	}
	j.mu.Unlock()

	res := Result{}
	if first <= last {
		res.FirstSeq, res.LastSeq = first, last
	} else {
		res.LastSeq = last // cleared: nothing held, the mark goes on
	}
	if !f.OldestFirst {
		slices.Reverse(held)
	}
	if f.Limit > 0 && len(held) > f.Limit {
		held, res.More = held[:f.Limit], true
	}
	res.Entries = held
	return res
}
