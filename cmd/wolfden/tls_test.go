package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden/internal/clienttoken"
	"github.com/wolfden/wolfden/tlsca"
)

// verifyHost checks cert.pem in dir against ca.pem in dir for host.
func verifyHost(t *testing.T, dir, host string) error {
	t.Helper()
	pool, err := tlsca.CertPool(filepath.Join(dir, tlsca.CACertFile))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, tlsca.CertFile))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatal("cert.pem holds no PEM block")
	}
	leaf, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	_, err = leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: pool})
	return err
}

func TestTLSInit(t *testing.T) {
	work := t.TempDir()
	t.Chdir(work)
	status, out, errOut := cli(t, nil, "tls", "init", "--host", "wolfden.lab", "--host", "ci.test,10.9.8.7")
	if status != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", status, errOut)
	}
	dir := filepath.Join(work, defaultTLSDir)
	ca := filepath.Join(dir, tlsca.CACertFile)
	for _, want := range []string{
		dir,
		"REQUESTS_CA_BUNDLE=" + ca,
		"SSL_CERT_FILE=" + ca,
		"--cacert " + ca,
		"cp " + ca + " /usr/local/share/ca-certificates/wolfden.crt && update-ca-certificates",
		"127.0.0.1 " + strings.Join(tlsca.VendorHosts, " ") + "\n",
		"--resolve protectapi.cylance.com:443:127.0.0.1",
		"--tls-cert " + filepath.Join(dir, tlsca.CertFile) + " --tls-key " + filepath.Join(dir, tlsca.KeyFile),
		"443",
		"wolfden.lab", "10.9.8.7",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout does not say %q:\n%s", want, out)
		}
	}
	for _, host := range append([]string{"localhost", "127.0.0.1", "wolfden.lab", "ci.test", "10.9.8.7"}, tlsca.VendorHosts...) {
		if err := verifyHost(t, dir, host); err != nil {
			t.Errorf("%s: %v", host, err)
		}
	}
	if err := verifyHost(t, dir, "example.com"); err == nil {
		t.Error("example.com verified")
	}
	for _, f := range []string{tlsca.CAKeyFile, tlsca.KeyFile} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want mode 0600", f, fi.Mode().Perm(), err)
		}
	}
	if _, err := tlsca.ServerConfig(filepath.Join(dir, tlsca.CertFile), filepath.Join(dir, tlsca.KeyFile)); err != nil {
		t.Errorf("the files do not load as serve loads them: %v", err)
	}

	// Again: refused without --force, and nothing changes.
	read := func(f string) string {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		return string(b)
	}
	caBefore, certBefore := read(tlsca.CACertFile), read(tlsca.CertFile)
	status, out, errOut = cli(t, nil, "tls", "init")
	if status != 1 || out != "" || !strings.Contains(errOut, "--force") || !strings.Contains(errOut, tlsca.CertFile) {
		t.Fatalf("second init: exit %d, stdout %q, stderr %q; want exit 1 naming cert.pem and --force", status, out, errOut)
	}
	if read(tlsca.CertFile) != certBefore {
		t.Error("cert.pem changed by a refused init")
	}

	// With --force a new certificate, signed by the same CA.
	status, out, errOut = cli(t, nil, "tls", "init", "--force", "--dir", defaultTLSDir)
	if status != 0 || !strings.Contains(out, "CA already in") {
		t.Fatalf("init --force: exit %d, stdout %q, stderr %q", status, out, errOut)
	}
	if read(tlsca.CACertFile) != caBefore || read(tlsca.CertFile) == certBefore {
		t.Error("init --force: want the CA kept and the certificate replaced")
	}
	if err := verifyHost(t, dir, "wolfden.lab"); err == nil {
		t.Error("wolfden.lab still named without --host")
	}
}

func TestTLSInitRefusals(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"tls", "init", "--dir", dir, "stray"},
		{"tls", "init", "--dir", dir, "--host", "https://protectapi.cylance.com"},
		{"tls", "init", "--dir", dir, "--host", "wolfden.lab:8443"},
		{"tls", "init", "--dir", dir, "--bogus"},
	} {
		if status, out, errOut := cli(t, nil, args...); status != 1 || out != "" || errOut == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and a message", args, status, out, errOut)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("refused commands wrote %v", entries)
	}
	for _, args := range [][]string{{"tls"}, {"tls", "renew"}} {
		if status, _, errOut := cli(t, nil, args...); status != 2 || !strings.Contains(errOut, "unknown command") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and unknown command", args, status, errOut)
		}
	}
	if status, out, _ := cli(t, nil, "tls", "init", "-h"); status != 0 || !strings.Contains(out, "wolfden tls init [--dir DIR] [--host NAME ...] [--force]") {
		t.Errorf("tls init -h: exit %d; want the help text naming tls init", status)
	}
}

// serve --tls-cert/--tls-key answers HTTPS under the vendor's host name to
// a client that trusts the CA tls init made, links name https, and
// wolfden health finds it over HTTPS.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	if status, _, errOut := cli(t, nil, "tls", "init", "--dir", dir); status != 0 {
		t.Fatalf("tls init: %s", errOut)
	}
	environ := map[string]string{
		"WOLFDEN_TLS_CERT": filepath.Join(dir, tlsca.CertFile),
		"WOLFDEN_TLS_KEY":  filepath.Join(dir, tlsca.KeyFile),
	}
	db := filepath.Join(t.TempDir(), "w.db")
	srv := serveInProcess(t, environ, "--db", db, "--addr", "127.0.0.1:0", "--no-demo")
	if !strings.HasPrefix(srv.url, "https://") {
		t.Fatalf("serving on %s", srv.url)
	}
	pool, err := tlsca.CertPool(filepath.Join(dir, tlsca.CACertFile))
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(srv.url, "https://")
	client := &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool},
		// The name, not the machine's hosts file, points at the server.
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
	creds := readCredentialsFile(t, credsFileOf(t, db))
	signed, err := clienttoken.Sign(creds.TenantID, creds.AppID, creds.AppSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	res, err := client.Post("https://protectapi.cylance.com/auth/v2/token", "application/json",
		strings.NewReader(`{"auth_token": "`+signed+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("token exchange over TLS: %d", res.StatusCode)
	}
	if status, out, errOut := cli(t, map[string]string{"WOLFDEN_ADDR": addr, "WOLFDEN_TLS_CERT": environ["WOLFDEN_TLS_CERT"]}, "health"); status != 0 {
		t.Errorf("health over TLS: exit %d, %q %q", status, out, errOut)
	}
	srv.stop(t)
	if !strings.Contains(srv.stderr, "public_url=https://127.0.0.1:") {
		t.Errorf("links do not default to https: %s", srv.stderr)
	}
}
