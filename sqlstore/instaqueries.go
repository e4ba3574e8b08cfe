package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/internal/sqlrun"
)

const instaQueryColumns = `q.id, q.name, q.description, q.artifact, q.match_value_type, q.match_values, q.case_sensitive,
	q.match_type, q.zones, q.filters, q.relations, q.created_at, q.archived_at`

func (t *tenantStore) scanInstaQuery(r row) (*agentsim.InstaQuery, error) {
	q := agentsim.InstaQuery{TenantID: t.tenantID, Targets: []agentsim.CommandTarget{}}
	var (
		values, zones, filters, relations string
		created                           int64
		archived                          sql.NullInt64
	)
	if err := r.Scan(&q.ID, &q.Name, &q.Description, &q.Artifact, &q.MatchValueType, &values, &q.CaseSensitive, &q.MatchType,
		&zones, &filters, &relations, &created, &archived); err != nil {
		return nil, err
	}
	q.Created, q.Archived = fromMicros(created), fromNullMicros(archived)
	for _, doc := range []struct {
		text string
		dst  any
	}{{values, &q.MatchValues}, {zones, &q.Zones}, {filters, &q.Filters}, {relations, &q.Relations}} {
		if err := json.Unmarshal([]byte(doc.text), doc.dst); err != nil {
			return nil, err
		}
	}
	return &q, nil
}

// CreateInstaQuery stores a query and its targets in one transaction: the
// devices in its zones now, as the query admits them.
func (t *tenantStore) CreateInstaQuery(ctx context.Context, q *agentsim.InstaQuery) error {
	if q.TenantID != t.tenantID {
		return wolfden.Errorf(wolfden.EInvalid, "InstaQuery belongs to another tenant")
	}
	docs := make([]string, 4)
	for i, v := range []any{q.MatchValues, q.Zones, q.Filters, q.Relations} {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		docs[i] = string(b)
	}
	return t.inTx(ctx, func(tx runner) error {
		args := []any{t.tenantID}
		for i, id := range q.Zones {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM zones WHERE tenant_id = $1 AND id = $2`, t.tenantID, id).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return &wolfden.Error{Code: wolfden.ENotFound, Field: fmt.Sprintf("zones[%d]", i), Message: fmt.Sprintf("zone %s not found", wolfden.OpticsID(id))}
			}
			args = append(args, id)
		}
		devices, err := t.scanDevices(tx.query(ctx, deviceSelect+`WHERE d.tenant_id = $1 AND d.id IN (SELECT dz.device_id
			FROM device_zones dz WHERE dz.tenant_id = $1 AND dz.zone_id IN (`+sqlrun.Placeholders(2, len(q.Zones))+`)) ORDER BY d.id`, args...))
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO instaqueries (tenant_id, id, name, description, artifact, match_value_type,
			match_values, case_sensitive, match_type, zones, filters, relations, search_text, created_at, archived_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			t.tenantID, q.ID, q.Name, q.Description, q.Artifact, q.MatchValueType, docs[0], q.CaseSensitive, q.MatchType,
			docs[1], docs[2], docs[3], q.SearchText(), micros(q.Created), nullMicros(q.Archived)); err != nil {
			return err
		}
		q.Targets = []agentsim.CommandTarget{}
		for _, d := range devices {
			if !q.Admits(&d) {
				continue
			}
			if _, err := tx.exec(ctx, `INSERT INTO instaquery_targets (tenant_id, query_id, device_id) VALUES ($1, $2, $3)`,
				t.tenantID, q.ID, d.ID); err != nil {
				return err
			}
			q.Targets = append(q.Targets, agentsim.CommandTarget{DeviceID: d.ID, Offline: d.Offline})
		}
		for _, r := range q.Relations {
			if _, err := tx.exec(ctx, `INSERT INTO instaquery_relation_objects (tenant_id, query_id, object_key) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, t.tenantID, q.ID, strings.ToLower(r.Object)); err != nil {
				return err
			}
		}
		return nil
	})
}

