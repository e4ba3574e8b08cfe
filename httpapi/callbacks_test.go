package httpapi_test

import (
	"context"
	"encoding/binary"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// countingServer is an HTTP server on loopback that counts its requests.
func countingServer(t *testing.T, handler http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if handler != nil {
			handler(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// serveDNS runs a DNS server on loopback that answers every A query with
// ip and every other query with no answer, and returns a resolver that
// asks it: real name resolution for names the test makes up.
func serveDNS(t *testing.T, ip netip.Addr) *net.Resolver {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			// A 12-byte header, then the question: its name's labels, a
			// zero byte, QTYPE and QCLASS. What follows (EDNS) is dropped.
			end := 12
			for end < n && buf[end] != 0 {
				end += int(buf[end]) + 1
			}
			if end += 5; end > n {
				continue
			}
			res := append([]byte(nil), buf[:end]...)
			res[2], res[3] = 0x81, 0x80 // a response; recursion desired and available; no error
			binary.BigEndian.PutUint16(res[6:], 0)
			binary.BigEndian.PutUint16(res[8:], 0)
			binary.BigEndian.PutUint16(res[10:], 0)
			if qtype := binary.BigEndian.Uint16(buf[end-4:]); qtype == 1 { // A
				binary.BigEndian.PutUint16(res[6:], 1)
				res = append(res, 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4) // the question's name, A, IN, TTL 60, 4 bytes
				res = append(res, ip.AsSlice()...)
			}
			pc.WriteTo(res, from)
		}
	}()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", pc.LocalAddr().String())
	}}
}

// requestCallback deletes a device with callback as its callback URL and
// waits until the server logged what became of the callback.
func (h *harness) requestCallback(callback string) {
	h.t.Helper()
	a := h.newTenant("A")
	device := h.register(a, map[string]any{"host_name": "one"})
	id := h.do(http.MethodDelete, "/devices/v2", h.token(a), map[string]any{
		"device_ids": []string{device}, "callback_url": callback}).want(200).field("request_id")
	eventually(h.t, "the callback's outcome in the log", func() bool {
		for _, line := range strings.Split(h.log.String(), "\n") {
			if strings.Contains(line, "request_id="+id) && strings.Contains(line, "callback") {
				return true
			}
		}
		return false
	})
}

func TestDeletionCallbackTargets(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		internal, internalHits := countingServer(t, nil)
		port := internal.URL[strings.LastIndex(internal.URL, ":"):]

		t.Run("a redirect is not followed", func(t *testing.T) {
			redirector, redirectorHits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, internal.URL+"/internal", http.StatusTemporaryRedirect)
			})
			internalHits.Store(0)
			h := newHarness(t, b, harnessOptions{adminToken: adminToken, callbackAllowlist: "localhost"})
			h.requestCallback("http://localhost" + redirector.URL[strings.LastIndex(redirector.URL, ":"):] + "/cb")
			if redirectorHits.Load() != 1 || internalHits.Load() != 0 {
				t.Errorf("the allowed host got %d requests, its redirect's target %d; want 1 and 0", redirectorHits.Load(), internalHits.Load())
			}
			if !strings.Contains(h.log.String(), "redirects are not followed") {
				t.Errorf("the log does not tell of the redirect: %s", h.log)
			}
		})

		t.Run("an allowed name resolving to loopback", func(t *testing.T) {
			internalHits.Store(0)
			h := newHarness(t, b, harnessOptions{adminToken: adminToken, callbackAllowlist: "hooks.wolfden.test",
				callbackResolver: serveDNS(t, netip.MustParseAddr("127.0.0.1"))})
			h.requestCallback("http://hooks.wolfden.test" + port + "/cb")
			if n := internalHits.Load(); n != 0 {
				t.Errorf("a name on the allowlist reached loopback (%d requests)", n)
			}
			if !strings.Contains(h.log.String(), "refused to dial 127.0.0.1") {
				t.Errorf("the log does not tell of the refused address: %s", h.log)
			}
		})

		t.Run("loopback named by a CIDR", func(t *testing.T) {
			internalHits.Store(0)
			h := newHarness(t, b, harnessOptions{adminToken: adminToken, callbackAllowlist: "hooks.wolfden.test, 127.0.0.0/8",
				callbackResolver: serveDNS(t, netip.MustParseAddr("127.0.0.1"))})
			h.requestCallback("http://hooks.wolfden.test" + port + "/cb")
			if n := internalHits.Load(); n != 1 {
				t.Errorf("the callback was sent %d times, want 1", n)
			}
		})

		t.Run("an address that no entry names", func(t *testing.T) {
			internalHits.Store(0)
			h := newHarness(t, b, harnessOptions{adminToken: adminToken, callbackAllowlist: "localhost, 10.0.0.0/8"})
			h.requestCallback(internal.URL + "/cb") // 127.0.0.1: "localhost" names the name only
			if n := internalHits.Load(); n != 0 {
				t.Errorf("the callback was sent %d times, want none", n)
			}
			if !strings.Contains(h.log.String(), "host not on WOLFDEN_CALLBACK_ALLOWLIST") {
				t.Errorf("the log does not tell of the refusal: %s", h.log)
			}
		})
	})
}
