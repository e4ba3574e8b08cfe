package sqlstore

import (
	"context"

	"github.com/wolfden/wolfden"
)

// AddToGlobalList stores an entry.
func (t *tenantStore) AddToGlobalList(ctx context.Context, e *wolfden.GlobalListEntry) error {
	_, err := t.execWrite(ctx, `INSERT INTO global_list_entries
		(tenant_id, list_type, sha256, category, reason, added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		t.tenantID, int(e.ListType), e.SHA256, e.Category, e.Reason, micros(e.Added), e.AddedBy)
	return t.conflictIf(err, "%s: %s is on the %s list already", wolfden.PhraseAlreadyListed, e.SHA256, e.ListType)
}

// GlobalList lists one page of a list, newest first.
func (t *tenantStore) GlobalList(ctx context.Context, list wolfden.ListType, page wolfden.PageRequest) (wolfden.Page[wolfden.GlobalListEntry], error) {
	var result wolfden.Page[wolfden.GlobalListEntry]
	err := t.inReadTx(ctx, func(tx runner) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM global_list_entries WHERE tenant_id = $1 AND list_type = $2`,
			t.tenantID, int(list)).Scan(&result.Total); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT sha256, category, reason, added_at, added_by FROM global_list_entries
			WHERE tenant_id = $1 AND list_type = $2 ORDER BY added_at DESC, sha256 LIMIT $3 OFFSET $4`,
			t.tenantID, int(list), page.Size, page.Offset())
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := wolfden.GlobalListEntry{ListType: list}
			var added int64
			if err := rows.Scan(&e.SHA256, &e.Category, &e.Reason, &added, &e.AddedBy); err != nil {
				return err
			}
			e.Added = fromMicros(added)
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
		return wolfden.Errorf(wolfden.ENotFound, "%s: %s is not on the %s list", wolfden.PhraseNotListed, sha256, list)
	})
}
