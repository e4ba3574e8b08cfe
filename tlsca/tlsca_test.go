package tlsca

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func readCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := parseCert(path, b)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// verify checks the server certificate in dir against the CA in dir for
// host, as a client that trusts only that CA does.
func verify(t *testing.T, dir, host string) error {
	t.Helper()
	pool, err := CertPool(filepath.Join(dir, CACertFile))
	if err != nil {
		t.Fatal(err)
	}
	leaf := readCert(t, filepath.Join(dir, CertFile))
	_, err = leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: pool, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	return err
}

func TestInitCoversVendorHosts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tls")
	r, err := Init(Options{Dir: dir, Hosts: []string{"wolfden.test", "10.1.2.3", "*.lab.test", "WolfDen.Test"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.CAReused {
		t.Error("CAReused on a first init")
	}
	for _, host := range slices.Concat(VendorHosts, LoopbackHosts, []string{"wolfden.test", "10.1.2.3", "a.lab.test"}) {
		if err := verify(t, dir, host); err != nil {
			t.Errorf("%s: %v", host, err)
		}
	}
	for _, host := range []string{"example.com", "protect.cylance.com", "evil-protectapi.cylance.com", "cylance.com", "10.1.2.4", "lab.test"} {
		if err := verify(t, dir, host); err == nil {
			t.Errorf("%s: verified, want refused", host)
		}
	}
	if n := strings.Count(strings.Join(r.DNSNames, " "), "wolfden.test"); n != 1 {
		t.Errorf("DNSNames = %v: wolfden.test %d times, want once", r.DNSNames, n)
	}

	ca := readCert(t, r.CACert)
	if !ca.IsCA || !ca.MaxPathLenZero || ca.Subject.CommonName != CAName || ca.CheckSignatureFrom(ca) != nil {
		t.Errorf("CA: IsCA %v, MaxPathLenZero %v, CN %q: want a self-signed CA named %q", ca.IsCA, ca.MaxPathLenZero, ca.Subject.CommonName, CAName)
	}
	if life := ca.NotAfter.Sub(ca.NotBefore); life < 9*365*24*time.Hour {
		t.Errorf("CA lives %v, want about ten years", life)
	}
	leaf := readCert(t, r.Cert)
	if leaf.IsCA || !slices.Equal(leaf.ExtKeyUsage, []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}) {
		t.Errorf("server certificate: IsCA %v, ExtKeyUsage %v", leaf.IsCA, leaf.ExtKeyUsage)
	}
	if life := leaf.NotAfter.Sub(time.Now()); life > CertLifetime || life < CertLifetime-2*time.Hour {
		t.Errorf("server certificate expires in %v, want %v", life, CertLifetime)
	}

	for path, want := range map[string]os.FileMode{r.CAKey: 0o600, r.Key: 0o600, r.CACert: 0o644, r.Cert: 0o644} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", filepath.Base(path), got, want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("%d files in the directory, want the 4 certificates and keys: %v", len(entries), entries)
	}
	if _, err := ServerConfig(r.Cert, r.Key); err != nil {
		t.Errorf("ServerConfig: %v", err)
	}
}

func TestInitRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	if _, err := Init(Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, f := range []string{CACertFile, CAKeyFile, CertFile, KeyFile} {
		before[f], _ = os.ReadFile(filepath.Join(dir, f))
	}
	_, err := Init(Options{Dir: dir, Hosts: []string{"other.test"}})
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("second Init without Force: %v, want a refusal naming --force", err)
	}
	for f, b := range before {
		if now, _ := os.ReadFile(filepath.Join(dir, f)); string(now) != string(b) {
			t.Errorf("%s changed by a refused Init", f)
		}
	}

	// With Force the server certificate is replaced, the CA kept, and the
	// new certificate verifies against the CA clients already trust.
	r, err := Init(Options{Dir: dir, Hosts: []string{"other.test"}, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if !r.CAReused {
		t.Error("CAReused = false with the CA in place")
	}
	for _, f := range []string{CACertFile, CAKeyFile} {
		if now, _ := os.ReadFile(filepath.Join(dir, f)); string(now) != string(before[f]) {
			t.Errorf("%s changed by Init with Force", f)
		}
	}
	if now, _ := os.ReadFile(filepath.Join(dir, CertFile)); string(now) == string(before[CertFile]) {
		t.Error("cert.pem unchanged by Init with Force")
	}
	if err := verify(t, dir, "other.test"); err != nil {
		t.Error(err)
	}
	for _, f := range []string{KeyFile, CAKeyFile} {
		if fi, _ := os.Stat(filepath.Join(dir, f)); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v after Force, want 0600", f, fi.Mode().Perm())
		}
	}
}

