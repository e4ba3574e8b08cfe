package journal_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden/journal"
)

func seqs(res journal.Result) []uint64 {
	var s []uint64
	for _, e := range res.Entries {
		s = append(s, e.Seq)
	}
	return s
}

func TestRingKeepsTheLastEntries(t *testing.T) {
	j := journal.New(3, 0)
	for range 7 {
		j.Append(&journal.Entry{Method: http.MethodGet})
	}
	for _, tc := range []struct {
		filter      journal.Filter
		want        []uint64
		first, last uint64
		more        bool
	}{
		{journal.Filter{}, []uint64{7, 6, 5}, 5, 7, false},
		{journal.Filter{OldestFirst: true}, []uint64{5, 6, 7}, 5, 7, false},
		{journal.Filter{After: 5, OldestFirst: true}, []uint64{6, 7}, 5, 7, false},
		{journal.Filter{After: 1}, []uint64{7, 6, 5}, 5, 7, false},
		{journal.Filter{After: 7}, nil, 5, 7, false},
		{journal.Filter{Limit: 2}, []uint64{7, 6}, 5, 7, true},
		{journal.Filter{Limit: 2, OldestFirst: true}, []uint64{5, 6}, 5, 7, true},
	} {
		res := j.Query(tc.filter)
		if got := seqs(res); fmt.Sprint(got) != fmt.Sprint(tc.want) || res.FirstSeq != tc.first || res.LastSeq != tc.last || res.More != tc.more {
			t.Errorf("%+v: %v first %d last %d more %v, want %v %d %d %v", tc.filter, got, res.FirstSeq, res.LastSeq, res.More,
				tc.want, tc.first, tc.last, tc.more)
		}
	}
}

func TestClearKeepsNumbering(t *testing.T) {
	j := journal.New(5, 0)
	j.Append(&journal.Entry{})
	j.Append(&journal.Entry{})
	j.Clear()
	if res := j.Query(journal.Filter{}); len(res.Entries) != 0 || res.FirstSeq != 0 || res.LastSeq != 2 {
		t.Fatalf("after clear: %v first %d last %d", seqs(res), res.FirstSeq, res.LastSeq)
	}
	j.Append(&journal.Entry{})
	if res := j.Query(journal.Filter{}); fmt.Sprint(seqs(res)) != "[3]" || res.FirstSeq != 3 || res.LastSeq != 3 {
		t.Fatalf("after clear and append: %v first %d last %d", seqs(res), res.FirstSeq, res.LastSeq)
	}
}

func TestNewZeroIsOff(t *testing.T) {
	if j := journal.New(0, 100); j != nil {
		t.Fatal("New(0) is a journal")
	}
}

func TestFilters(t *testing.T) {
	tenant, app, partner := uuid.New(), uuid.New(), uuid.New()
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	j := journal.New(10, 0)
	for _, e := range []*journal.Entry{
		{Method: "POST", Path: "/auth/v2/token", Route: "/auth/v2/token", Status: 200, TenantID: tenant, AppID: app, Time: t0},
		{Method: "GET", Path: "/devices/v2/abc", Route: "/devices/v2/{device}", Status: 404, TenantID: tenant, AppID: app, Time: t0.Add(time.Minute)},
		{Method: "PUT", Path: "/devices/v2/abc", Route: "/devices/v2/{device}", Status: 200, TenantID: tenant, AppID: app, Time: t0.Add(2 * time.Minute)},
		{Method: "GET", Path: "/public/v2/us/tenants/list", Status: 401, Time: t0.Add(3 * time.Minute)},
		{Method: "GET", Path: "/public/v2/us/tenants/list", Status: 200, PartnerID: partner, AppID: uuid.New(), Time: t0.Add(4 * time.Minute)},
	} {
		j.Append(e)
	}
	for _, tc := range []struct {
		name   string
		filter journal.Filter
		want   string
	}{
		{"all", journal.Filter{OldestFirst: true}, "[1 2 3 4 5]"},
		{"tenant", journal.Filter{TenantID: tenant}, "[3 2 1]"},
		{"app", journal.Filter{AppID: app}, "[3 2 1]"},
		{"partner", journal.Filter{PartnerID: partner}, "[5]"},
		{"method any case", journal.Filter{Method: "get"}, "[5 4 2]"},
		{"path exact", journal.Filter{Path: "/devices/v2/abc"}, "[3 2]"},
		{"path exact is not a prefix", journal.Filter{Path: "/devices/v2"}, "[]"},
		{"path prefix", journal.Filter{Path: "/public/*"}, "[5 4]"},
		{"route", journal.Filter{Route: "/devices/v2/{device}", Method: "PUT"}, "[3]"},
		{"status", journal.Filter{Status: 200}, "[5 3 1]"},
		{"status class", journal.Filter{StatusClass: 4}, "[4 2]"},
		{"since until", journal.Filter{Since: t0.Add(time.Minute), Until: t0.Add(3 * time.Minute)}, "[3 2]"},
	} {
		if got := fmt.Sprint(seqs(j.Query(tc.filter))); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
	}
}

