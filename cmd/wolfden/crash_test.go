package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// The crash suite: writers send writes to a wolfden serve process (this
// test binary, see TestMain) and record each one the server acknowledged
// with a 2xx; the process is killed with SIGKILL while they write, the
// database is checked for consistency, and a restarted server must hold
// every acknowledged write. Several rounds, on each backend.
//
// Only writes the API acknowledges as durable count: creating users,
// zones and devices, and renaming devices. The token exchange is not one:
// SQLite's group commit answers it (the spent token id it records) before
// the commit that makes it durable, by design (sqlstore's execLazy), so a
// crash may forget the token ids spent in its last milliseconds.

const (
	crashRounds  = 10
	crashWriters = 8
	// crashWritesPerRound is how many acknowledged writes a round waits
	// for before the kill; the writers go on until the server is gone.
	crashWritesPerRound = 50
	// crashMaxRequests bounds each writer's loop in a round.
	crashMaxRequests = 100_000
	crashAdminToken  = "crash-suite-admin-token"
	crashUserRole    = "00000000-0000-0000-0000-000000000001" // the User role
)

// ownedDevice is a device that one writer alone renames: name is its last
// known name, pending a rename whose answer the kill cut off, which may or
// may not have been written.
type ownedDevice struct {
	id, name, pending string
}

// crashLedger is every write a server acknowledged.
type crashLedger struct {
	mu           sync.Mutex
	users, zones map[string]string // id → e-mail, name
	devices      []string          // registered through the control plane
	owned        []*ownedDevice    // one per writer
	acked        int
}

func (l *crashLedger) record(add func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	add()
	l.acked++
}

// crashClient sends JSON requests to one server.
type crashClient struct {
	http        *http.Client
	url, tenant string
	token       string
}

// send answers the status and JSON answer of a request, or an error for a
// request the server did not answer in full.
func (c *crashClient) send(method, path, token string, body any) (int, map[string]any, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return 0, nil, err
	}
	req, err := http.NewRequest(method, c.url+path, bytes.NewReader(b))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err = io.ReadAll(res.Body)
	if err != nil {
		return 0, nil, err
	}
	var answer map[string]any
	if len(b) > 0 {
		if err := json.Unmarshal(b, &answer); err != nil {
			return 0, nil, err
		}
	}
	return res.StatusCode, answer, nil
}

// writeUntilKilled sends writer w's writes in turn (a user, a zone, a
// device, a rename of its own device) and records those acknowledged,
// calling acked after each, until a request goes unanswered.
func (l *crashLedger) writeUntilKilled(t *testing.T, c *crashClient, round, w int, acked func()) {
	own := l.owned[w]
	for i := range crashMaxRequests {
		name := fmt.Sprintf("crash-r%d-w%d-%d", round, w, i)
		var (
			status int
			answer map[string]any
			err    error
			ack    func(id string)
			made   = true // the answer names what was made
		)
		switch i % 4 {
		case 0:
			email := name + "@example.org"
			status, answer, err = c.send(http.MethodPost, "/users/v2", c.token, map[string]any{"email": email, "user_role": crashUserRole})
			ack = func(id string) { l.users[id] = email }
		case 1:
			status, answer, err = c.send(http.MethodPost, "/zones/v2", c.token, map[string]any{"name": name,
				"policy_id": wolfden.DefaultPolicyID.String(), "criticality": "Low"})
			ack = func(id string) { l.zones[id] = name }
		case 2:
			status, answer, err = c.send(http.MethodPost, "/control/v1/tenants/"+c.tenant+"/devices", crashAdminToken,
				map[string]any{"host_name": name})
			ack = func(id string) { l.devices = append(l.devices, id) }
		case 3:
			own.pending = name
			status, answer, err = c.send(http.MethodPut, "/devices/v2/"+own.id, c.token, map[string]any{"name": name})
			ack, made = func(string) { own.name, own.pending = name, "" }, false
		}
		if err != nil {
			return // killed
		}
		id, _ := answer["id"].(string)
		if status != http.StatusOK || (made && id == "") {
			t.Errorf("writer %d, write %d: status %d, answer %v", w, i, status, answer)
			return
		}
		l.record(func() { ack(id) })
		acked()
	}
}

// check fails the test for every acknowledged write that the server does
// not hold; a device's name becomes what the server holds.
func (l *crashLedger) check(t *testing.T, srv *serveProcess, token string) {
	t.Helper()
	holds := func(path, member, want string) {
		status, got := srv.get(token, path)
		if status != http.StatusOK || (member != "" && got[member] != want) {
			t.Errorf("GET %s: %d %v; want the acknowledged %s %q", path, status, got, member, want)
		}
	}
	for id, email := range l.users {
		holds("/users/v2/"+id, "email", email)
	}
	for id, name := range l.zones {
		holds("/zones/v2/"+id, "name", name)
	}
	for _, id := range l.devices {
		holds("/devices/v2/"+id, "", "")
	}
	for _, d := range l.owned {
		status, got := srv.get(token, "/devices/v2/"+d.id)
		name, _ := got["name"].(string)
		if status != http.StatusOK || (name != d.name && (d.pending == "" || name != d.pending)) {
			t.Errorf("device %s: %d, name %q; want the acknowledged %q (or the unanswered %q)", d.id, status, name, d.name, d.pending)
			continue
		}
		d.name, d.pending = name, ""
	}
}