func TestInitReusesCA(t *testing.T) {
	dir := t.TempDir()
	first, err := Init(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := os.ReadFile(first.CACert)
	os.Remove(first.Cert)
	os.Remove(first.Key)
	r, err := Init(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(r.CACert); !r.CAReused || string(again) != string(ca) {
		t.Errorf("CAReused %v, CA unchanged %v: want the CA reused", r.CAReused, string(again) == string(ca))
	}
	if err := verify(t, dir, "protectapi.cylance.com"); err != nil {
		t.Error(err)
	}

	// Half a CA is refused, even with Force: which half is right?
	os.Remove(r.CAKey)
	if _, err := Init(Options{Dir: dir, Force: true}); err == nil || !strings.Contains(err.Error(), CAKeyFile) {
		t.Errorf("Init with ca.pem but no ca-key.pem: %v, want an error naming %s", err, CAKeyFile)
	}
	// A server certificate is not a CA.
	cert, _ := os.ReadFile(r.Cert)
	key, _ := os.ReadFile(r.Key)
	os.WriteFile(r.CACert, cert, 0o644)
	os.WriteFile(r.CAKey, key, 0o600)
	if _, err := Init(Options{Dir: dir, Force: true}); err == nil || !strings.Contains(err.Error(), "not a CA") {
		t.Errorf("Init over a non-CA ca.pem: %v, want refused", err)
	}
}

func TestInitRefusesBadHosts(t *testing.T) {
	for _, h := range []string{"", "https://protectapi.cylance.com", "wolfden.test:8443", "bad host", "-a.test", "a..test", "*"} {
		dir := t.TempDir()
		if _, err := Init(Options{Dir: dir, Hosts: []string{h}}); err == nil {
			t.Errorf("host %q accepted", h)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("host %q: files written: %v", h, entries)
		}
	}
	if _, err := Init(Options{Dir: t.TempDir(), Hosts: []string{"[fd00::1]", "Wolfden.Test."}}); err != nil {
		t.Errorf("bracketed IPv6 and a trailing dot: %v", err)
	}
}

func TestServerConfigErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	r, err := Init(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := ServerConfig(r.Cert, r.Key)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MinVersion < 0x0303 || len(cfg.Certificates) != 1 {
		t.Errorf("MinVersion %#x, %d certificates: want TLS 1.2 and one", cfg.MinVersion, len(cfg.Certificates))
	}

	other, err := Init(Options{Dir: filepath.Join(dir, "other")})
	if err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.pem")
	os.WriteFile(garbage, []byte("not PEM"), 0o600)
	missing := filepath.Join(dir, "missing.pem")
	for _, c := range []struct{ cert, key, want string }{
		{missing, r.Key, missing},
		{r.Cert, missing, missing},
		{garbage, r.Key, garbage},
		{r.Cert, garbage, garbage},
		{r.Key, r.Key, r.Key},           // a key given as the certificate
		{r.Cert, other.Key, other.Key},  // another certificate's key
		{r.CACert, r.CAKey, r.CACert},   // the CA instead of the server
		{r.Cert, r.CACert, r.CACert},    // a certificate given as the key
		{other.Cert, r.Key, other.Cert}, // the key's certificate mixed up
	} {
		_, err := ServerConfig(c.cert, c.key)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ServerConfig(%s, %s) = %v, want an error naming %s",
				filepath.Base(c.cert), filepath.Base(c.key), err, c.want)
		}
	}
}

func TestServerConfigRefusesExpired(t *testing.T) {
	dir := t.TempDir()
	past := time.Now().Add(-900 * 24 * time.Hour)
	r, err := Init(Options{Dir: dir, Now: func() time.Time { return past }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ServerConfig(r.Cert, r.Key); err == nil || !strings.Contains(err.Error(), "expired") {
		t.Errorf("ServerConfig of an expired certificate: %v", err)
	}
}
