package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/policy"
	"github.com/wolfden/wolfden/sqlstore"
)

// A Default policy stored before policies had documents (migration 0010)
// reads as the documented defaults.
func TestDefaultPolicyWithoutDocument(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		tn, app, _ := wolfden.NewTenant("A", time.Now())
		if err := s.CreateTenant(ctx, tn, app); err != nil {
			t.Fatal(err)
		}
		if _, err := s.WriteDB().Exec(`UPDATE policies SET document = '', checksum = ''`); err != nil {
			t.Fatal(err)
		}
		p, err := s.ForTenant(tn.ID).DevicePolicy(ctx, wolfden.DefaultPolicyID)
		want := policy.DefaultDevicePolicy(tn.ID, time.Now())
		if err != nil || p.Checksum != want.Checksum || len(p.Document.Settings) != len(want.Document.Settings) {
			t.Fatalf("DevicePolicy = %+v, %v", p, err)
		}
	})
}
