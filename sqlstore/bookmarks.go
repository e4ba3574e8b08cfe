package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"github.com/google/uuid"
)

// The device list is paged by number, newest registration first. OFFSET
// makes a deep page walk every device before it, and COUNT(*) every device
// of the tenant, so the Store keeps bookmarks into each tenant's list: the
// total and the sort key of every bookmarkEvery-th device, as of a version
// of the list that the database keeps (tenants.devices_version). A page
// then starts at the nearest bookmark at or before it, through the index,
// and skips fewer than bookmarkEvery devices by OFFSET.

// bookmarkEvery trades memory for the devices a page skips: at 64, a
// tenant of 1,000,000 devices costs 15,625 keys (about 1 MB), and a page
// skips at most 63 devices, a third of the largest page (200).
const bookmarkEvery = 64

// deviceKey is a device's place in list order: registered_at descending,
// then id descending. The id is kept as stored, so that the key compares
// in SQL exactly as the row does.
type deviceKey struct {
	registered int64
	id         string
}

// deviceBookmarks is a tenant's device list at one version.
type deviceBookmarks struct {
	version int64
	total   int
	keys    []deviceKey // keys[i] is that of the device at offset i*bookmarkEvery
}

// from returns where the page at offset, which must be in the list,
// starts: at the device of key, or after it, skipping skip devices.
func (b *deviceBookmarks) from(offset int) (key deviceKey, skip int) {
	return b.keys[offset/bookmarkEvery], offset % bookmarkEvery
}

// bookmarkCache holds the bookmarks of the tenants whose devices were
// listed. Its zero value is ready for use.
type bookmarkCache struct {
	mu      sync.Mutex
	tenants map[uuid.UUID]*tenantBookmarks
}

type tenantBookmarks struct {
	// building holds a token while a build runs: readers who find the
	// bookmarks stale together wait for one build of the version they
	// share, rather than each scanning the list.
	building chan struct{}
	current  *deviceBookmarks // guarded by bookmarkCache.mu; nil until built
}

func (c *bookmarkCache) entry(id uuid.UUID) *tenantBookmarks {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tenants == nil {
		c.tenants = make(map[uuid.UUID]*tenantBookmarks)
	}
	e := c.tenants[id]
	if e == nil {
		e = &tenantBookmarks{building: make(chan struct{}, 1)}
		c.tenants[id] = e
	}
	return e
}

// at returns e's bookmarks if they are of version, or nil.
func (c *bookmarkCache) at(e *tenantBookmarks, version int64) *deviceBookmarks {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.current != nil && e.current.version == version {
		return e.current
	}
	return nil
}

// keep makes b e's bookmarks, unless e holds a newer version: a reader on
// an older snapshot builds for itself, not for the readers after it.
func (c *bookmarkCache) keep(e *tenantBookmarks, b *deviceBookmarks) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.current == nil || e.current.version <= b.version {
		e.current = b
	}
}

func (c *bookmarkCache) drop(id uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.tenants, id)
}

// clear drops every tenant's bookmarks.
func (c *bookmarkCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tenants = nil
}

// currentBookmarks returns the bookmarks of the tenant's device list as tx
// sees it, building them when those cached are of another version. The
// version and the build are read in tx, one snapshot, so that bookmarks
// never carry a version they do not show.
func (t *tenantStore) currentBookmarks(ctx context.Context, tx runner) (*deviceBookmarks, error) {
	var version int64
	err := tx.queryRow(ctx, `SELECT devices_version FROM tenants WHERE id = $1`, t.tenantID).Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		t.bookmarks.drop(t.tenantID) // no tenant, no devices
		return &deviceBookmarks{}, nil
	}
	if err != nil {
		return nil, err
	}
	e := t.bookmarks.entry(t.tenantID)
	if b := t.bookmarks.at(e, version); b != nil {
		return b, nil
	}
	select {
	case e.building <- struct{}{}:
		defer func() { <-e.building }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if b := t.bookmarks.at(e, version); b != nil {
		return b, nil // built while this reader waited
	}
	b, err := t.buildDeviceBookmarks(ctx, tx, version)
	if err != nil {
		return nil, err
	}
	t.bookmarks.keep(e, b)
	return b, nil
}

// buildDeviceBookmarks reads the sort key of every device of the tenant,
// in list order, from the index alone (devices_by_registration), keeping
// every bookmarkEvery-th.
func (t *tenantStore) buildDeviceBookmarks(ctx context.Context, tx runner, version int64) (*deviceBookmarks, error) {
	rows, err := tx.query(ctx, `SELECT registered_at, id FROM devices WHERE tenant_id = $1
		ORDER BY registered_at DESC, id DESC`, t.tenantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	b := &deviceBookmarks{version: version}
	for ; rows.Next(); b.total++ {
		if b.total%bookmarkEvery != 0 {
			continue
		}
		var key deviceKey
		if err := rows.Scan(&key.registered, &key.id); err != nil {
			return nil, err
		}
		b.keys = append(b.keys, key)
	}
	return b, rows.Err()
}

// devicesChanged records that a transaction inserted or deleted n devices
// of the tenant, by a new version of its list, so that every server's
// bookmarks into it go stale when the transaction commits. It comes last
// in the transaction: on PostgreSQL it locks the tenant's row until the
// commit. A change of nothing (a sweep that removed no device) keeps them.
func (t *tenantStore) devicesChanged(ctx context.Context, tx runner, n int64) error {
	if n == 0 {
		return nil
	}
	_, err := tx.exec(ctx, `UPDATE tenants SET devices_version = devices_version + 1 WHERE id = $1`, t.tenantID)
	return err
}
