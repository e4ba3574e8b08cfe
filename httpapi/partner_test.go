package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// newPartner creates a partner; it answers the partner and its application.
func (h *harness) newPartner(name string) (*partner.Partner, *partner.Application) {
	h.t.Helper()
	p, app, err := partner.NewPartner(name, h.clock.Now())
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.store.CreatePartner(context.Background(), p, app); err != nil {
		h.t.Fatal(err)
	}
	return p, app
}

// partnerAuth sends the partner token request as python-cyapi does.
func (h *harness) partnerAuth(path, appID, secret, form string) *response {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.url+path, strings.NewReader(form))
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if appID != "" {
		req.SetBasicAuth(appID, secret)
	}
	return h.send(req)
}

func (h *harness) partnerToken(app *partner.Application) string {
	h.t.Helper()
	return h.partnerAuth("/public/v2/us/auth", app.ID.String(), app.Secret, "grant_type=client_credentials&scope=api").
		want(200).field("access_token")
}

func TestPartnerToken(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		_, app := h.newPartner("Acme MSP")
		const form = "grant_type=client_credentials&scope=api"

		for _, path := range []string{"/public/v2/us/auth", "/public/eu/auth", "/public/v2/sp/auth"} {
			res := h.partnerAuth(path, app.ID.String(), app.Secret, form).want(200).json()
			if res["token_type"] != "Bearer" || res["expires_in"] != 3600.0 || res["access_token"] == "" {
				t.Errorf("%s answered %v", path, res)
			}
		}
		h.partnerAuth("/public/v2/us/auth", app.ID.String(), "wrong", form).want(401)
		h.partnerAuth("/public/v2/us/auth", uuid.NewString(), app.Secret, form).want(401)
		h.partnerAuth("/public/v2/us/auth", "not-an-id", app.Secret, form).want(401)
		h.partnerAuth("/public/v2/us/auth", "", "", form).want(401)
		h.partnerAuth("/public/v2/us/auth", app.ID.String(), app.Secret, "grant_type=password").want(400)
		h.partnerAuth("/public/v2/xx/auth", app.ID.String(), app.Secret, form).want(404)
		h.partnerAuth("/public/zz/auth", app.ID.String(), app.Secret, form).want(404)

		if got := string(h.do(http.MethodGet, "/public/v2/us/health-check", "", nil).want(200).body); !strings.HasPrefix(got, `"Version:`) {
			t.Errorf("health check %s", got)
		}
		h.do(http.MethodGet, "/public/v2/mars/health-check", "", nil).want(404)

		// Each kind of token works on its own API only.
		partnerTok := h.partnerToken(app)
		tenantTok := h.token(h.newTenant("A"))
		h.do(http.MethodGet, "/public/v2/us/tenants/list", partnerTok, nil).want(200)
		h.do(http.MethodGet, "/public/v2/us/tenants/list", tenantTok, nil).want(401)
		h.do(http.MethodGet, "/public/v2/us/tenants/list", "", nil).want(401)
		h.do(http.MethodGet, "/users/v2", partnerTok, nil).want(401)
		h.do(http.MethodGet, "/public/v2/us/users/list", tenantTok, nil).want(401)
	})
}

// provision is a valid provision body in the vendor examples' PascalCase.
func provision(name string) map[string]any {
	return map[string]any{"Name": name, "Email": "it@example.org", "Address1": "1 Main St", "City": "Springfield",
		"State": "IL", "Country": "US", "ZipCode": "62701", "Phones": []string{"+1 555 0100"}, "Term": "Annual",
		"ProtectLicensesAllocated": "50", "OpticsLicensesAllocated": 10, "LicenseType": "customer",
		"ExpirationDate": "2027-11-25T00:00:00Z", "FeatureIds": []int{12, 48, 34, 51}}
}

