package main

import (
	"context"
	"io"
	"time"

	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/store"
)

// partnerCredentials is what partner create prints.
type partnerCredentials struct {
	PartnerID string `json:"partner_id"`
	AppID     string `json:"app_id"`
	AppSecret string `json:"app_secret"`
}

func createPartner(ctx context.Context, args []string, stdout io.Writer, getenv env) error {
	return createNamed(ctx, "partner create", args, stdout, getenv, func(store store.Store, name string) (any, error) {
		p, app, err := partner.NewPartner(name, time.Now())
		if err != nil {
			return nil, err
		}
		if err := store.CreatePartner(ctx, p, app); err != nil {
			return nil, err
		}
		return partnerCredentials{PartnerID: p.ID.String(), AppID: app.ID.String(), AppSecret: app.Secret}, nil
	})
}
