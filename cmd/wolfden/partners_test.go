package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wolfden/wolfden"
)

func TestPartnerCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	status, out, errOut := cli(t, nil, "partner", "create", "--name", "Acme MSP", "--db", db)
	if status != 0 {
		t.Fatalf("exit %d: %s", status, errOut)
	}
	printed := decodeOne(t, out, "partner_id", "app_id", "app_secret")
	appID, _ := wolfden.ParseID(printed["app_id"])
	app, err := openStore(t, db).PartnerApplication(context.Background(), appID)
	if err != nil || app.Secret != printed["app_secret"] || app.PartnerID.String() != printed["partner_id"] {
		t.Fatalf("stored application %+v, %v; printed %v", app, err, printed)
	}

	status, out, errOut = cli(t, nil, "partner", "create", "--name", "ACME msp", "--db", db)
	if status != 1 || out != "" || !strings.Contains(errOut, "already in use") {
		t.Errorf("name in use: exit %d, stdout %q, stderr %q", status, out, errOut)
	}
	if status, _, _ := cli(t, nil, "partner", "create", "--db", db); status != 1 {
		t.Errorf("no name: exit %d, want 1", status)
	}
}
