package tlsca_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi"
	"github.com/wolfden/wolfden/internal/clienttoken"
	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/server"
	"github.com/wolfden/wolfden/sqlstore"
	"github.com/wolfden/wolfden/tlsca"
)

// tlsServer starts wolfden over TLS with the certificate tls init makes,
// its listener wrapped as serve wraps it, and answers the server's
// loopback address, the CA file and the default tenant.
func tlsServer(t *testing.T) (addr, caFile string, tenant *wolfden.Tenant, app *wolfden.Application) {
	t.Helper()
	r, err := tlsca.Init(tlsca.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := tlsca.ServerConfig(r.Cert, r.Key)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	st, err := sqlstore.Open(ctx, sqlstore.Memory)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	tenant, app, err = wolfden.NewTenant("default", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateTenant(ctx, tenant, app); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.RunDemo(ctx, st.ForTenant(tenant.ID), time.Now()); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	addr = ts.Listener.Addr().String()
	assembled := server.New(server.Config{Store: st, API: httpapi.Config{PublicURL: "https://protectapi.cylance.com"}})
	ts.Config.Handler = assembled.API
	// TLS inside, the JSON error rewriting outside, on the plaintext.
	ts.Listener = httpapi.NewListener(tls.NewListener(ts.Listener, cfg))
	ts.Start()
	t.Cleanup(ts.Close)
	return addr, r.CACert, tenant, app
}

// vendorClient is an HTTP client as a vendor SDK's, changed in two things
// only: it trusts the CA in caFile, and it resolves the vendor's host
// names to addr (what a hosts-file line does), whatever port it dials.
func vendorClient(t *testing.T, caFile, addr string, hosts ...string) *http.Client {
	t.Helper()
	pool, err := tlsca.CertPool(caFile)
	if err != nil {
		t.Fatal(err)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = &tls.Config{RootCAs: pool}
	var dialer net.Dialer
	transport.DialContext = func(ctx context.Context, network, hostPort string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(hostPort)
		if err == nil {
			for _, h := range hosts {
				if host == h {
					return dialer.DialContext(ctx, network, addr)
				}
			}
		}
		return dialer.DialContext(ctx, network, hostPort)
	}
	t.Cleanup(transport.CloseIdleConnections)
	return &http.Client{Transport: transport, Timeout: 10 * time.Second}
}

// TestVendorHostNamesOverTLS reaches wolfden at the vendor's own URLs, as
// python-cyapi builds them from a region name, with nothing but the CA
// trusted and the names resolved to wolfden: the token exchange, then a
// device list.
func TestVendorHostNamesOverTLS(t *testing.T) {
	addr, caFile, tenant, app := tlsServer(t)
	client := vendorClient(t, caFile, addr, "protectapi.cylance.com", "protectapi-euc1.cylance.com", "protectapi.us.cylance.com")

	for _, base := range []string{"https://protectapi.cylance.com", "https://protectapi-euc1.cylance.com", "https://protectapi.us.cylance.com"} {
		signed, err := clienttoken.Sign(tenant.ID.String(), app.ID.String(), app.Secret, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(map[string]string{"auth_token": signed})
		resp, err := client.Post(base+"/auth/v2/token", "application/json; charset=utf-8", bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: token exchange: %v", base, err)
		}
		var token struct {
			AccessToken string `json:"access_token"`
		}
		err = json.NewDecoder(resp.Body).Decode(&token)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil || token.AccessToken == "" {
			t.Fatalf("%s: token exchange: %s, %v", base, resp.Status, err)
		}
		if resp.TLS == nil || resp.TLS.Version < tls.VersionTLS12 {
			t.Fatalf("%s: answered without TLS 1.2 or better: %+v", base, resp.TLS)
		}

		req, _ := http.NewRequest(http.MethodGet, base+"/devices/v2?page=1&page_size=10", nil)
		req.Header.Set("Authorization", "Bearer "+token.AccessToken)
		resp, err = client.Do(req)
		if err != nil {
			t.Fatalf("%s: GET /devices/v2: %v", base, err)
		}
		var page struct {
			PageItems          []map[string]any `json:"page_items"`
			TotalNumberOfItems int              `json:"total_number_of_items"`
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || err != nil || len(page.PageItems) == 0 {
			t.Fatalf("%s: GET /devices/v2: %s, %v, %d devices", base, resp.Status, err, len(page.PageItems))
		}
	}

	// A name the certificate does not cover is refused by the client,
	// though it reaches the same server.
	other := vendorClient(t, caFile, addr, "protectapi.example.com")
	if resp, err := other.Get("https://protectapi.example.com/devices/v2"); err == nil {
		resp.Body.Close()
		t.Fatal("a host name outside the certificate was accepted")
	}
	// And a client that does not trust the CA refuses the right name.
	untrusting := vendorClient(t, caFile, addr, "protectapi.cylance.com")
	untrusting.Transport.(*http.Transport).TLSClientConfig = &tls.Config{}
	if resp, err := untrusting.Get("https://protectapi.cylance.com/devices/v2"); err == nil {
		resp.Body.Close()
		t.Fatal("a client without the CA accepted the certificate")
	}
}

// TestPlainErrorsOverTLSAreJSON checks the listener order serve must use:
// net/http's own answers (here to a header line it cannot parse) are
// still rewritten as JSON errors when the connection is TLS.
func TestPlainErrorsOverTLSAreJSON(t *testing.T) {
	addr, caFile, _, _ := tlsServer(t)
	pool, err := tlsca.CertPool(caFile)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool, ServerName: "protectapi.cylance.com"})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(conn, "GET /devices/v2 HTTP/1.1\r\nHost: protectapi.cylance.com\r\nno colon here\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusBadRequest || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !json.Valid(body) {
		t.Fatalf("%s, %s: %q, want a 400 JSON error", resp.Status, resp.Header.Get("Content-Type"), body)
	}
}
