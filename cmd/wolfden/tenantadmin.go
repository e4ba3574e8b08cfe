package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/sqlstore"
	"github.com/wolfden/wolfden/store"
)

// listTenants is "wolfden tenant list": every tenant, by name.
func listTenants(ctx context.Context, args []string, stdout io.Writer, getenv env) error {
	var db string
	fs := newFlags("tenant list", getenv, &db)
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := sqlstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	tenants, err := st.Tenants(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "TENANT ID\tNAME\tCREATED")
	for _, t := range tenants {
		fmt.Fprintf(w, "%s\t%s\t%s\n", t.ID, t.Name, t.Created.UTC().Format(time.RFC3339))
	}
	return w.Flush()
}

// deleteTenant is "wolfden tenant delete NAME|ID": the tenant and all it
// owns. A running server refuses the tenant's access tokens once it
// verifies them afresh (docs/control-plane.md).
func deleteTenant(ctx context.Context, args []string, stdout io.Writer, getenv env) error {
	var db string
	fs := newFlags("tenant delete", getenv, &db)
	ref, err := parseTenantRef(fs, args)
	if err != nil {
		return err
	}
	st, err := sqlstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	t, err := findTenant(ctx, st, ref)
	if err != nil {
		return err
	}
	if err := st.DeleteTenant(ctx, t.ID); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "deleted tenant %q (%s)\n", t.Name, t.ID)
	return err
}

// showCredentials is "wolfden tenant credentials NAME|ID": the tenant's
// oldest application's credentials, as "tenant create" printed them.
// wolfden stores the secret because it verifies clients' HS256
// signatures with it.
func showCredentials(ctx context.Context, args []string, stdout io.Writer, getenv env) error {
	var db string
	fs := newFlags("tenant credentials", getenv, &db)
	ref, err := parseTenantRef(fs, args)
	if err != nil {
		return err
	}
	st, err := sqlstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	t, err := findTenant(ctx, st, ref)
	if err != nil {
		return err
	}
	apps, err := st.ForTenant(t.ID).Applications(ctx)
	if err != nil {
		return err
	}
	if len(apps) == 0 {
		return fmt.Errorf("tenant %q has no application", t.Name)
	}
	return printJSON(stdout, credentials{TenantID: t.ID.String(), AppID: apps[0].ID.String(), AppSecret: apps[0].Secret})
}

// parseTenantRef parses flags around the one argument naming a tenant.
func parseTenantRef(fs *flag.FlagSet, args []string) (string, error) {
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() == 0 {
		return "", errors.New("name the tenant: its name or id")
	}
	ref := fs.Arg(0)
	return ref, parse(fs, fs.Args()[1:])
}

// findTenant finds a tenant by id or, failing that, by name in any case.
func findTenant(ctx context.Context, st store.Store, ref string) (*wolfden.Tenant, error) {
	if id, ok := wolfden.ParseID(ref); ok {
		return st.Tenant(ctx, id)
	}
	tenants, err := st.Tenants(ctx)
	if err != nil {
		return nil, err
	}
	for i := range tenants {
		if strings.EqualFold(tenants[i].Name, strings.TrimSpace(ref)) {
			return &tenants[i], nil
		}
	}
	return nil, fmt.Errorf("no tenant is named %q", ref)
}