// InstaQuery finds a query with its targets.
func (t *tenantStore) InstaQuery(ctx context.Context, id uuid.UUID) (*agentsim.InstaQuery, error) {
	var q *agentsim.InstaQuery
	err := t.inReadTx(ctx, func(tx runner) error {
		var err error
		q, err = t.scanInstaQuery(tx.queryRow(ctx, `SELECT `+instaQueryColumns+` FROM instaqueries q WHERE q.tenant_id = $1 AND q.id = $2`,
			t.tenantID, id))
		if err != nil {
			return notFoundIf(err, "InstaQuery %s not found", wolfden.OpticsID(id))
		}
		return t.loadTargets(ctx, tx, []*agentsim.InstaQuery{q})
	})
	return q, err
}

// loadTargets fills in the targets of queries with one query, each
// device as it is now (Gone when deleted since).
func (t *tenantStore) loadTargets(ctx context.Context, tx runner, queries []*agentsim.InstaQuery) error {
	if len(queries) == 0 {
		return nil
	}
	byID := make(map[uuid.UUID]*agentsim.InstaQuery, len(queries))
	args := []any{t.tenantID}
	for _, q := range queries {
		byID[q.ID] = q
		args = append(args, q.ID)
	}
	rows, err := tx.query(ctx, `SELECT it.query_id, it.device_id, d.offline_at, d.id IS NULL FROM instaquery_targets it
		LEFT JOIN devices d ON d.tenant_id = it.tenant_id AND d.id = it.device_id
		WHERE it.tenant_id = $1 AND it.query_id IN (`+sqlrun.Placeholders(2, len(queries))+`) ORDER BY it.query_id, it.device_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			queryID uuid.UUID
			target  agentsim.CommandTarget
			offline sql.NullInt64
		)
		if err := rows.Scan(&queryID, &target.DeviceID, &offline, &target.Gone); err != nil {
			return err
		}
		target.Offline = fromNullMicros(offline)
		q := byID[queryID]
		q.Targets = append(q.Targets, target)
	}
	return rows.Err()
}

// InstaQueries lists one page of the queries filter selects, newest first.
func (t *tenantStore) InstaQueries(ctx context.Context, filter agentsim.InstaQueryFilter, page wolfden.PageRequest) (wolfden.Page[agentsim.InstaQuery], error) {
	c := newConditions()
	c.add("q.tenant_id = ?", t.tenantID)
	if filter.Search != "" {
		c.add(`q.search_text LIKE ? ESCAPE '\'`, containsPattern(filter.Search))
	}
	if filter.Archived != nil {
		c.add(map[bool]string{true: "q.archived_at IS NOT NULL", false: "q.archived_at IS NULL"}[*filter.Archived])
	}
	if filter.OriginatedFrom != "" {
		c.add(`EXISTS (SELECT 1 FROM instaquery_relation_objects r
			WHERE r.tenant_id = q.tenant_id AND r.query_id = q.id AND r.object_key = ?)`, strings.ToLower(filter.OriginatedFrom))
	}
	cond, args := c.sql(), c.args
	var result wolfden.Page[agentsim.InstaQuery]
	err := t.inReadTx(ctx, func(tx runner) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM instaqueries q WHERE `+cond, args...).Scan(&result.Total); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT `+instaQueryColumns+` FROM instaqueries q WHERE `+cond+
			fmt.Sprintf(` ORDER BY q.created_at DESC, q.id DESC LIMIT $%d OFFSET $%d`, len(args)+1, len(args)+2),
			append(args, page.Size, page.Offset())...)
		if result.Items, err = scanAll(rows, err, t.scanInstaQuery); err != nil {
			return err
		}
		queries := make([]*agentsim.InstaQuery, len(result.Items))
		for i := range result.Items {
			queries[i] = &result.Items[i]
		}
		return t.loadTargets(ctx, tx, queries)
	})
	return result, err
}

// ArchiveInstaQuery sets archived_at unless it is set already.
func (t *tenantStore) ArchiveInstaQuery(ctx context.Context, id uuid.UUID, now time.Time) error {
	res, err := t.execWrite(ctx, `UPDATE instaqueries SET archived_at = COALESCE(archived_at, $3) WHERE tenant_id = $1 AND id = $2`,
		t.tenantID, id, micros(now))
	return changedRows(res, err, func() error {
		return wolfden.Errorf(wolfden.ENotFound, "InstaQuery %s not found", wolfden.OpticsID(id))
	})
}
