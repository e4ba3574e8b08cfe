package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/auth"
	"github.com/wolfden/wolfden/sqlstore"
	"github.com/wolfden/wolfden/store"
)

// credentials is what tenant create prints and serve writes on first start.
type credentials struct {
	TenantID  string `json:"tenant_id,omitempty"`
	AppID     string `json:"app_id"`
	AppSecret string `json:"app_secret"`
}

func createTenant(ctx context.Context, args []string, stdout io.Writer, getenv env) error {
	return createNamed(ctx, "tenant create", args, stdout, getenv, func(store store.Store, name string) (any, error) {
		return newTenant(ctx, store, name)
	})
}

// createNamed runs a "… create --name NAME" command: it opens the store,
// makes the thing named and prints what create answers as JSON.
func createNamed(ctx context.Context, command string, args []string, stdout io.Writer, getenv env,
	create func(store store.Store, name string) (any, error)) error {
	var db, name string
	fs := newFlags(command, getenv, &db)
	fs.StringVar(&name, "name", "", "name")
	if err := parse(fs, args); err != nil {
		return err
	}
	if name == "" {
		return errors.New("--name is required")
	}
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	out, err := create(store, name)
	if err != nil {
		return err
	}
	return printJSON(stdout, out)
}

// newTenant creates a tenant with one all-privilege application.
func newTenant(ctx context.Context, store store.Store, name string) (credentials, error) {
	t, app, err := wolfden.NewTenant(name, time.Now())
	if err != nil {
		return credentials{}, err
	}
	if err := store.CreateTenant(ctx, t, app); err != nil {
		return credentials{}, err
	}
	return credentials{TenantID: t.ID.String(), AppID: app.ID.String(), AppSecret: app.Secret}, nil
}

func createApp(ctx context.Context, args []string, stdout io.Writer, getenv env) error {
	var db, tenant, name, scopeList string
	fs := newFlags("app create", getenv, &db)
	fs.StringVar(&tenant, "tenant", "", "tenant id")
	fs.StringVar(&name, "name", "", "application name")
	fs.StringVar(&scopeList, "scopes", "", "comma-separated scopes (default: all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	tenantID, ok := wolfden.ParseID(tenant)
	if !ok {
		return errors.New("--tenant must be a tenant id (a GUID)")
	}
	scopes := wolfden.AllScopes
	if scopeList != "" {
		var err error
		if scopes, err = wolfden.ParseScopeList(scopeList); err != nil {
			return err
		}
	}
	app, err := wolfden.NewApplication(tenantID, name, scopes, time.Now())
	if err != nil {
		return err
	}
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	// The vendor's console holds a tenant to MaxApplications; wolfden
	// creates applications only here.
	if apps, err := store.ForTenant(tenantID).Applications(ctx); err != nil {
		return err
	} else if len(apps) >= wolfden.MaxApplications {
		return fmt.Errorf("tenant %s has %d applications, the most a tenant may have", tenantID, len(apps))
	}
	if err := store.ForTenant(tenantID).CreateApplication(ctx, app); err != nil {
		return err
	}
	return printJSON(stdout, credentials{AppID: app.ID.String(), AppSecret: app.Secret})
}

func rotateKey(ctx context.Context, args []string, stdout io.Writer, getenv env) error {
	var db string
	if err := parse(newFlags("key rotate", getenv, &db), args); err != nil {
		return err
	}
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := auth.New(store, auth.Options{}).RotateKey(ctx); err != nil {
		return err
	}
	_, err = io.WriteString(stdout, "signing key rotated: access tokens issued before now are no longer accepted\n")
	return err
}

func printJSON(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}
