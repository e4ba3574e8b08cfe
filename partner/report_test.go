package partner_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/partner"
)

func TestReportRuns(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	expires := now.AddDate(1, 0, 0)
	tenants := []partner.TenantUsage{
		{Tenant: wolfden.Tenant{ID: uuid.MustParse("a1b2c3d4-e5f6-4711-8899-aabbccddeeff"), Name: "Example, Dental", Created: now,
			Profile: &wolfden.TenantProfile{LicenseType: "Customer", Term: "Annual", ProtectLicenses: 50, OpticsLicenses: 10, Expiration: &expires}},
			Devices: 3, OnlineDevices: 2},
		{Tenant: wolfden.Tenant{ID: uuid.MustParse("b1b2c3d4-e5f6-4711-8899-aabbccddeeff"), Name: "=HYPERLINK(\"x\")", Created: now},
			Devices: 0},
	}
	for _, tt := range []struct {
		report *partner.Report
		want   string
	}{
		{&partner.Reports[0], "Tenant ID,Tenant Name,Created,Devices,Online Devices,Offline Devices\n" +
			"a1b2c3d4-e5f6-4711-8899-aabbccddeeff,\"Example, Dental\",2026-11-25T09:00:00Z,3,2,1\n" +
			"b1b2c3d4-e5f6-4711-8899-aabbccddeeff,\"'=HYPERLINK(\"\"x\"\")\",2026-11-25T09:00:00Z,0,0,0\n"},
		{&partner.Reports[1], "Tenant ID,Tenant Name,License Type,Term,Expiration Date,PROTECT Licenses Allocated,PROTECT Licenses Used,OPTICS Licenses Allocated\n" +
			"a1b2c3d4-e5f6-4711-8899-aabbccddeeff,\"Example, Dental\",Customer,Annual,2027-11-25T09:00:00Z,50,3,10\n" +
			"b1b2c3d4-e5f6-4711-8899-aabbccddeeff,\"'=HYPERLINK(\"\"x\"\")\",,,,,0,\n"},
	} {
		t.Run(tt.report.Name, func(t *testing.T) {
			run, err := tt.report.Run(uuid.New(), tenants, now)
			if err != nil {
				t.Fatal(err)
			}
			if string(run.CSV) != tt.want || run.Rows != 2 || run.ReportID != tt.report.ID {
				t.Errorf("run %d rows of %s:\n%s\nwant\n%s", run.Rows, run.ReportID, run.CSV, tt.want)
			}
		})
	}
	if _, err := partner.FindReport(uuid.New()); wolfden.CodeOf(err) != wolfden.ENotFound {
		t.Errorf("FindReport of an unknown id: %v", err)
	}
}
