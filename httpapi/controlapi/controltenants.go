package controlapi

import (
	"net/http"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/store"
)

type tenantCreateRequest struct {
	Name string `json:"name"`
}

type tenantCredentialsJSON struct {
	TenantID  string `json:"tenant_id"`
	AppID     string `json:"app_id"`
	AppSecret string `json:"app_secret"`
}

// tenantJSON is a tenant as the control plane lists it.
type tenantJSON struct {
	TenantID  string  `json:"tenant_id"`
	Name      string  `json:"name"`
	Created   string  `json:"created"`
	PartnerID *string `json:"partner_id"`
}

func newTenantJSON(t *wolfden.Tenant) tenantJSON {
	out := tenantJSON{TenantID: t.ID.String(), Name: t.Name, Created: t.Created.UTC().Format(time.RFC3339)}
	if t.PartnerID != [16]byte{} {
		id := t.PartnerID.String()
		out.PartnerID = &id
	}
	return out
}

// applicationJSON is an application with its credentials. wolfden keeps
// the secret because it verifies clients' HS256 signatures with it, as
// the vendor must too; the control plane, behind the admin token, shows it
// again.
type applicationJSON struct {
	AppID     string   `json:"app_id"`
	Name      string   `json:"name"`
	AppSecret string   `json:"app_secret"`
	Scopes    []string `json:"scopes"`
	Created   string   `json:"created"`
}

type tenantDetailJSON struct {
	tenantJSON
	Applications []applicationJSON `json:"applications"`
}

type tenantResetRequest struct {
	// Demo refills the tenant with the demo data a new default tenant gets.
	Demo bool `json:"demo"`
}

// CreateTenant is POST /control/v1/tenants with {"name"}: a tenant with one
// all-privilege application, answered with its credentials, as "wolfden
// tenant create" prints them. A name in use is a 409.
func (s *Handlers) CreateTenant(w http.ResponseWriter, r *http.Request) {
	err := func() error {
		var req tenantCreateRequest
		if err := rest.DecodeJSON(r, &req); err != nil {
			return err
		}
		t, app, err := wolfden.NewTenant(req.Name, s.Now())
		if err != nil {
			return err
		}
		if err := s.Store.CreateTenant(r.Context(), t, app); err != nil {
			return err
		}
		s.WriteJSON(w, r, http.StatusOK, tenantCredentialsJSON{TenantID: t.ID.String(), AppID: app.ID.String(), AppSecret: app.Secret})
		return nil
	}()
	if err != nil {
		s.WriteError(w, r, err)
	}
}

// ListTenants is GET /control/v1/tenants: every tenant of the server, by
// name.
func (s *Handlers) ListTenants(w http.ResponseWriter, r *http.Request) {
	tenants, err := s.Store.Tenants(r.Context())
	if err != nil {
		s.WriteError(w, r, err)
		return
	}
	out := make([]tenantJSON, len(tenants))
	for i := range tenants {
		out[i] = newTenantJSON(&tenants[i])
	}
	s.WriteJSON(w, r, http.StatusOK, out)
}

