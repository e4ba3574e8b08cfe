// Package tlsca makes the certificates that let wolfden answer HTTPS under
// the vendor's own host names (docs/tls.md): a local certificate authority,
// and a server certificate it signs whose names cover loopback and every
// host of the vendor's API (VendorHosts). A client that trusts the CA and
// resolves a vendor host name to wolfden then talks to wolfden unchanged,
// https://protectapi.cylance.com and all.
//
// Only the standard library's crypto is used: ECDSA P-256 keys, in PKCS #8.
package tlsca

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// VendorHosts are the host names of the vendor's API, each of which the
// server certificate names:
//
//   - the Protect tenant API (User API v2), one host per region, as
//     https://protectapi{suffix}.cylance.com: North America (no suffix),
//     Asia-Pacific North "-apne1", Asia-Pacific Southeast "-au", Europe
//     Central "-euc1", South America "-sae1", and US Government in both
//     spellings the clients use: ".us" (the vendor's guide, Splunk SOAR's
//     connector, BlackBerry's samples) and "-us" (python-cyapi's region
//     table). The token exchange, POST /auth/v2/token, is on the same host:
//     there is no separate login host.
//   - the Multi-Tenant Console (partner) API, api-admin.cylance.com, whose
//     paths carry the region instead (/public/v2/{us,eu,jp,au,sp}).
//
// The console (protect.cylance.com), which wolfden does not serve, is not
// among them; "wolfden tls init --host" adds any other name.
var VendorHosts = []string{
	"protectapi.cylance.com",
	"protectapi-apne1.cylance.com",
	"protectapi-au.cylance.com",
	"protectapi-euc1.cylance.com",
	"protectapi-sae1.cylance.com",
	"protectapi.us.cylance.com",
	"protectapi-us.cylance.com",
	"api-admin.cylance.com",
}

// LoopbackHosts are the local names the server certificate also covers.
var LoopbackHosts = []string{"localhost", "127.0.0.1", "::1"}

// The files Init writes in its directory.
const (
	CACertFile = "ca.pem"
	CAKeyFile  = "ca-key.pem" // mode 0600
	CertFile   = "cert.pem"
	KeyFile    = "key.pem" // mode 0600
)

// The validity periods. A server certificate lives at most 825 days,
// the longest Apple's platforms accept for a TLS server certificate, and
// never past its CA.
const (
	CALifetime   = 10 * 365 * 24 * time.Hour
	CertLifetime = 825 * 24 * time.Hour
	// backdate keeps a new certificate valid on a machine whose clock is
	// a little behind the one that made it (a container, a VM).
	backdate = time.Hour
)

// CAName is the common name of the CA Init makes.
const CAName = "wolfden local CA"

