package controlapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/journal"
)

// defaultJournalLimit is how many entries GET /control/v1/journal answers
// without a limit.
const defaultJournalLimit = 100

// journalJSON is the answer of GET /control/v1/journal.
type journalJSON struct {
	Entries []*journal.Entry `json:"entries"`
	// FirstSeq and LastSeq number the oldest and newest entries the
	// journal holds, whatever the filter (0 when it holds none); LastSeq
	// is the mark to pass as after= later.
	FirstSeq uint64 `json:"first_seq"`
	LastSeq  uint64 `json:"last_seq"`
	More     bool   `json:"more"` // the limit left out entries that match
}

// ReadJournal is GET /control/v1/journal: the last requests the server
// answered, filtered by the query (docs/control-plane.md#request-journal).
func (s *Handlers) ReadJournal(w http.ResponseWriter, r *http.Request) {
	err := func() error {
		j, err := s.journal()
		if err != nil {
			return err
		}
		f, err := parseJournalFilter(r, j.Size())
		if err != nil {
			return err
		}
		res := j.Query(f)
		s.WriteJSON(w, r, http.StatusOK, journalJSON{Entries: res.Entries, FirstSeq: res.FirstSeq, LastSeq: res.LastSeq, More: res.More})
		return nil
	}()
	if err != nil {
		s.WriteError(w, r, err)
	}
}

// ClearJournal is DELETE /control/v1/journal: the journal forgets every
// entry; the numbering goes on. 200 with an empty body.
func (s *Handlers) ClearJournal(w http.ResponseWriter, r *http.Request) {
	j, err := s.journal()
	if err != nil {
		s.WriteError(w, r, err)
		return
	}
	j.Clear()
	rest.WriteEmpty(w)
}

func (s *Handlers) journal() (*journal.Journal, error) {
	if s.Journal == nil {
		return nil, wolfden.Errorf(wolfden.ENotFound, "the request journal is off: serve with --journal N (WOLFDEN_JOURNAL) above 0")
	}
	return s.Journal, nil
}

// parseJournalFilter reads the journal's query: tenant_id, app_id,
// partner_id, method, path (exact, or a prefix ending in *), route, status
// (404 or 4xx), since and until (ISO 8601), after (a sequence number),
// order (newest, the default, or oldest) and limit (1 to the journal's
// size).
func parseJournalFilter(r *http.Request, size int) (journal.Filter, error) {
	q := r.URL.Query()
	f := journal.Filter{Method: q.Get("method"), Path: q.Get("path"), Route: q.Get("route"), Limit: min(defaultJournalLimit, size)}
	for name, dst := range map[string]*uuid.UUID{"tenant_id": &f.TenantID, "app_id": &f.AppID, "partner_id": &f.PartnerID} {
		if v := q.Get(name); v != "" {
			id, ok := wolfden.ParseID(v)
			if !ok {
				return f, wolfden.FieldErrorf(name, "%s must be an id, not %q", name, v)
			}
			*dst = id
		}
	}
	if v := q.Get("status"); v != "" {
		class, isClass := strings.CutSuffix(strings.ToLower(v), "xx")
		n, err := strconv.Atoi(class)
		switch {
		case isClass && err == nil && n >= 1 && n <= 5:
			f.StatusClass = n
		case !isClass && err == nil && n >= 100 && n <= 599:
			f.Status = n
		default:
			return f, wolfden.FieldErrorf("status", "status must be a status such as 404 or a class such as 4xx, not %q", v)
		}
	}
	for name, dst := range map[string]*time.Time{"since": &f.Since, "until": &f.Until} {
		t, err := rest.ParseTimeParam(r, name)
		if err != nil {
			return f, err
		}
		if t != nil {
			*dst = *t
		}
	}
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return f, wolfden.FieldErrorf("after", "after must be a sequence number (0 or more), not %q", v)
		}
		f.After = n
	}
	switch order := q.Get("order"); order {
	case "", "newest":
	case "oldest":
		f.OldestFirst = true
	default:
		return f, wolfden.FieldErrorf("order", "order must be newest or oldest, not %q", order)
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > size {
			return f, wolfden.FieldErrorf("limit", "limit must be 1 to %d (the journal's size), not %q", size, v)
		}
		f.Limit = n
	}
	return f, nil
}
