package auth

import (
	"context"
	"sync"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// maxApplications bounds the application cache; when it is full it starts
// afresh, which costs one read per application.
const maxApplications = 4096

// applications remembers the applications the token exchange has read, so
// that an exchange does not read its application again. An application
// never changes once created; it goes only with its tenant, and a tenant's
// deletion through this server calls ForgetTenant. Ids that are not found
// are not remembered. Should applications ever become mutable, this cache
// must learn of their changes.
type applications struct {
	mu      sync.RWMutex
	entries map[applicationKey]*wolfden.Application
}

type applicationKey struct{ tenantID, appID uuid.UUID }

// find returns the tenant's application appID.
func (a *applications) find(ctx context.Context, store Store, tenantID, appID uuid.UUID) (*wolfden.Application, error) {
	key := applicationKey{tenantID, appID}
	a.mu.RLock()
	app, ok := a.entries[key]
	a.mu.RUnlock()
	if ok {
		return app, nil
	}
	app, err := store.ForTenant(tenantID).Application(ctx, appID)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.entries == nil || len(a.entries) >= maxApplications {
		a.entries = make(map[applicationKey]*wolfden.Application)
	}
	a.entries[key] = app
	return app, nil
}

// clear drops every entry.
func (a *applications) clear() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.entries = nil
}

// forget drops the entries of a tenant's applications.
func (a *applications) forget(tenantID uuid.UUID) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for key := range a.entries {
		if key.tenantID == tenantID {
			delete(a.entries, key)
		}
	}
}
