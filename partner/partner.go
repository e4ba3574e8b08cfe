package partner

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// Partner is a managed-service provider on the Multi-Tenant Console: it
// owns tenants and reaches them through the partner API (docs/api/partner.md).
type Partner struct {
	ID      uuid.UUID
	Name    string
	Created time.Time
}

// Application is a partner's API credential: the id and secret of
// HTTP Basic on the partner token route.
type Application struct {
	ID        uuid.UUID
	PartnerID uuid.UUID
	Secret    string
	Created   time.Time
}

// NewPartner returns a new partner named name and its first application.
// Partner names follow the rules of tenant names.
func NewPartner(name string, now time.Time) (*Partner, *Application, error) {
	if err := wolfden.ValidateTenantName(name); err != nil {
		return nil, nil, err
	}
	p := &Partner{ID: uuid.New(), Name: strings.TrimSpace(name), Created: now}
	return p, &Application{ID: uuid.New(), PartnerID: p.ID, Secret: uuid.NewString(), Created: now}, nil
}

// Principal is who calls the partner API, from a valid partner
// token.
type Principal struct {
	PartnerID uuid.UUID
	AppID     uuid.UUID
}
