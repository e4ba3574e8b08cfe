package auth

import (
	"context"
	"sync"

	"github.com/google/uuid"
)

// maxTenants bounds the cache of tenants known to exist; when it is full it
// starts afresh, which costs one read per tenant.
const maxTenants = 4096

// tenants remembers the tenants found to exist, so that verifying an
// access token afresh does not read its tenant every time. A tenant is
// forgotten when it is deleted through this server (ForgetTenant); ids not
// found are not remembered.
type tenants struct {
	mu    sync.RWMutex
	known map[uuid.UUID]struct{}
}

// exists is nil when the tenant exists, ENotFound when it does not.
func (c *tenants) exists(ctx context.Context, store Store, id uuid.UUID) error {
	c.mu.RLock()
	_, ok := c.known[id]
	c.mu.RUnlock()
	if ok {
		return nil
	}
	if _, err := store.Tenant(ctx, id); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.known == nil || len(c.known) >= maxTenants {
		c.known = make(map[uuid.UUID]struct{})
	}
	c.known[id] = struct{}{}
	return nil
}

// clear forgets every tenant.
func (c *tenants) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.known = nil
}

func (c *tenants) forget(id uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.known, id)
}
