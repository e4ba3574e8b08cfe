package sqlstore

import (
	"context"
	"database/sql"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/store"
)

// AddToGlobalList stores an entry.
func (t *tenantStore) AddToGlobalList(ctx context.Context, e *wolfden.GlobalListEntry) error {
	_, err := t.execWrite(ctx, `INSERT INTO global_list_entries
		(tenant_id, list_type, sha256, category, reason, added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		t.tenantID, int(e.ListType), e.SHA256, e.Category, e.Reason, micros(e.Added), e.AddedBy)
	return t.conflictIf(err, "%s: %s is on the %s list already", store.PhraseAlreadyListed, e.SHA256, e.ListType)
}

// GlobalList lists one page of a list, newest first, with what the
// tenant's threats tell of each file (a threat is a row of threats, found
// on a device or not).
func (t *tenantStore) GlobalList(ctx context.Context, list wolfden.ListType, page wolfden.PageRequest) (wolfden.Page[wolfden.GlobalListEntry], error) {
	var result wolfden.Page[wolfden.GlobalListEntry]
	err := t.inReadTx(ctx, func(tx runner) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM global_list_entries WHERE tenant_id = $1 AND list_type = $2`,
			t.tenantID, int(list)).Scan(&result.Total); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT g.sha256, g.category, g.reason, g.added_at, g.added_by,
				COALESCE(t.md5, ''), COALESCE(t.name, ''), COALESCE(t.classification, ''),
				COALESCE(t.sub_classification, ''), t.cylance_score
			FROM global_list_entries g LEFT JOIN threats t ON t.tenant_id = g.tenant_id AND t.sha256 = g.sha256
			WHERE g.tenant_id = $1 AND g.list_type = $2 ORDER BY g.added_at DESC, g.sha256 LIMIT $3 OFFSET $4`,
			t.tenantID, int(list), page.Size, page.Offset())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := wolfden.GlobalListEntry{ListType: list}
			var (
				added int64
				score sql.NullFloat64
			)
			if err := rows.Scan(&e.SHA256, &e.Category, &e.Reason, &added, &e.AddedBy,
				&e.MD5, &e.Name, &e.Classification, &e.SubClassification, &score); err != nil {
				return err
			}
			e.Added = fromMicros(added)
			if score.Valid {
				e.CylanceScore = &score.Float64
			}
			result.Items = append(result.Items, e)
		}
		return rows.Err()
	})
	return result, err
}

// RemoveFromGlobalList removes a hash from a list.
func (t *tenantStore) RemoveFromGlobalList(ctx context.Context, list wolfden.ListType, sha256 string) error {
	res, err := t.execWrite(ctx, `DELETE FROM global_list_entries WHERE tenant_id = $1 AND list_type = $2 AND sha256 = $3`,
		t.tenantID, int(list), sha256)
	return changedRows(res, err, func() error {
		return wolfden.Errorf(wolfden.ENotFound, "%s: %s is not on the %s list", store.PhraseNotListed, sha256, list)
	})
}
