package partnerapi

import (
	"net/http"
	"strings"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/store"
)

// reportJSON is a report of the catalogue. The vendor's members were not
// recovered; these name what a client needs to run one
// (docs/api/partner.md).
type reportJSON struct {
	ReportID    string `json:"reportId"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// reportRunJSON is a run. Runs complete when they are made, so status is
// always Completed and the two dates are equal.
type reportRunJSON struct {
	ReportRunID   string          `json:"reportRunId"`
	ReportID      string          `json:"reportId"`
	ReportName    string          `json:"reportName"`
	Status        string          `json:"status"`
	CreatedDate   rest.IsoSeconds `json:"createdDate"`
	CompletedDate rest.IsoSeconds `json:"completedDate"`
	RowCount      int             `json:"rowCount"`
	FileName      string          `json:"fileName"`
}

func newReportRunJSON(run *partner.ReportRun) reportRunJSON {
	name := ""
	if report, err := partner.FindReport(run.ReportID); err == nil {
		name = report.Name
	}
	return reportRunJSON{ReportRunID: run.ID.String(), ReportID: run.ReportID.String(), ReportName: name,
		Status: "Completed", CreatedDate: rest.IsoSeconds(run.Created), CompletedDate: rest.IsoSeconds(run.Created),
		RowCount: run.Rows, FileName: reportFileName(name, run)}
}

// reportFileName is e.g. tenant-device-counts-20261125T090000Z.csv.
func reportFileName(reportName string, run *partner.ReportRun) string {
	slug := strings.ToLower(strings.Join(strings.Fields(reportName), "-"))
	return slug + "-" + run.Created.UTC().Format("20060102T150405Z") + ".csv"
}

func (s *Handlers) ListReports(w http.ResponseWriter, r *http.Request, _ store.PartnerStore) error {
	s.WriteJSON(w, r, http.StatusOK, newListEnvelope(wolfden.Page[partner.Report]{Items: partner.Reports, Total: len(partner.Reports)},
		func(report *partner.Report) reportJSON {
			return reportJSON{ReportID: report.ID.String(), Name: report.Name, Description: report.Description}
		}))
	return nil
}

func (s *Handlers) ListReportRuns(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	page, err := p.ReportRuns(r.Context(), wolfden.PageRequest{Number: 1, Size: partner.MaxReportRuns})
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newListEnvelope(page, newReportRunJSON))
	return nil
}

// DownloadReportRun answers a run's file as text/csv.
func (s *Handlers) DownloadReportRun(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := rest.PathID(r, "run", "report run")
	if err != nil {
		return err
	}
	run, err := p.ReportRun(r.Context(), id)
	if err != nil {
		return err
	}
	rest.WriteCSVFile(w, newReportRunJSON(run).FileName, run.CSV)
	return nil
}

// RunReport makes a new run and answers it. The vendor's path was not
// recovered; python-cyapi's run_mtc_report posts to the download path, so
// that is where wolfden runs reports: the id there names a report of the
// catalogue, or an earlier run whose report runs again.
func (s *Handlers) RunReport(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := rest.PathID(r, "run", "report")
	if err != nil {
		return err
	}
	report, err := partner.FindReport(id)
	if wolfden.CodeOf(err) == wolfden.ENotFound {
		var earlier *partner.ReportRun
		if earlier, err = p.ReportRun(r.Context(), id); err == nil {
			report, err = partner.FindReport(earlier.ReportID)
		} else if wolfden.CodeOf(err) == wolfden.ENotFound {
			err = wolfden.Errorf(wolfden.ENotFound, "%s is neither a report nor a report run", id)
		}
	}
	if err != nil {
		return err
	}
	tenants, err := p.TenantUsage(r.Context())
	if err != nil {
		return err
	}
	run, err := report.Run(p.PartnerID(), tenants, s.Now())
	if err != nil {
		return err
	}
	if err := p.CreateReportRun(r.Context(), run); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newReportRunJSON(run))
	return nil
}
