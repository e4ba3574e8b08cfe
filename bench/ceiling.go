package bench

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	"github.com/wolfden/wolfden/internal/sqlrun"
	_ "modernc.org/sqlite" // the "sqlite" driver
)

// The storage ceilings: the write scenarios' rows written straight through
// the database driver, with the durability wolfden runs at (SQLite in WAL
// mode with synchronous=FULL, PostgreSQL with its default synchronous
// commit) and the same number of concurrent writers, each waiting until
// its write is durable, and no HTTP, no validation, no reads. Concurrent
// writes share commits: PostgreSQL flushes concurrent commits together by
// itself, SQLite's single writer through sqlstore's own group commit
// (sqlrun.GroupCommit). The statements mirror those of sqlstore, the
// device rows' through the same sqlrun column lists; if its schema
// changes, they fail loudly rather than measure something else.

// storage is a database wolfden serves from, opened by the tool itself.
type storage struct {
	db       *sql.DB
	postgres bool
	group    *sqlrun.GroupCommit[txBatch] // SQLite's writer; nil on PostgreSQL
}

// txBatch is a group commit's transaction.
type txBatch struct{ tx *sql.Tx }

func (b txBatch) Exec(ctx context.Context, query string) error {
	_, err := b.tx.ExecContext(context.WithoutCancel(ctx), query)
	return err
}

func (b txBatch) Commit() error   { return b.tx.Commit() }
func (b txBatch) Rollback() error { return b.tx.Rollback() }

func openStorage(dsn string, writers int) (*storage, error) {
	if sqlrun.IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		db.SetMaxOpenConns(writers)
		db.SetMaxIdleConns(writers)
		return &storage{db: db, postgres: true}, nil
	}
	db, err := sql.Open("sqlite", sqlrun.SQLiteWriter(dsn))
	if err != nil {
		return nil, err
	}
	// SQLite takes one writer at a time: one connection, for which the
	// writers queue, is its fastest way (more would spin on SQLITE_BUSY).
	db.SetMaxOpenConns(1)
	group := sqlrun.NewGroupCommit(func() (txBatch, error) {
		tx, err := db.BeginTx(context.Background(), nil)
		return txBatch{tx}, err
	}, nil)
	return &storage{db: db, group: group}, nil
}

func (s *storage) close() error {
	if s.group != nil {
		s.group.Close()
	}
	return s.db.Close()
}

// exec runs one write statement durably, as sqlstore's execWrite does.
func (s *storage) exec(ctx context.Context, query string, args ...any) error {
	if s.group != nil {
		return s.group.Run(ctx, func(b txBatch) error {
			_, err := b.tx.ExecContext(context.WithoutCancel(ctx), query, args...)
			return err
		}, sqlrun.JobOptions{Statement: true})
	}
	_, err := s.db.ExecContext(ctx, query, args...)
	return err
}

