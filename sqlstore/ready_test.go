package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/sqlstore"
)

// A database a newer server has migrated past this one's schema is not
// ready for this server.
func TestReadyRefusesAnotherSchema(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		if err := s.Ready(ctx); err != nil {
			t.Fatalf("Ready: %v", err)
		}
		if _, err := s.WriteDB().ExecContext(ctx,
			`INSERT INTO schema_migrations (version, name, applied_at) VALUES (100000, 'from the future', 0)`); err != nil {
			t.Fatal(err)
		}
		err := s.Ready(ctx)
		if err == nil || !strings.Contains(err.Error(), "migration 100000") {
			t.Fatalf("Ready after a newer migration = %v, want an error naming it", err)
		}
	})
}