// Options says what Init makes.
type Options struct {
	// Dir is the directory the files go in; it is made when missing, mode
	// 0755: clients running as other users read ca.pem from it, and the
	// keys in it are 0600 themselves.
	Dir string
	// Hosts are names and IP addresses the server certificate covers
	// beyond LoopbackHosts and VendorHosts.
	Hosts []string
	// Force replaces an existing server certificate and key. The CA is
	// never replaced: remove ca.pem and ca-key.pem for a new one.
	Force bool
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Result is what Init did.
type Result struct {
	// CACert, CAKey, Cert and Key are the files' paths.
	CACert, CAKey, Cert, Key string
	// CAReused is true when the CA was already in Dir and signed the new
	// certificate: clients that trust it need nothing new.
	CAReused bool
	// DNSNames and IPs are the names the server certificate covers.
	DNSNames []string
	IPs      []net.IP
	// NotAfter is when the server certificate expires.
	NotAfter time.Time
}

// Init makes, in opts.Dir, a server certificate for loopback, VendorHosts
// and opts.Hosts (cert.pem, key.pem), signed by the CA in ca.pem and
// ca-key.pem. When both CA files are there it reuses that CA, so that
// clients which trust it go on trusting the new certificate; when neither
// is, it makes a new CA first. It refuses to overwrite cert.pem or key.pem
// unless opts.Force, and a CA of which only one file is present, always.
// Private keys are written mode 0600.
func Init(opts Options) (*Result, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	dns, ips, err := names(opts.Hosts)
	if err != nil {
		return nil, err
	}
	dir := opts.Dir
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	r := &Result{
		CACert: filepath.Join(dir, CACertFile), CAKey: filepath.Join(dir, CAKeyFile),
		Cert: filepath.Join(dir, CertFile), Key: filepath.Join(dir, KeyFile),
		DNSNames: dns, IPs: ips,
	}
	if !opts.Force {
		for _, p := range []string{r.Cert, r.Key} {
			if exists, err := fileExists(p); err != nil {
				return nil, err
			} else if exists {
				return nil, fmt.Errorf("%s already exists: pass --force to replace the server certificate (the CA is kept)", p)
			}
		}
	}
	var written []string
	fail := func(err error) (*Result, error) {
		for _, p := range written {
			os.Remove(p)
		}
		return nil, err
	}

	caCert, caKey, err := loadCA(r.CACert, r.CAKey, now())
	switch {
	case err != nil:
		return nil, err
	case caCert != nil:
		r.CAReused = true
	default:
		var caPEM, caKeyPEM []byte
		caCert, caKey, caPEM, caKeyPEM, err = newCA(now())
		if err != nil {
			return nil, err
		}
		// The key first: a ca.pem without its key could not sign again.
		if err := writeFile(r.CAKey, caKeyPEM, 0o600, false); err != nil {
			return fail(err)
		}
		written = append(written, r.CAKey)
		if err := writeFile(r.CACert, caPEM, 0o644, false); err != nil {
			return fail(err)
		}
		written = append(written, r.CACert)
	}

	certPEM, keyPEM, notAfter, err := newServerCert(caCert, caKey, dns, ips, now())
	if err != nil {
		return fail(err)
	}
	if err := writeFile(r.Key, keyPEM, 0o600, opts.Force); err != nil {
		return fail(err)
	}
	written = append(written, r.Key)
	if err := writeFile(r.Cert, certPEM, 0o644, opts.Force); err != nil {
		return fail(err)
	}
	r.NotAfter = notAfter
	return r, nil
}

// names sorts the certificate's names into host names and addresses:
// LoopbackHosts, VendorHosts, then extra, each once.
func names(extra []string) ([]string, []net.IP, error) {
	var dns []string
	var ips []net.IP
	for _, h := range slices.Concat(LoopbackHosts, VendorHosts, extra) {
		h = strings.TrimSpace(h)
		if ip := net.ParseIP(strings.Trim(h, "[]")); ip != nil {
			if !slices.ContainsFunc(ips, ip.Equal) {
				ips = append(ips, ip)
			}
			continue
		}
		name := strings.ToLower(strings.TrimSuffix(h, "."))
		if err := checkHostName(name); err != nil {
			return nil, nil, fmt.Errorf("host %q: %v", h, err)
		}
		if !slices.Contains(dns, name) {
			dns = append(dns, name)
		}
	}
	return dns, ips, nil
}

// checkHostName accepts a DNS name, its first label possibly "*".
func checkHostName(name string) error {
	switch {
	case name == "":
		return errors.New("empty: give a host name or an IP address")
	case strings.Contains(name, "://"):
		return errors.New("give a host name, not a URL")
	case strings.Contains(name, ":"):
		return errors.New("give a host name without a port")
	case len(name) > 253:
		return errors.New("longer than 253 characters")
	}
	for i, label := range strings.Split(name, ".") {
		if i == 0 && label == "*" && strings.Contains(name, ".") {
			continue
		}
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("label %q is not a DNS label", label)
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return fmt.Errorf("label %q holds %q: a host name has letters, digits and hyphens", label, c)
			}
		}
	}
	return nil
}

func newKey() (*ecdsa.PrivateKey, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return key, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

func serialNumber() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
}

// newCA makes a self-signed CA that may sign server certificates only
// (path length 0).
func newCA(now time.Time) (*x509.Certificate, crypto.Signer, []byte, []byte, error) {
	key, keyPEM, err := newKey()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	serial, err := serialNumber()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	host, _ := os.Hostname()
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			CommonName:   CAName,
			Organization: []string{"wolfden"},
			// Tells this CA from another machine's in a trust store.
			OrganizationalUnit: []string{fmt.Sprintf("made on %s %s", host, now.UTC().Format(time.DateOnly))},
		},
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(CALifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return cert, key, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), keyPEM, nil
}

// newServerCert makes a server certificate for dns and ips signed by ca.
func newServerCert(ca *x509.Certificate, caKey crypto.Signer, dns []string, ips []net.IP, now time.Time) (certPEM, keyPEM []byte, notAfter time.Time, err error) {
	key, keyPEM, err := newKey()
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	serial, err := serialNumber()
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	notAfter = now.Add(CertLifetime)
	if notAfter.After(ca.NotAfter) {
		notAfter = ca.NotAfter
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "wolfden", Organization: []string{"wolfden"}},
		NotBefore:    now.Add(-backdate),
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     dns,
		IPAddresses:  ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, key.Public(), caKey)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), keyPEM, notAfter, nil
}