// kill ends the server as a crash would, and waits for it to be gone.
func (s *serveProcess) kill() {
	s.t.Helper()
	if err := s.cmd.Process.Kill(); err != nil {
		s.t.Fatal(err)
	}
	s.exited <- <-s.exited // for startServer's cleanup
}

// checkConsistency checks a database no server has open: SQLite's
// integrity and foreign-key checks, or that PostgreSQL's foreign keys
// hold, all of them validated.
func checkConsistency(t *testing.T, dsn string) {
	t.Helper()
	driver := "sqlite"
	if sqlstore.IsPostgres(dsn) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if driver == "sqlite" {
		var integrity string
		if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
			t.Errorf("PRAGMA integrity_check: %q, %v", integrity, err)
		}
		rows, err := db.QueryContext(ctx, "PRAGMA foreign_key_check")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		if rows.Next() {
			var table, parent string
			var row sql.NullInt64
			var key int
			rows.Scan(&table, &row, &parent, &key)
			t.Errorf("PRAGMA foreign_key_check: row %v of %s references no row of %s", row.Int64, table, parent)
		}
		return
	}
	var unvalidated int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_constraint
		WHERE connamespace = current_schema()::regnamespace AND NOT convalidated`).Scan(&unvalidated); err != nil || unvalidated != 0 {
		t.Errorf("%d constraints not validated, %v", unvalidated, err)
	}
	for _, q := range orphanQueries(t, db) {
		var orphans int
		if err := db.QueryRowContext(ctx, q).Scan(&orphans); err != nil || orphans != 0 {
			t.Errorf("%s: %d rows, %v", q, orphans, err)
		}
	}
}

// orphanQueries counts, for each foreign key of the schema, the rows that
// reference no row: PostgreSQL enforces them, and this shows it did.
func orphanQueries(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,
			array_to_string(array_agg(a.attname ORDER BY k.n), ','), array_to_string(array_agg(r.attname ORDER BY k.n), ',')
		FROM pg_constraint c
		CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(col, ref, n)
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
		JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = k.ref
		WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace
		GROUP BY c.oid, c.conrelid, c.confrelid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var queries []string
	for rows.Next() {
		var table, parent, cols, refs string
		if err := rows.Scan(&table, &parent, &cols, &refs); err != nil {
			t.Fatal(err)
		}
		var set, join []string
		refList := strings.Split(refs, ",")
		for i, col := range strings.Split(cols, ",") {
			set = append(set, "x."+col+" IS NOT NULL")
			join = append(join, "y."+refList[i]+" = x."+col)
		}
		queries = append(queries, fmt.Sprintf("SELECT COUNT(*) FROM %s x WHERE %s AND NOT EXISTS (SELECT 1 FROM %s y WHERE %s)",
			table, strings.Join(set, " AND "), parent, strings.Join(join, " AND ")))
	}
	if err := rows.Err(); err != nil || len(queries) == 0 {
		t.Fatalf("the schema's foreign keys: %d, %v", len(queries), err)
	}
	return queries
}

func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	t.Setenv("WOLFDEN_ADMIN_TOKEN", crashAdminToken)
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		dsn := b.DSN(t)
		// A tenant of its own, so that the server makes no default one.
		store, err := sqlstore.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		tenant, app, err := wolfden.NewTenant("crash", time.Now())
		if err == nil {
			err = store.CreateTenant(context.Background(), tenant, app)
		}
		store.Close()
		if err != nil {
			t.Fatal(err)
		}
		creds := credentials{TenantID: tenant.ID.String(), AppID: app.ID.String(), AppSecret: app.Secret}
		flags := []string{"--rate-limit", "0", "--no-demo"}
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: crashWriters}}

		ledger := &crashLedger{users: map[string]string{}, zones: map[string]string{}}
		srv := startServer(t, dsn, flags...)
		c := &crashClient{http: client, url: srv.url, tenant: creds.TenantID, token: srv.accessToken(creds)}
		for w := range crashWriters {
			status, answer, err := c.send(http.MethodPost, "/control/v1/tenants/"+c.tenant+"/devices", crashAdminToken,
				map[string]any{"host_name": fmt.Sprintf("crash-owned-%d", w)})
			if err != nil || status != http.StatusOK {
				t.Fatalf("register a device: %d %v %v", status, answer, err)
			}
			name, _ := answer["name"].(string)
			ledger.owned = append(ledger.owned, &ownedDevice{id: typed.As[string](t, answer["id"]), name: name})
		}

		for round := range crashRounds {
			var (
				count   atomic.Int64
				enough  = make(chan struct{})
				writers sync.WaitGroup
			)
			for w := range crashWriters {
				writers.Go(func() {
					ledger.writeUntilKilled(t, c, round, w, func() {
						if count.Add(1) == crashWritesPerRound {
							close(enough)
						}
					})
				})
			}
			stopped := make(chan struct{})
			go func() { writers.Wait(); close(stopped) }()
			select {
			case <-enough:
			case <-stopped:
				t.Fatalf("round %d: the writers stopped after %d acknowledged writes, before the kill", round, count.Load())
			}
			srv.kill()
			<-stopped
			checkConsistency(t, dsn)

			srv = startServer(t, dsn, flags...)
			c.url, c.token = srv.url, srv.accessToken(creds)
			ledger.check(t, srv, c.token)
			if t.Failed() {
				t.FailNow()
			}
		}
		t.Logf("%d kill rounds, %d acknowledged writes, none lost", crashRounds, ledger.acked)
	})
}
