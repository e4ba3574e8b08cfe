package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/sqlstore"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// Deletion requests stored comma-separated by a server before migration
// 0031 keep every id after it, and a stored list that cannot be read is an
// error rather than a shorter list.
func TestDeviceDeletionIDsMigrate(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		ctx := context.Background()
		dsn := b.DSN(t)
		old, err := sqlstore.OpenUpTo(ctx, dsn, 30)
		if err != nil {
			t.Fatal(err)
		}
		tn, app, _ := wolfden.NewTenant("legacy", time.Now())
		if err := old.CreateTenant(ctx, tn, app); err != nil {
			t.Fatal(err)
		}
		two, none := []uuid.UUID{uuid.New(), uuid.New()}, uuid.New()
		legacy := map[uuid.UUID]string{two[0]: two[0].String() + "," + two[1].String(), none: ""}
		for id, ids := range legacy {
			if _, err := old.WriteDB().Exec(`INSERT INTO device_deletions (tenant_id, id, device_ids, callback_url, requested_at)
				VALUES ('` + tn.ID.String() + `', '` + id.String() + `', '` + ids + `', '', 1)`); err != nil {
				t.Fatal(err)
			}
		}
		old.Close()

		s, err := sqlstore.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ts := s.ForTenant(tn.ID)
		for id, want := range map[uuid.UUID][]uuid.UUID{two[0]: two, none: {}} {
			d, _, err := ts.CompleteDeviceDeletion(ctx, id, time.Now())
			if err != nil || !slices.Equal(d.DeviceIDs, want) {
				t.Fatalf("migrated deletion %q = %+v, %v; want ids %v", legacy[id], d, err, want)
			}
		}

		for _, bad := range []string{two[0].String() + "," + two[1].String(), `["` + two[0].String() + `","x"]`, `null`, `{}`} {
			id := uuid.New()
			if _, err := s.WriteDB().Exec(`INSERT INTO device_deletions (tenant_id, id, device_ids, callback_url, requested_at)
				VALUES ('` + tn.ID.String() + `', '` + id.String() + `', '` + bad + `', '', 1)`); err != nil {
				t.Fatal(err)
			}
			d, _, err := ts.CompleteDeviceDeletion(ctx, id, time.Now())
			if err == nil || !strings.Contains(err.Error(), "stored device ids") {
				t.Errorf("deletion with device_ids %s = %+v, %v; want an error", bad, d, err)
			}
		}
	})
}