// loadCA reads the CA in certPath and keyPath: nil when neither file
// exists, an error when only one does or they are not a usable CA.
func loadCA(certPath, keyPath string, now time.Time) (*x509.Certificate, crypto.Signer, error) {
	certPEM, certErr := os.ReadFile(certPath)
	keyPEM, keyErr := os.ReadFile(keyPath)
	certMissing, keyMissing := errors.Is(certErr, fs.ErrNotExist), errors.Is(keyErr, fs.ErrNotExist)
	switch {
	case certMissing && keyMissing:
		return nil, nil, nil
	case certMissing:
		return nil, nil, fmt.Errorf("%s exists without %s: restore it, or remove both for a new CA (clients must then trust the new one)", keyPath, certPath)
	case keyMissing:
		return nil, nil, fmt.Errorf("%s exists without %s: restore it, or remove both for a new CA (clients must then trust the new one)", certPath, keyPath)
	case certErr != nil:
		return nil, nil, certErr
	case keyErr != nil:
		return nil, nil, keyErr
	}
	cert, err := parseCert(certPath, certPEM)
	if err != nil {
		return nil, nil, err
	}
	if !cert.IsCA || cert.KeyUsage&x509.KeyUsageCertSign == 0 {
		return nil, nil, fmt.Errorf("%s is not a CA certificate", certPath)
	}
	if now.After(cert.NotAfter) {
		return nil, nil, fmt.Errorf("the CA in %s expired on %s: remove %s and %s for a new one",
			certPath, cert.NotAfter.Format(time.DateOnly), certPath, keyPath)
	}
	key, err := parseKey(keyPath, keyPEM)
	if err != nil {
		return nil, nil, err
	}
	if pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(cert.PublicKey) {
		return nil, nil, fmt.Errorf("%s is not the key of %s", keyPath, certPath)
	}
	return cert, key, nil
}

func parseCert(path string, b []byte) (*x509.Certificate, error) {
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			return nil, fmt.Errorf("%s holds no PEM CERTIFICATE", path)
		}
		if block.Type == "CERTIFICATE" {
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
			return cert, nil
		}
	}
}

func parseKey(path string, b []byte) (crypto.Signer, error) {
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			return nil, fmt.Errorf("%s holds no PEM private key", path)
		}
		var key any
		var err error
		switch block.Type {
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			key, err = x509.ParseECPrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		default:
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		signer, ok := key.(crypto.Signer)
		if !ok {
			return nil, fmt.Errorf("%s: a %T cannot sign", path, key)
		}
		return signer, nil
	}
}

func fileExists(path string) (bool, error) {
	_, err := os.Lstat(path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	return false, err
}

// writeFile writes data to path with mode perm, whole or not at all: into
// a temporary file beside it, then renamed over path when replace, or
// linked to path, which fails if path exists, when not.
func writeFile(path string, data []byte, perm fs.FileMode, replace bool) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(perm) // CreateTemp's 0600, widened for a certificate
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if replace {
		return os.Rename(tmp, path)
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists", path)
		}
		return err
	}
	return nil
}

// ServerConfig loads the server certificate in certFile (followed by any
// intermediates) and its private key in keyFile into a TLS configuration
// for a server: TLS 1.2 at least. An error names the file at fault. It is
// what "wolfden serve --tls-cert --tls-key" calls.
//
// Serve the API's http.Server with Serve on
// httpapi.NewListener(tls.NewListener(ln, cfg)), not with ServeTLS: the
// JSON error rewriting must see the plaintext (httpapi.NewListener).
func ServerConfig(certFile, keyFile string) (*tls.Config, error) {
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf("TLS certificate: %w", err)
	}
	keyPEM, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("TLS key: %w", err)
	}
	leaf, err := parseCert(certFile, certPEM)
	if err != nil {
		return nil, err
	}
	if _, err := parseKey(keyFile, keyPEM); err != nil {
		return nil, err
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, fmt.Errorf("%s and %s: %w", certFile, keyFile, err)
	}
	if now := time.Now(); now.After(leaf.NotAfter) {
		return nil, fmt.Errorf("%s expired on %s", certFile, leaf.NotAfter.UTC().Format(time.RFC3339))
	}
	if leaf.IsCA {
		return nil, fmt.Errorf("%s is a CA certificate, not a server's (give cert.pem, not ca.pem)", certFile)
	}
	return &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{pair}}, nil
}

// CertPool returns a pool holding the certificates in the PEM file
// caFile: what a Go client's tls.Config.RootCAs takes to trust wolfden.
func CertPool(caFile string) (*x509.CertPool, error) {
	b, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		return nil, fmt.Errorf("%s holds no PEM certificate", caFile)
	}
	return pool, nil
}
