package store

import (
	"context"

	"github.com/wolfden/wolfden"
)

// Phrases integrations match in global-list errors (SOAR and XSOAR look
// for them in the body), so they are part of the API.
const (
	PhraseAlreadyListed = "There's already an entry for this threat"
	PhraseNotListed     = "There's no entry for this threat"
)

// GlobalListStore holds a tenant's global quarantine and safe lists.
type GlobalListStore interface {
	// AddToGlobalList stores e; EConflict with PhraseAlreadyListed when the
	// hash is on that list already.
	AddToGlobalList(ctx context.Context, e *wolfden.GlobalListEntry) error
	// GlobalList lists one list, newest first.
	GlobalList(ctx context.Context, list wolfden.ListType, page wolfden.PageRequest) (wolfden.Page[wolfden.GlobalListEntry], error)
	// RemoveFromGlobalList removes a hash; ENotFound with PhraseNotListed
	// when it is not on the list.
	RemoveFromGlobalList(ctx context.Context, list wolfden.ListType, sha256 string) error
}