// drive runs fn from writers goroutines until duration has passed or
// maxCalls calls were made, and times each call.
func drive(ctx context.Context, writers int, duration time.Duration, maxCalls int,
	fn func(ctx context.Context, seq int) error) result {
	ctx, cancel := context.WithTimeout(ctx, duration)
	defer cancel()
	var (
		seq   atomic.Int64
		mu    sync.Mutex
		total result
		wg    sync.WaitGroup
	)
	start := time.Now()
	for range writers {
		wg.Go(func() {
			var own result
			for ctx.Err() == nil {
				n := int(seq.Add(1) - 1)
				if n >= maxCalls {
					break
				}
				t := time.Now()
				if err := fn(ctx, n); err != nil {
					if ctx.Err() != nil {
						break // cut off by the run's end, not a failure
					}
					own.failures++
					own.lastError = err.Error()
				}
				own.requests++
				own.latencies = append(own.latencies, time.Since(t))
			}
			mu.Lock()
			defer mu.Unlock()
			total.requests += own.requests
			total.failures += own.failures
			total.latencies = append(total.latencies, own.latencies...)
			if own.lastError != "" {
				total.lastError = own.lastError
			}
		})
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	slices.Sort(total.latencies)
	return total
}

// insertUsers inserts one user row per call, as POST /users/v2 stores one.
func (s *storage) insertUsers(ctx context.Context, tenantID string, writers int, duration time.Duration, maxCalls int) result {
	run := uuid.NewString()[:8]
	return drive(ctx, writers, duration, maxCalls, func(ctx context.Context, seq int) error {
		email := fmt.Sprintf("ceiling-%s-%d@example.org", run, seq)
		now := time.Now().UnixMicro()
		return s.exec(ctx, `INSERT INTO users (tenant_id, id, email, first_name, last_name, has_logged_in,
			role, default_zone_role, created_at, modified_at, email_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			tenantID, uuid.NewString(), email, "Bench", "Ceiling", false, "00000000-0000-0000-0000-000000000001",
			"00000000-0000-0000-0000-000000000002", now, now, email)
	})
}

// updateDevices rewrites one device row per call, as PUT /devices/v2/{id}
// does, round the given ids.
func (s *storage) updateDevices(ctx context.Context, tenantID string, ids []string, writers int, duration time.Duration, maxCalls int) result {
	return drive(ctx, writers, duration, maxCalls, func(ctx context.Context, seq int) error {
		return s.exec(ctx, `UPDATE devices SET name = $3, modified_at = $4 WHERE tenant_id = $1 AND id = $2`,
			tenantID, ids[seq%len(ids)], fmt.Sprintf("ceiling-%d", seq), time.Now().UnixMicro())
	})
}

// insertDevices inserts n devices in transactions of batch, each with the
// rows wolfden writes for a seeded device: the device, its MAC address and
// its zone membership, by multi-row INSERTs as wolfden writes them. The tenant must have a policy and a zone.
func (s *storage) insertDevices(ctx context.Context, tenantID string, n, batch int) (time.Duration, error) {
	var policyID, zoneID string
	if err := s.db.QueryRowContext(ctx, `SELECT id FROM policies WHERE tenant_id = $1 LIMIT 1`, tenantID).Scan(&policyID); err != nil {
		return 0, fmt.Errorf("the ceiling tenant's policy: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT id FROM zones WHERE tenant_id = $1 LIMIT 1`, tenantID).Scan(&zoneID); err != nil {
		return 0, fmt.Errorf("the ceiling tenant's zone: %w", err)
	}
	start := time.Now()
	for done := 0; done < n; done += batch {
		if err := s.insertDeviceBatch(ctx, tenantID, policyID, zoneID, done, min(batch, n-done)); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

func (s *storage) insertDeviceBatch(ctx context.Context, tenantID, policyID, zoneID string, from, n int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Statements prepared once per shape, as wolfden's are.
	prepared := map[string]*sql.Stmt{}
	exec := func(query string, args []any) error {
		st := prepared[query]
		if st == nil {
			if st, err = tx.PrepareContext(ctx, query); err != nil {
				return err
			}
			prepared[query] = st
		}
		_, err := st.ExecContext(ctx, args...)
		return err
	}
	perInsert := sqlrun.DevicesPerInsert(s.postgres)
	now := time.Now()
	for chunk := from; chunk < from+n; chunk += perInsert {
		var devices, macs, zones []any
		for i := chunk; i < min(chunk+perInsert, from+n); i++ {
			id := uuid.NewString()
			host := fmt.Sprintf("ceiling-%07d", i)
			addr := fmt.Sprintf("00-1A-%02X-%02X-%02X-%02X", i>>24&0xff, i>>16&0xff, i>>8&0xff, i&0xff)
			registered := now.Add(-time.Duration(i) * time.Minute).UnixMicro()
			devices = append(devices, tenantID, id, host, host+".corp.example.org", host+".corp.example.org",
				"Microsoft Windows 11 Enterprise", "10.0.22631", "3.2.1001", "Online", policyID, "10.1.2.3", addr,
				`CORP\bench`, "CN="+host+",OU=Bench,DC=corp,DC=example,DC=org", false, true, registered, registered, nil)
			macs = append(macs, tenantID, addr, id)
			zones = append(zones, tenantID, id, zoneID, registered)
		}
		for _, insert := range []struct {
			into string
			args []any
		}{{sqlrun.Devices, devices}, {sqlrun.DeviceMACs, macs}, {sqlrun.DeviceZones, zones}} {
			cols := strings.Count(insert.into, ",") + 1
			if err := exec(sqlrun.InsertInto(insert.into, len(insert.args)/cols), insert.args); err != nil {
				return err
			}
		}
	}
	// As CreateDevices does, so that servers' bookmarks into the list go stale.
	if _, err := tx.ExecContext(ctx, `UPDATE tenants SET devices_version = devices_version + 1 WHERE id = $1`, tenantID); err != nil {
		return err
	}
	return tx.Commit()
}