// TestConcurrentUse appends and queries from many goroutines (run with
// -race): every entry gets its own number and the ring never holds more
// than its size.
func TestConcurrentUse(t *testing.T) {
	const size, writers, each = 64, 8, 500
	j := journal.New(size, 0)
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for range each {
				j.Append(&journal.Entry{Method: http.MethodGet})
			}
		})
	}
	wg.Go(func() {
		for range 200 {
			if n := len(j.Query(journal.Filter{}).Entries); n > size {
				t.Errorf("%d entries held, size %d", n, size)
			}
		}
	})
	wg.Wait()
	res := j.Query(journal.Filter{OldestFirst: true})
	if len(res.Entries) != size || res.LastSeq != writers*each || res.FirstSeq != writers*each-size+1 {
		t.Fatalf("%d entries, first %d, last %d", len(res.Entries), res.FirstSeq, res.LastSeq)
	}
	for i, e := range res.Entries {
		if e.Seq != res.FirstSeq+uint64(i) {
			t.Fatalf("entry %d numbered %d", i, e.Seq)
		}
	}
}

func BenchmarkAppend(b *testing.B) {
	j := journal.New(1000, 0)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			j.Append(&journal.Entry{})
		}
	})
}

// Large bodies are held within the byte budget: the oldest entries go
// before the ring is full, the newest always stays, and numbering and
// FirstSeq say what was forgotten.
func TestByteBudget(t *testing.T) {
	j := journal.New(1000, journal.DefaultBodyLimit)
	text := string(make([]byte, 1<<20)) // 1 MiB kept per entry
	big := func() *journal.Entry {
		return &journal.Entry{Method: http.MethodGet, Response: journal.Message{Body: &journal.Body{Size: 1 << 20, Text: &text}}}
	}
	perBudget := journal.ByteBudget / (1 << 20)
	for range 3 * perBudget {
		j.Append(big())
	}
	res := j.Query(journal.Filter{OldestFirst: true})
	if len(res.Entries) != perBudget || res.LastSeq != uint64(3*perBudget) || res.FirstSeq != res.Entries[0].Seq {
		t.Errorf("held %d entries (%d to %d), want the last %d", len(res.Entries), res.FirstSeq, res.LastSeq, perBudget)
	}
	// Small entries after them are all held; the big ones make room.
	for range 50 {
		j.Append(&journal.Entry{Method: http.MethodPost})
	}
	if res := j.Query(journal.Filter{}); len(res.Entries) != perBudget+50 {
		t.Errorf("held %d entries after 50 small ones, want %d", len(res.Entries), perBudget+50)
	}
	// One entry over the whole budget is held alone.
	huge := string(make([]byte, journal.ByteBudget+1))
	j.Append(&journal.Entry{Method: http.MethodPut, Request: journal.Message{Body: &journal.Body{Text: &huge}}})
	if res := j.Query(journal.Filter{}); len(res.Entries) != 1 || res.Entries[0].Method != http.MethodPut {
		t.Errorf("after an entry over the budget: %d entries", len(res.Entries))
	}
	j.Clear()
	j.Append(big())
	if res := j.Query(journal.Filter{}); len(res.Entries) != 1 {
		t.Errorf("after Clear: %d entries", len(res.Entries))
	}
}
