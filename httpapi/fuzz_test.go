package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// fuzzTarget is one server of FuzzAPI: a seeded tenant and the tokens that
// reach it.
type fuzzTarget struct {
	h                      *harness
	tenantToken, partnerTk string
}

// FuzzAPI sends arbitrary requests to the whole API in-process, on every
// backend, and fails on any 500, on an error that is not a JSON object with
// a message (but the empty 404 of a GET of one missing object), and on two
// backends answering one request with different statuses. Its seeds are
// the inputs that once broke it.
func FuzzAPI(f *testing.F) {
	for _, seed := range []struct {
		method, target, body string
		auth                 uint8
	}{
		{"GET", "/x/%FF", "", authNone},
		{"GET", "/%FF", "", authNone},
		{"GET", "/control/v1/%FF", "", authAdmin},
		{"GET", "/samples/%FF/x.zip", "", authNone},
		{"GET", "/detections/v2/severity?device=%FF", "", authTenant},
		{"GET", "/devices/v2/hostname/%00", "", authTenant},
		{"GET", "/users/v2?page=46116860184273881&page_size=200", "", authTenant},
		{"GET", "/threats/v2?page=9223372036854775807", "", authTenant},
		{"GET", "/devices/v2?page=1?page_size=20", "", authTenant},
		{"GET", "/rulesets/v2?sort=-nope", "", authTenant},
		{"POST", "/zones/v2", `{"name":"a\u0000b","policy_id":"00000000-0000-0000-0000-000000000000","criticality":"Low"}`, authTenant},
		{"POST", "/users/v2", `{"email":"a@example.org","first_name":"\u0000","last_name":"x","user_role":"00000000-0000-0000-0000-000000000001"}`, authTenant},
		{"POST", "/rules/v2", `{"name":"r\u0000","description":"d","severity":"High","rule":{}}`, authTenant},
		{"POST", "/policies/v2", `{"user_id":"00000000-0000-0000-0000-000000000000","policy":{"policy_name":"p\u0000"}}`, authTenant},
		{"POST", "/packages/v2", `{"name":"\u0000","description":"","category":"Collection"}`, authTenant},
		{"POST", "/foci/v2", `{"artifact":"File","value":"\u0000","match_type":"Fuzzy","device_id":"x"}`, authTenant},
		{"POST", "/instaqueries/v2", `{"name":"q","artifact":"File","match_value_type":"File.Path","match_values":["C:\\\u0000"],"zones":[]}`, authTenant},
		{"POST", "/auth/v2/token", `{"auth_token":"a.b.c"}`, authNone},
		{"POST", "/auth/v2/token", `{"auth_token":"eyJhbGciOiJub25lIn0.eyJleHAiOiIxNzk2NTg5NTM5In0."}`, authNone},
		{"PUT", "/zones/v2/00000000-0000-0000-0000-000000000000", `[]`, authTenant},
		{"DELETE", "/globallists/v2", `{"sha256":"` + strings.Repeat("A", 64) + `","list_type":"GlobalQuarantine"}`, authTenant},
		{"GET", "/public/v2/us/tenants/list?page=%FF", "", authPartner},
		{"POST", "/control/v1/tenants", `{"name":"\u0000"}`, authAdmin},
		{"GET", "/users/v2", "", authGarbage},
	} {
		f.Add(seed.method, seed.target, seed.body, seed.auth)
	}

	var targets []fuzzTarget
	for _, b := range sqltest.Backends() {
		h := newHarness(f, b, harnessOptions{adminToken: adminToken, discardLog: true})
		a := h.newTenant("A")
		h.do(http.MethodPost, "/control/v1/tenants/"+a.id.String()+"/seed", adminToken,
			map[string]any{"devices": 20, "threats": 10, "memory_events": 5, "detections": 10, "seed": 3}).want(200)
		_, partnerApp := h.newPartner("MSP")
		targets = append(targets, fuzzTarget{h: h, tenantToken: h.token(a), partnerTk: h.partnerToken(partnerApp)})
	}

	f.Fuzz(func(t *testing.T, method, target, body string, auth uint8) {
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		var first *httptest.ResponseRecorder
		for i, tg := range targets {
			req, err := http.NewRequest(method, "http://wolfden"+target, strings.NewReader(body))
			if err != nil {
				return // not a request a client can send
			}
			req.RemoteAddr = "192.0.2.1:1234"
			switch auth % authKinds {
			case authTenant:
				req.Header.Set("Authorization", "Bearer "+tg.tenantToken)
			case authAdmin:
				req.Header.Set("Authorization", "Bearer "+adminToken)
			case authPartner:
				req.Header.Set("Authorization", "Bearer "+tg.partnerTk)
			case authGarbage:
				req.Header.Set("Authorization", "Bearer x"+body)
			}
			rec := httptest.NewRecorder()
			tg.h.server.ServeHTTP(rec, req)
			checkFuzzAnswer(t, req, rec)
			if i == 0 {
				first = rec
			} else if rec.Code != first.Code && rec.Code != http.StatusTooManyRequests && first.Code != http.StatusTooManyRequests {
				t.Errorf("%s %s: %s answers %d, %s answers %d:\n%s\n%s", method, target, sqltest.Backends()[0].Name,
					first.Code, sqltest.Backends()[i].Name, rec.Code, first.Body, rec.Body)
			}
		}
	})
}

const (
	authNone = iota
	authTenant
	authAdmin
	authPartner
	authGarbage
	authKinds
)

// checkFuzzAnswer holds an answer to the status-code contract.
func checkFuzzAnswer(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	what := req.Method + " " + req.URL.String()
	if rec.Code >= 500 && rec.Code != http.StatusNotImplemented {
		t.Fatalf("%s: %d: %s", what, rec.Code, rec.Body)
	}
	if rec.Code < 400 {
		return
	}
	if rec.Body.Len() == 0 {
		if rec.Code != http.StatusNotFound || req.Method != http.MethodGet {
			t.Fatalf("%s: %d with an empty body", what, rec.Code)
		}
		return
	}
	var e struct {
		Message string `json:"message"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Message == "" ||
		rec.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("%s: %d is not a JSON error (Content-Type %q): %s", what, rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
}
