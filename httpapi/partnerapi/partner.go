package partnerapi

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/metrics"
	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/store"
)

// partnerRegions are the vendor's region codes.
var partnerRegions = []string{"us", "eu", "jp", "au", "sp"}

// InRegion answers 404 for a region the vendor does not have.
func (s *Handlers) InRegion(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if region := rest.PathParam(r, "region"); !slices.Contains(partnerRegions, region) {
			s.WriteError(w, r, wolfden.Errorf(wolfden.ENotFound, "%q is not a region: use one of %s",
				region, strings.Join(partnerRegions, ", ")))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// partnerOperation is a partner route's handler; it reaches only the
// caller's partner.
type partnerOperation func(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error

// partnerOp adapts a partnerOperation into a route that needs a partner
// token (a tenant token is refused), within the partner's rate, and hands
// it the caller's partner.
func (s *Handlers) Op(fn partnerOperation) http.Handler {
	return s.InRegion(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := rest.BearerToken(r)
		if !ok {
			s.WriteError(w, r, wolfden.Errorf(wolfden.EUnauthorized, "send Authorization: Bearer <partner access_token>"))
			return
		}
		err := s.CheckClient(r)
		var p *partner.Principal
		if err == nil {
			p, err = s.Auth.AuthenticatePartner(r.Context(), token)
			if wolfden.CodeOf(err) == wolfden.EUnauthorized {
				s.AuthFailed(r, err)
			}
		}
		if err == nil {
			rest.NotePartner(r, p.PartnerID, p.AppID)
			err = s.Limiter.Admit(p.PartnerID, s.Now())
		}
		if err == nil && s.Fault(w, r, faults.Identity{PartnerID: p.PartnerID, AppID: p.AppID}) {
			return
		}
		if err == nil {
			ctx := context.WithValue(r.Context(), partnerKey, p)
			err = fn(w, r.WithContext(ctx), s.Store.ForPartner(p.PartnerID))
		}
		if err != nil {
			s.WriteError(w, r, err)
		}
	}))
}

type partnerContextKey struct{}

var partnerKey partnerContextKey

// partnerPrincipal is the caller of a partner route.
func partnerPrincipal(r *http.Request) *partner.Principal {
	return r.Context().Value(partnerKey).(*partner.Principal)
}

// partnerToken is POST …/auth: HTTP Basic with the partner application's
// id and secret, and grant_type=client_credentials in a form body.
func (s *Handlers) Token(w http.ResponseWriter, r *http.Request) {
	issued := false
	defer func() { s.Metrics.TokenExchange(metrics.ExchangePartner, issued) }()
	appID, secret, ok := r.BasicAuth()
	if !ok {
		s.WriteError(w, r, wolfden.Errorf(wolfden.EUnauthorized, "send HTTP Basic with the application id and secret"))
		return
	}
	if err := s.CheckClient(r); err != nil {
		s.WriteError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.WriteError(w, r, wolfden.Errorf(wolfden.EInvalid, "the body must be a form (application/x-www-form-urlencoded): %v", err))
		return
	}
	if grant := r.PostForm.Get("grant_type"); grant != "client_credentials" {
		s.WriteError(w, r, wolfden.FieldErrorf("grant_type", "grant_type must be client_credentials, not %q", grant))
		return
	}
	tok, err := s.Auth.PartnerExchange(r.Context(), appID, secret)
	if wolfden.CodeOf(err) == wolfden.EUnauthorized {
		s.AuthFailed(r, err)
	}
	if err == nil {
		rest.NotePartner(r, tok.Principal.PartnerID, tok.Principal.AppID)
		err = s.Limiter.Admit(tok.Principal.PartnerID, s.Now())
	}
	if err != nil {
		s.WriteError(w, r, err)
		return
	}
	issued = true
	s.WriteJSON(w, r, http.StatusOK, rest.TokenResponse{
		AccessToken: tok.Token, ExpiresIn: int(tok.Expires.Sub(s.Now()).Seconds()), TokenType: "Bearer",
	})
}

// HealthCheck needs no token, as the vendor's.
func (s *Handlers) HealthCheck(w http.ResponseWriter, r *http.Request) {
	s.WriteJSON(w, r, http.StatusOK, "Version: wolfden | Environment: 'Emulator'")
}

// listEnvelope is the partner API's list shape.
type listEnvelope[T any] struct {
	ListData   []T `json:"listData"`
	TotalCount int `json:"totalCount"`
}

func newListEnvelope[T, W any](page wolfden.Page[T], wire func(*T) W) listEnvelope[W] {
	items := make([]W, len(page.Items))
	for i := range page.Items {
		items[i] = wire(&page.Items[i])
	}
	return listEnvelope[W]{ListData: items, TotalCount: page.Total}
}

// maxPartnerList bounds one partner-API list: the vendor's lists have no
// paging parameters.
const maxPartnerList = 10000

// partnerTenantJSON is a tenant as the partner API answers it. The
// vendor's pages show venueTenantId and name; the vendor's own
// python-cyapi examples also read id and createdDateTime. wolfden has one
// id per tenant, so id and venueTenantId are equal. What the partner
// provisioned the tenant with follows, under the provision body's names; a
// tenant no partner provisioned has none of it.
type partnerTenantJSON struct {
	ID                 string          `json:"id"`
	VenueTenantID      string          `json:"venueTenantId"`
	Name               string          `json:"name"`
	CreatedDateTime    rest.IsoSeconds `json:"createdDateTime"`
	*tenantProfileJSON `json:",inline"`
}

type tenantProfileJSON struct {
	Email                    string           `json:"email"`
	Address1                 string           `json:"address1"`
	Address2                 string           `json:"address2"`
	City                     string           `json:"city"`
	State                    string           `json:"state"`
	Country                  string           `json:"country"`
	ZipCode                  string           `json:"zipCode"`
	Phones                   []string         `json:"phones"`
	ProtectLicensesAllocated string           `json:"protectLicensesAllocated"`
	OpticsLicensesAllocated  string           `json:"opticsLicensesAllocated"`
	LicenseType              string           `json:"licenseType"`
	Term                     string           `json:"term"`
	ExpirationDate           *rest.IsoSeconds `json:"expirationDate"`
	FeatureIDs               []int            `json:"featureIds"`
}

func newPartnerTenantJSON(t *wolfden.Tenant) partnerTenantJSON {
	out := partnerTenantJSON{ID: t.ID.String(), VenueTenantID: t.ID.String(), Name: t.Name, CreatedDateTime: rest.IsoSeconds(t.Created)}
	if p := t.Profile; p != nil {
		out.tenantProfileJSON = &tenantProfileJSON{
			Email: p.Email, Address1: p.Address1, Address2: p.Address2, City: p.City, State: p.State,
			Country: p.Country, ZipCode: p.ZipCode, Phones: p.Phones,
			ProtectLicensesAllocated: strconv.Itoa(p.ProtectLicenses), OpticsLicensesAllocated: strconv.Itoa(p.OpticsLicenses),
			LicenseType: p.LicenseType, Term: p.Term, ExpirationDate: rest.OptionalISOSeconds(p.Expiration),
			FeatureIDs: p.FeatureIDs,
		}
	}
	return out
}

func (s *Handlers) ListTenants(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	page, err := p.Tenants(r.Context(), wolfden.PageRequest{Number: 1, Size: maxPartnerList})
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newListEnvelope(page, newPartnerTenantJSON))
	return nil
}

