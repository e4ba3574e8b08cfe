package main

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/sqlstore"
)

// partnerCredentials is what partner create prints.
type partnerCredentials struct {
	PartnerID string `json:"partner_id"`
	AppID     string `json:"app_id"`
	AppSecret string `json:"app_secret"`
}

func createPartner(ctx context.Context, args []string, stdout io.Writer, getenv env) error {
	var db, name string
	fs := newFlags("partner create", getenv, &db)
	fs.StringVar(&name, "name", "", "partner name")
	if err := parse(fs, args); err != nil {
		return err
	}
	if name == "" {
		return errors.New("--name is required")
	}
	p, app, err := wolfden.NewPartner(name, time.Now())
	if err != nil {
		return err
	}
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.CreatePartner(ctx, p, app); err != nil {
		return err
	}
	return printJSON(stdout, partnerCredentials{PartnerID: p.ID.String(), AppID: app.ID.String(), AppSecret: app.Secret})
}