func TestPartnerTenants(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		_, app := h.newPartner("Acme MSP")
		_, otherApp := h.newPartner("Other MSP")
		tok, otherTok := h.partnerToken(app), h.partnerToken(otherApp)
		h.newTenant("Direct Customer") // no partner's

		created := h.do(http.MethodPost, "/public/v2/us/tenants/provision", tok, provision("Example Dental")).want(200).json()
		id, _ := created["venueTenantId"].(string)
		if _, err := uuid.Parse(id); err != nil || created["name"] != "Example Dental" || created["id"] != id ||
			created["createdDateTime"] == nil {
			t.Fatalf("provision answered %v", created)
		}
		// What was provisioned is kept, canonical: licence counts as strings,
		// enums in their documented case, features sorted (docs/api/partner.md).
		for member, want := range map[string]any{"protectLicensesAllocated": "50", "opticsLicensesAllocated": "10",
			"licenseType": "Customer", "term": "Annual", "city": "Springfield", "email": "it@example.org",
			"featureIds": []any{12.0, 34.0, 48.0, 51.0}, "phones": []any{"+1 555 0100"}} {
			if got := created[member]; !reflect.DeepEqual(got, want) {
				t.Errorf("provisioned %s = %#v, want %#v", member, got, want)
			}
		}
		if exp, _ := created["expirationDate"].(string); !strings.HasPrefix(exp, "2027-11-25T00:00:00") {
			t.Errorf("expirationDate %q", exp)
		}
		h.do(http.MethodPost, "/public/us/tenants/provision", tok, provision("Bakery")).want(200)

		list := h.do(http.MethodGet, "/public/v2/us/tenants/list", tok, nil).want(200).json()
		items := typed.As[[]any](t, list["listData"])
		if list["totalCount"] != 2.0 || len(items) != 2 || typed.As[map[string]any](t, items[0])["name"] != "Bakery" ||
			typed.As[map[string]any](t, items[1])["venueTenantId"] != id || typed.As[map[string]any](t, items[1])["zipCode"] != "62701" {
			t.Errorf("list %v", list)
		}
		if n := h.do(http.MethodGet, "/public/v2/us/tenants/list", otherTok, nil).json()["totalCount"]; n != 0.0 {
			t.Errorf("another partner lists %v tenants", n)
		}

		// Names are unique across the server: another partner's, or no partner's.
		h.do(http.MethodPost, "/public/v2/us/tenants/provision", otherTok, provision("EXAMPLE DENTAL")).want(409)
		h.do(http.MethodPost, "/public/v2/us/tenants/provision", tok, provision("direct customer")).want(409)

		for _, tt := range []struct {
			name  string
			edit  func(map[string]any)
			field string
		}{
			{"no address", func(m map[string]any) { delete(m, "Address1") }, "address1"},
			{"no licences", func(m map[string]any) { delete(m, "ProtectLicensesAllocated") }, "protectLicensesAllocated"},
			{"negative licences", func(m map[string]any) { m["OpticsLicensesAllocated"] = "-1" }, "opticsLicensesAllocated"},
			{"licence type", func(m map[string]any) { m["LicenseType"] = "Free" }, "licenseType"},
			{"term", func(m map[string]any) { m["Term"] = "Weekly" }, "term"},
			{"expiration", func(m map[string]any) { m["ExpirationDate"] = "soon" }, "expirationDate"},
			{"unknown feature", func(m map[string]any) { m["FeatureIds"] = []int{12, 99} }, "featureIds[1]"},
			{"feature needs another", func(m map[string]any) { m["FeatureIds"] = []int{51} }, "featureIds[0]"},
			{"feature ids not numbers", func(m map[string]any) { m["FeatureIds"] = []string{"12"} }, "FeatureIds[0]"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				body := provision("Refused " + tt.name)
				tt.edit(body)
				res := h.sub(t).do(http.MethodPost, "/public/v2/us/tenants/provision", tok, body).want(400)
				if f, _ := res.json()["field"].(string); !strings.EqualFold(f, tt.field) {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}
		if n := h.do(http.MethodGet, "/public/v2/us/tenants/list", tok, nil).json()["totalCount"]; n != 2.0 {
			t.Errorf("refused provisions made tenants: %v", n)
		}

		// The tenant-app token works on the tenant API, for that tenant: a
		// provisioned tenant is complete at once.
		res := h.do(http.MethodPut, "/public/v2/us/tenants/tenant-app/"+id, tok, nil).want(200)
		var tenantTok string
		if err := json.Unmarshal(res.body, &tenantTok); err != nil || tenantTok == "" {
			t.Fatalf("tenant-app answered %s", res.body)
		}
		if p := h.do(http.MethodGet, "/policies/v2/"+defaultPolicy, tenantTok, nil).want(200).json(); p["policy_name"] != "Default" {
			t.Errorf("the provisioned tenant's Default policy: %v", p["policy_name"])
		}
		h.do(http.MethodGet, "/users/v2", tenantTok, nil).want(200)
		h.do(http.MethodPut, "/public/v2/us/tenants/tenant-app/"+id, otherTok, nil).want(404)
		h.do(http.MethodPut, "/public/v2/us/tenants/tenant-app/"+uuid.NewString(), tok, nil).want(404)
		h.do(http.MethodPut, "/public/v2/us/tenants/tenant-app/not-a-tenant", tok, nil).want(404)
	})
}