// provisionRequest is the provision body. Keys match case-insensitively,
// so the vendor examples' PascalCase (Name, Address1) works too.
type provisionRequest struct {
	Name                     string         `json:"name"`
	Email                    string         `json:"email"`
	Address1                 string         `json:"address1"`
	Address2                 string         `json:"address2"`
	City                     string         `json:"city"`
	State                    string         `json:"state"`
	Country                  string         `json:"country"`
	ZipCode                  string         `json:"zipCode"`
	Phones                   []string       `json:"phones"`
	ProtectLicensesAllocated wolfden.Scalar `json:"protectLicensesAllocated"`
	OpticsLicensesAllocated  wolfden.Scalar `json:"opticsLicensesAllocated"`
	LicenseType              string         `json:"licenseType"`
	Term                     string         `json:"term"`
	ExpirationDate           string         `json:"expirationDate"`
	FeatureIDs               []int          `json:"featureIds"`
}

// ProvisionTenant creates a full tenant (Default policy and all) owned by
// the caller's partner; a tenant name in use anywhere on the server is 409.
func (s *Handlers) ProvisionTenant(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	var req provisionRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	t, app, err := partner.NewPartnerTenant(p.PartnerID(), partner.TenantProvision(req), s.Now())
	if err != nil {
		return err
	}
	if err := s.Store.CreateTenant(r.Context(), t, app); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newPartnerTenantJSON(t))
	return nil
}

// TenantAppToken answers, as a JSON string, a tenant API token for one of
// the partner's tenants; another partner's tenant is 404.
func (s *Handlers) TenantAppToken(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := rest.PathID(r, "tenant", "tenant")
	if err != nil {
		return err
	}
	t, err := p.Tenant(r.Context(), id)
	if err != nil {
		return err
	}
	tok, err := s.Auth.TenantToken(r.Context(), partnerPrincipal(r).AppID, t.ID)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, tok.Token)
	return nil
}
