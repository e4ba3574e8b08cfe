package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/wolfden/wolfden/auth"
	"github.com/wolfden/wolfden/internal/clienttoken"
	"github.com/wolfden/wolfden/sqlstore"
)

// printToken is "wolfden token": it reads the credentials serve wrote
// when it created the default tenant, trades them for an access token
// exactly as POST /auth/v2/token does (auth.Service.Exchange, on the
// same database the server uses), and prints one line for a shell to
// eval.
func printToken(ctx context.Context, args []string, stdout io.Writer, getenv env) error {
	var db string
	flags := newFlags("token", getenv, &db)
	explicit := credentialsFlag(flags, getenv)
	if err := parse(flags, args); err != nil {
		return err
	}
	path, err := credentialsPath(db, *explicit)
	if err != nil {
		return fmt.Errorf("--db: %w", err)
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no credentials file %s: wolfden serve writes it when it first starts on an empty database (%s)",
			path, describeDB(db))
	}
	if err != nil {
		return err
	}
	var creds credentials
	if err := json.Unmarshal(b, &creds); err != nil {
		return fmt.Errorf("%s is not a credentials file: %v", path, err)
	}
	if creds.TenantID == "" || creds.AppID == "" || creds.AppSecret == "" {
		return fmt.Errorf("%s lacks tenant_id, app_id or app_secret", path)
	}
	if sqlPath, err := sqlstore.SQLitePath(db); err == nil && !sqlstore.IsPostgres(db) {
		// Opening would create an empty database, which knows no one.
		if _, err := os.Stat(sqlPath); err != nil {
			return fmt.Errorf("no database %s beside %s: %w", db, path, err)
		}
	}
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	signed, err := clienttoken.Sign(creds.TenantID, creds.AppID, creds.AppSecret, time.Now())
	if err != nil {
		return err
	}
	token, err := auth.New(store, auth.Options{}).Exchange(ctx, signed, nil)
	if err != nil {
		return fmt.Errorf("the credentials in %s were refused by %s: %w", path, describeDB(db), err)
	}
	_, err = fmt.Fprintf(stdout, "export TOKEN=%s\n", token.Token)
	return err
}
