package controlapi

import (
	"net/http"

	"github.com/wolfden/wolfden/httpapi/rest"

	"github.com/wolfden/wolfden"
)

type tenantCreateRequest struct {
	Name string `json:"name"`
}

type tenantCredentialsJSON struct {
	TenantID  string `json:"tenant_id"`
	AppID     string `json:"app_id"`
	AppSecret string `json:"app_secret"`
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
