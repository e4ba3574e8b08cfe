package auth

import (
	"crypto/sha256"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// maxVerified bounds the verified-token cache; when it is full it starts
// afresh, which costs one verification per client.
const maxVerified = 4096

// verifiedTokens remembers the access tokens already verified, so that a
// client's every request does not parse and check its JWT again. Entries
// are keyed by the token's SHA-256, so the cache holds no usable token. An
// entry counts only while the key that verified it is the current one and
// the token has not expired: rotation and expiry work as without it.
type verifiedTokens struct {
	mu      sync.RWMutex
	entries map[[sha256.Size]byte]verifiedToken
}

type verifiedToken struct {
	principal wolfden.Principal
	keyID     string
	expires   time.Time
	requests  *atomic.Int64 // made with the token, counted under a request cap
}

func (v *verifiedTokens) get(digest [sha256.Size]byte, keyID string, now time.Time) (verifiedToken, bool) {
	v.mu.RLock()
	e, ok := v.entries[digest]
	v.mu.RUnlock()
	if !ok || e.keyID != keyID || !now.Before(e.expires) {
		return verifiedToken{}, false
	}
	return e, true
}

func (v *verifiedTokens) put(digest [sha256.Size]byte, e verifiedToken) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.entries == nil || len(v.entries) >= maxVerified {
		v.entries = make(map[[sha256.Size]byte]verifiedToken)
	}
	v.entries[digest] = e
}

// clear drops every entry.
func (v *verifiedTokens) clear() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.entries = nil
}

// forget drops the entries of a tenant's tokens.
func (v *verifiedTokens) forget(tenantID uuid.UUID) {
	v.mu.Lock()
	defer v.mu.Unlock()
	for digest, e := range v.entries {
		if e.principal.TenantID == tenantID {
			delete(v.entries, digest)
		}
	}
}