// GetTenant is GET /control/v1/tenants/{tenant}: the tenant with its
// applications and their credentials.
func (s *Handlers) GetTenant(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	tn, err := s.Store.Tenant(r.Context(), t.TenantID())
	if err != nil {
		return err
	}
	apps, err := t.Applications(r.Context())
	if err != nil {
		return err
	}
	out := tenantDetailJSON{tenantJSON: newTenantJSON(tn), Applications: make([]applicationJSON, len(apps))}
	for i, app := range apps {
		scopes := make([]string, len(app.Scopes))
		for j, sc := range app.Scopes {
			scopes[j] = string(sc)
		}
		out.Applications[i] = applicationJSON{AppID: app.ID.String(), Name: app.Name, AppSecret: app.Secret,
			Scopes: scopes, Created: app.Created.UTC().Format(time.RFC3339)}
	}
	s.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// DeleteTenant is DELETE /control/v1/tenants/{tenant}: the tenant and
// everything it owns are gone; its access tokens stop working.
func (s *Handlers) DeleteTenant(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	if err := s.Store.DeleteTenant(r.Context(), t.TenantID()); err != nil {
		return err
	}
	s.Auth.ForgetTenant(t.TenantID())
	rest.WriteEmpty(w)
	return nil
}

// ResetTenant is POST /control/v1/tenants/{tenant}/reset: the tenant is
// emptied as if new, its applications (and so its clients' credentials
// and tokens) kept; with {"demo": true} it gets the demo data again. The
// answer counts what the demo seeding made (zeros without it).
func (s *Handlers) ResetTenant(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req tenantResetRequest
	if err := rest.DecodeOptionalJSON(r, &req); err != nil {
		return err
	}
	now := s.Now()
	if err := s.Store.ResetTenant(r.Context(), t.TenantID(), now); err != nil {
		return err
	}
	var sum seed.Summary
	if req.Demo {
		var err error
		if sum, err = seed.RunDemo(r.Context(), t, now); err != nil {
			return err
		}
	}
	s.WriteJSON(w, r, http.StatusOK, newSeedResponse(sum))
	return nil
}

// ExportTenant is GET /control/v1/tenants/{tenant}/export: the tenant's
// whole state as a JSON document (store.TenantDump), which POST
// /control/v1/tenants/import takes on any wolfden of the same schema
// version, on either database: a test fixture to check in. It holds the
// tenant's application secrets.
func (s *Handlers) ExportTenant(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	dump, err := s.Store.ExportTenant(r.Context(), t.TenantID())
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, dump)
	return nil
}

// ImportTenant is POST /control/v1/tenants/import with a dump: the tenant
// comes back under its id and name (or ?name=), with its applications,
// answered as the tenant list shows it. An id or name in use is a 409; a dump of
// another schema version, or one naming what it may not, is a 400.
func (s *Handlers) ImportTenant(w http.ResponseWriter, r *http.Request) {
	err := func() error {
		var dump store.TenantDump
		if err := rest.DecodeJSON(r, &dump); err != nil {
			return err
		}
		t, err := s.Store.ImportTenant(r.Context(), &dump, r.URL.Query().Get("name"))
		if err != nil {
			return err
		}
		s.WriteJSON(w, r, http.StatusOK, newTenantJSON(t))
		return nil
	}()
	if err != nil {
		s.WriteError(w, r, err)
	}
}

// ResetServer is POST /control/v1/reset: the server as on its first start.
// Every tenant and partner goes with all they own, the signing key is
// replaced (every token issued before is refused), the journal, the fault
// rules and the agents' clock start over, and a new tenant "default" is
// made, with the demo data on {"demo": true}. The answer is its
// credentials, as "wolfden tenant create" prints them; the credentials
// file serve wrote on its first start still holds the old ones.
func (s *Handlers) ResetServer(w http.ResponseWriter, r *http.Request) {
	err := func() error {
		var req tenantResetRequest
		if err := rest.DecodeOptionalJSON(r, &req); err != nil {
			return err
		}
		if err := s.Store.ResetServer(r.Context()); err != nil {
			return err
		}
		s.Auth.ForgetAll()
		if s.Journal != nil {
			s.Journal.Clear()
		}
		if s.Faults != nil {
			s.Faults.Clear()
		}
		s.Clock.Reset()
		t, app, err := wolfden.NewTenant("default", s.Now())
		if err != nil {
			return err
		}
		if err := s.Store.CreateTenant(r.Context(), t, app); err != nil {
			return err
		}
		if req.Demo {
			if _, err := seed.RunDemo(r.Context(), s.Store.ForTenant(t.ID), s.Now()); err != nil {
				return err
			}
		}
		s.WriteJSON(w, r, http.StatusOK, tenantCredentialsJSON{TenantID: t.ID.String(), AppID: app.ID.String(), AppSecret: app.Secret})
		return nil
	}()
	if err != nil {
		s.WriteError(w, r, err)
	}
}
