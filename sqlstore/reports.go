package sqlstore

import (
	"context"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/partner"
)

// TenantUsage lists the partner's tenants with their device counts, one
// statement; each count is an index range scan of that tenant's devices.
func (p *partnerStore) TenantUsage(ctx context.Context) ([]partner.TenantUsage, error) {
	rows, err := p.reader().query(ctx, `SELECT `+tenantColumns+`,
		(SELECT COUNT(*) FROM devices d WHERE d.tenant_id = tenants.id),
		(SELECT COUNT(*) FROM devices d WHERE d.tenant_id = tenants.id AND d.state = 'Online')
		FROM tenants WHERE partner_id = $1 ORDER BY name_key, id`, p.partnerID)
	return scanAll(rows, err, func(r row) (*partner.TenantUsage, error) {
		var u partner.TenantUsage
		t, err := scanTenant(r, &u.Devices, &u.OnlineDevices)
		if err != nil {
			return nil, err
		}
		u.Tenant = *t
		return &u, nil
	})
}

// CreateReportRun stores a run and keeps only the partner's newest runs.
func (p *partnerStore) CreateReportRun(ctx context.Context, run *partner.ReportRun) error {
	if run.PartnerID != p.partnerID {
		return wolfden.Errorf(wolfden.EInvalid, "report run belongs to another partner")
	}
	return p.inTx(ctx, func(tx runner) error {
		if _, err := tx.exec(ctx, `INSERT INTO report_runs (partner_id, id, report_id, created_at, row_count, content)
			VALUES ($1, $2, $3, $4, $5, $6)`, p.partnerID, run.ID, run.ReportID, micros(run.Created), run.Rows, string(run.CSV)); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `DELETE FROM report_runs WHERE partner_id = $1 AND id NOT IN
			(SELECT id FROM report_runs WHERE partner_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2)`,
			p.partnerID, partner.MaxReportRuns)
		return err
	})
}

const reportRunColumns = `id, report_id, created_at, row_count`

func (p *partnerStore) scanReportRun(r row, extra ...any) (*partner.ReportRun, error) {
	run := partner.ReportRun{PartnerID: p.partnerID}
	var created int64
	if err := r.Scan(append([]any{&run.ID, &run.ReportID, &created, &run.Rows}, extra...)...); err != nil {
		return nil, err
	}
	run.Created = fromMicros(created)
	return &run, nil
}

// ReportRun finds one of the partner's runs with its file.
func (p *partnerStore) ReportRun(ctx context.Context, id uuid.UUID) (*partner.ReportRun, error) {
	var content string
	run, err := p.scanReportRun(p.reader().queryRow(ctx, `SELECT `+reportRunColumns+`, content FROM report_runs
		WHERE partner_id = $1 AND id = $2`, p.partnerID, id), &content)
	if err != nil {
		return nil, notFoundIf(err, "report run %s not found", id)
	}
	run.CSV = []byte(content)
	return run, nil
}

// ReportRuns lists the partner's runs, newest first.
func (p *partnerStore) ReportRuns(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[partner.ReportRun], error) {
	return pageOf(ctx, p.Store, page, `SELECT COUNT(*) FROM report_runs WHERE partner_id = $1`,
		`SELECT `+reportRunColumns+` FROM report_runs WHERE partner_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
		[]any{p.partnerID}, func(r row) (*partner.ReportRun, error) { return p.scanReportRun(r) })
}
