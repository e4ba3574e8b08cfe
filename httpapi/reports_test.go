package httpapi_test

import (
	"encoding/csv"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func TestPartnerReports(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		_, app := h.newPartner("Acme MSP")
		_, otherApp := h.newPartner("Other MSP")
		tok, otherTok := h.partnerToken(app), h.partnerToken(otherApp)
		provisioned := func(tok, name string) tenant {
			id := h.do(http.MethodPost, "/public/v2/us/tenants/provision", tok, provision(name)).want(200).field("venueTenantId")
			return tenant{id: uuid.MustParse(id)}
		}
		busy := provisioned(tok, "Busy Dental")
		provisioned(tok, "Empty Bakery")
		theirs := provisioned(otherTok, "Theirs")
		for i, state := range []string{"Online", "Online", "Offline"} {
			h.register(busy, map[string]any{"host_name": "host-" + string(rune('a'+i)), "state": state})
		}
		h.register(theirs, map[string]any{"host_name": "not-counted"})

		reports := h.do(http.MethodGet, "/public/v2/us/reports/list", tok, nil).want(200).json()
		list := typed.As[[]any](t, reports["listData"])
		if reports["totalCount"] != 2.0 || typed.As[map[string]any](t, list[0])["name"] != "Tenant Device Counts" {
			t.Fatalf("reports %v", reports)
		}
		deviceCounts := typed.As[string](t, typed.As[map[string]any](t, list[0])["reportId"])
		licences := typed.As[string](t, typed.As[map[string]any](t, list[1])["reportId"])

		// python-cyapi's run_mtc_report posts to the download path.
		run := h.do(http.MethodPost, "/public/us/reports/report-runs/"+deviceCounts+"/download", tok, nil).want(200).json()
		runID, _ := run["reportRunId"].(string)
		if run["status"] != "Completed" || run["reportId"] != deviceCounts || run["rowCount"] != 2.0 ||
			!strings.HasSuffix(typed.As[string](t, run["fileName"]), ".csv") {
			t.Fatalf("run %v", run)
		}
		res := h.do(http.MethodGet, "/public/v2/us/reports/report-runs/"+runID+"/download", tok, nil).want(200)
		if cd := res.header.Get("Content-Disposition"); !strings.Contains(cd, typed.As[string](t, run["fileName"])) {
			t.Errorf("Content-Disposition %q", cd)
		}
		rows, err := csv.NewReader(strings.NewReader(string(res.body))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"Tenant ID", "Tenant Name", "Created", "Devices", "Online Devices", "Offline Devices"},
			{busy.id.String(), "Busy Dental", rows[1][2], "3", "2", "1"},
			{rows[2][0], "Empty Bakery", rows[2][2], "0", "0", "0"},
		}
		if !reflect.DeepEqual(rows, want) {
			t.Errorf("CSV\n%v\nwant\n%v", rows, want)
		}

		// A run id there runs that run's report again; the licence report
		// shows what the tenants were provisioned with.
		h.do(http.MethodPost, "/public/v2/us/reports/report-runs/"+runID+"/download", tok, nil).want(200)
		lic := h.do(http.MethodPost, "/public/v2/us/reports/report-runs/"+licences+"/download", tok, nil).want(200).field("reportRunId")
		licCSV := string(h.do(http.MethodGet, "/public/v2/us/reports/report-runs/"+lic+"/download", tok, nil).want(200).body)
		if !strings.Contains(licCSV, busy.id.String()+",Busy Dental,Customer,Annual,2027-11-25T00:00:00Z,50,3,10\n") {
			t.Errorf("licence CSV:\n%s", licCSV)
		}

		runs := h.do(http.MethodGet, "/public/v2/us/reports/report-runs", tok, nil).want(200).json()
		if runs["totalCount"] != 3.0 {
			t.Errorf("runs %v", runs)
		}
		// Another partner sees none of it.
		if n := h.do(http.MethodGet, "/public/v2/us/reports/report-runs", otherTok, nil).json()["totalCount"]; n != 0.0 {
			t.Errorf("another partner lists %v runs", n)
		}
		h.do(http.MethodGet, "/public/v2/us/reports/report-runs/"+runID+"/download", otherTok, nil).want(404)
		h.do(http.MethodPost, "/public/v2/us/reports/report-runs/"+runID+"/download", otherTok, nil).want(404)
		h.do(http.MethodPost, "/public/v2/us/reports/report-runs/"+uuid.NewString()+"/download", tok, nil).want(404)
		h.do(http.MethodGet, "/public/v2/us/reports/report-runs/not-a-run/download", tok, nil).want(404)
		h.do(http.MethodGet, "/public/v2/us/reports/list", "", nil).want(401)
	})
}
