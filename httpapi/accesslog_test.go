package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// The access log has one line per request, with its id, route pattern,
// tenant, status and duration, and never a credential: not an access or
// auth token, an application secret, the admin token, a password or a
// signed link's signature.
func TestAccessLog(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		tn := h.newTenant("logged")
		authToken := sign(t, h.claims(tn), tn.app.Secret)
		tok := h.do(http.MethodPost, "/auth/v2/token", "", map[string]string{"auth_token": authToken}).want(200).field("access_token")
		device := h.register(tn, map[string]any{"name": "LOG-01", "host_name": "log-01.corp.example"})
		res := h.do(http.MethodGet, "/devices/v2/"+device, tok, nil).want(http.StatusOK)
		h.do(http.MethodGet, "/devices/v2/"+device, "not-a-real-token-0123456789", nil).want(http.StatusUnauthorized)
		h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": "log@example.org", "first_name": "L",
			"last_name": "G", "user_role": "00000000-0000-0000-0000-000000000001", "password": "hunter2-password"})
		link := h.do(http.MethodGet, "/devices/v2/installer?product=Protect&os=Windows&package=Msi&architecture=X64", tok, nil).want(200).field("url")
		_, query, _ := strings.Cut(link, "?")
		if dl, err := http.Get(link); err != nil || dl.StatusCode != http.StatusOK {
			t.Fatalf("GET the installer link: %v", err)
		} else {
			dl.Body.Close()
		}

		log := h.log.String()
		for _, secret := range []string{tok, authToken, tn.app.Secret, adminToken, "not-a-real-token-0123456789", "hunter2-password", query} {
			if strings.Contains(log, secret) {
				t.Errorf("the log holds a credential %.24q…", secret)
			}
		}
		var line string
		for _, l := range strings.Split(log, "\n") {
			if strings.Contains(l, "request_id="+res.header.Get("X-Request-Id")) && strings.Contains(l, "msg=request") {
				if line != "" {
					t.Errorf("two lines for one request:\n%s\n%s", line, l)
				}
				line = l
			}
		}
		for _, want := range []string{"method=GET", "route=/devices/v2/{device}", "tenant_id=" + tn.id.String(),
			"app_id=" + tn.app.ID.String(), "status=200", "duration="} {
			if !strings.Contains(line, want) {
				t.Errorf("the request's line lacks %s: %q", want, line)
			}
		}
	})
}
