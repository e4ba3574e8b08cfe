package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"github.com/wolfden/wolfden"
)

// keyRing caches the signing key held in storage. It re-reads it every
// refresh interval of real time, so a key rotated by another process (the
// CLI, another server on the same database) takes effect everywhere within
// that time, whatever the service's clock says.
type keyRing struct {
	store   Store
	now     func() time.Time // for the key's creation time
	refresh time.Duration

	mu     sync.RWMutex
	key    wolfden.SigningKey
	loaded time.Time
}

func (k *keyRing) current(ctx context.Context) (wolfden.SigningKey, error) {
	k.mu.RLock()
	key, fresh := k.key, k.key.ID != "" && time.Since(k.loaded) < k.refresh
	k.mu.RUnlock()
	if fresh {
		return key, nil
	}
	key, err := k.store.SigningKey(ctx, newSigningKey(k.now()))
	if err != nil {
		return wolfden.SigningKey{}, err
	}
	k.mu.Lock()
	k.key, k.loaded = key, time.Now()
	k.mu.Unlock()
	return key, nil
}

func (k *keyRing) rotate(ctx context.Context) error {
	key := newSigningKey(k.now())
	if err := k.store.RotateSigningKey(ctx, key); err != nil {
		return err
	}
	k.mu.Lock()
	k.key, k.loaded = key, time.Now()
	k.mu.Unlock()
	return nil
}

func newSigningKey(now time.Time) wolfden.SigningKey {
	secret := make([]byte, 32)
	rand.Read(secret)
	id := make([]byte, 8)
	rand.Read(id)
	return wolfden.SigningKey{ID: hex.EncodeToString(id), Secret: secret, Created: now}
}

// forget drops the cached key, so that the next use reads storage.
func (k *keyRing) forget() {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.key = wolfden.SigningKey{}
}
