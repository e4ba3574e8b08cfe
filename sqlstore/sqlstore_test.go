package sqlstore_test

import (
	"testing"

	"github.com/wolfden/wolfden/sqlstore/sqltest"
	"github.com/wolfden/wolfden/store"
	"github.com/wolfden/wolfden/store/storetest"
)

func TestStore(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		storetest.Run(t, func(t *testing.T) store.Store { return b.Open(t) })
	})
}

func TestSharedStore(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		storetest.RunShared(t, func(t *testing.T) (store.Store, store.Store) { return b.OpenTwice(t) })
	})
}
