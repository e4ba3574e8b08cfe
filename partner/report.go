package partner

import (
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// Report is a report a partner can run (docs/api/partner.md). The
// vendor's catalogue was not recovered; wolfden's reports are built from
// what it stores about the partner's tenants.
type Report struct {
	ID          uuid.UUID
	Name        string
	Description string
	header      []string
	row         func(u *TenantUsage) []string
}

// TenantUsage is one of a partner's tenants with the counts its reports
// show.
type TenantUsage struct {
	Tenant        wolfden.Tenant
	Devices       int
	OnlineDevices int
}

// Reports is the catalogue, in listing order. Ids are fixed, so a client
// can keep them.
var Reports = []Report{
	{
		ID:          uuid.MustParse("6f1d7a52-3c0e-4f4b-9a53-0d6a1f3b2e01"),
		Name:        "Tenant Device Counts",
		Description: "Every tenant of the partner with its devices, online and offline.",
		header:      []string{"Tenant ID", "Tenant Name", "Created", "Devices", "Online Devices", "Offline Devices"},
		row: func(u *TenantUsage) []string {
			return []string{u.Tenant.ID.String(), u.Tenant.Name, u.Tenant.Created.UTC().Format(time.RFC3339),
				strconv.Itoa(u.Devices), strconv.Itoa(u.OnlineDevices), strconv.Itoa(u.Devices - u.OnlineDevices)}
		},
	},
	{
		ID:          uuid.MustParse("6f1d7a52-3c0e-4f4b-9a53-0d6a1f3b2e02"),
		Name:        "License Usage",
		Description: "Every tenant of the partner with the licences it was provisioned with and the devices that use them.",
		header: []string{"Tenant ID", "Tenant Name", "License Type", "Term", "Expiration Date",
			"PROTECT Licenses Allocated", "PROTECT Licenses Used", "OPTICS Licenses Allocated"},
		row: func(u *TenantUsage) []string {
			row := []string{u.Tenant.ID.String(), u.Tenant.Name, "", "", "", "", strconv.Itoa(u.Devices), ""}
			if p := u.Tenant.Profile; p != nil {
				row[2], row[3], row[5], row[7] = p.LicenseType, p.Term, strconv.Itoa(p.ProtectLicenses), strconv.Itoa(p.OpticsLicenses)
				if p.Expiration != nil {
					row[4] = p.Expiration.UTC().Format(time.RFC3339)
				}
			}
			return row
		},
	},
}

// FindReport finds a report of the catalogue; ENotFound when unknown.
func FindReport(id uuid.UUID) (*Report, error) {
	for i := range Reports {
		if Reports[i].ID == id {
			return &Reports[i], nil
		}
	}
	return nil, wolfden.Errorf(wolfden.ENotFound, "report %s not found", id)
}

// ReportRun is one run of a report and the CSV file it produced.
type ReportRun struct {
	ID        uuid.UUID
	PartnerID uuid.UUID
	ReportID  uuid.UUID
	Created   time.Time
	Rows      int
	// CSV is the file; nil when a listing did not load it.
	CSV []byte
}

// MaxReportRuns is how many runs a partner keeps; older ones are dropped.
const MaxReportRuns = 100

// Run produces a run of r over the partner's tenants.
func (r *Report) Run(partnerID uuid.UUID, tenants []TenantUsage, now time.Time) (*ReportRun, error) {
	rows := make([][]string, len(tenants))
	for i := range tenants {
		rows[i] = r.row(&tenants[i])
	}
	file, err := wolfden.EncodeCSV(r.header, rows)
	if err != nil {
		return nil, err
	}
	return &ReportRun{ID: uuid.New(), PartnerID: partnerID, ReportID: r.ID, Created: now, Rows: len(tenants), CSV: file}, nil
}
