package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"strings"

	"github.com/wolfden/wolfden/sqlstore"
)

// credentialsSuffix ends the name of the file serve writes the default
// tenant's credentials to. The file is named after its database, so that
// two databases in one folder never share one.
const credentialsSuffix = ".credentials.json"

// credentialsFlag adds --credentials (WOLFDEN_CREDENTIALS) to fs: the
// file of the default tenant's credentials, when not the database's own.
func credentialsFlag(fs *flag.FlagSet, getenv env) *string {
	return fs.String("credentials", getenv("WOLFDEN_CREDENTIALS"),
		"the default tenant's credentials file (default: named after the database)")
}

// credentialsPath is where serve writes the default tenant's credentials
// and "wolfden token" reads them: explicit when given; else beside a
// SQLite database, named after it (w.db → w.db.credentials.json); else,
// for PostgreSQL, in the working directory, named after the server and
// database (wolfden-postgres-HOST-PORT-DB.credentials.json).
func credentialsPath(db, explicit string) (string, error) {
	if explicit != "" {
		return explicit, nil
	}
	if !sqlstore.IsPostgres(db) {
		path, err := sqlstore.SQLitePath(db)
		if err != nil {
			return "", err
		}
		return path + credentialsSuffix, nil
	}
	u, err := url.Parse(db)
	if err != nil {
		return "", fmt.Errorf("the database URL does not parse; name the credentials file with --credentials")
	}
	name := strings.Join([]string{"wolfden-postgres", u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/"), u.Query().Get("search_path")}, "-")
	return unsafeFileChars.ReplaceAllString(strings.TrimRight(name, "-"), "_") + credentialsSuffix, nil
}

var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]`)

// errCredentialsExist refuses to overwrite a credentials file: it holds
// the only copy of another database's secret.
var errCredentialsExist = errors.New("exists")

// writeCredentialsFile writes data to path, readable by its owner only.
// Unless overwrite, a file already there is left alone and an error says
// what to do.
func writeCredentialsFile(path string, data []byte, overwrite bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if overwrite {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if errors.Is(err, fs.ErrExist) && !overwrite {
		return fmt.Errorf("the credentials file %s %w, perhaps from another database, and may hold the only copy of its secret: "+
			"move it, name another file with --credentials, or pass --overwrite-credentials", path, errCredentialsExist)
	}
	if err != nil {
		return fmt.Errorf("write the credentials file: %w", err)
	}
	// OpenFile keeps an existing file's mode: make it private whatever it was.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("write the credentials file %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write the credentials file %s: %w", path, err)
	}
	return f.Close()
}
