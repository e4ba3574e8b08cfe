package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// A GET of one object that does not exist answers 404 with an empty body:
// clients written against the live service (Cortex XSOAR's integration)
// read any body of it as the object. Every other 404 keeps its JSON error.
func TestMissingObjectReadIsAnEmpty404(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		_, partnerApp := h.newPartner("MSP")
		partnerTok := h.partnerToken(partnerApp)
		missing := uuid.NewString()
		for _, tt := range []struct {
			path, token string
			empty       bool
		}{
			{"/users/v2/" + missing, tok, true},
			{"/users/v2/not-an-id", tok, true},
			{"/zones/v2/" + missing, tok, true},
			{"/devices/v2/" + missing, tok, true},
			{"/threats/v2/" + strings.Repeat("AB", 32), tok, true},
			{"/policies/v2/" + missing, tok, true},
			{"/memoryprotection/v2/" + missing, tok, true},
			{"/rules/v2/" + missing, tok, true},
			{"/exceptions/v2/" + missing, tok, true},
			{"/rulesets/v2/" + missing, tok, true},
			{"/opticsPolicies/v2/configurations/" + missing, tok, true},
			{"/detections/v2/" + missing + "/details", tok, true},
			{"/foci/v2/" + missing, tok, true},
			{"/instaqueries/v2/" + missing, tok, true},
			{"/packages/v2/" + missing, tok, true},
			{"/packages/v2/executions/" + missing, tok, true},
			{"/public/v2/us/policy-templates/" + missing, partnerTok, true},
			// Not a read of one object: the JSON error stays.
			{"/devices/v2/" + missing + "/threats", tok, false},
			{"/threats/v2/" + strings.Repeat("AB", 32) + "/devices", tok, false},
			{"/rules/v2/" + missing + "/natlang", tok, false},
			{"/nothing/here", tok, false},
		} {
			t.Run(tt.path, func(t *testing.T) {
				res := h.sub(t).do(http.MethodGet, tt.path, tt.token, nil).want(http.StatusNotFound)
				if got := len(res.body) == 0; got != tt.empty {
					t.Errorf("empty body = %v, want %v: %q", got, tt.empty, res.body)
				}
				if !tt.empty && res.field("message") == "" {
					t.Errorf("JSON error without a message: %s", res.body)
				}
			})
		}
		// A missing object is a JSON 404 to every other method.
		h.do(http.MethodDelete, "/zones/v2/"+missing, tok, nil).want(http.StatusNotFound).json()
		// Authentication still comes first.
		h.do(http.MethodGet, "/zones/v2/"+missing, "", nil).want(http.StatusUnauthorized).json()
	})
}
