package httpapi_test

import (
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func TestPartnerUsers(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		partner, app := h.newPartner("Acme MSP")
		_, otherApp := h.newPartner("Other MSP")
		tok, otherTok := h.partnerToken(app), h.partnerToken(otherApp)

		// python-cyapi's create_mtc_user body.
		created := h.do(http.MethodPost, "/public/v2/us/users", tok, map[string]any{"email": "ann@example.org",
			"first_name": "Ann", "last_name": "Lee", "roleName": []string{"Partner Administrator"}}).want(200).json()
		id, _ := created["id"].(string)
		if _, err := uuid.Parse(id); err != nil || created["partnerId"] != partner.ID.String() ||
			created["first_name"] != "Ann" || !reflect.DeepEqual(created["roleName"], []any{"Partner Administrator"}) ||
			created["invitesSent"] != 1.0 {
			t.Fatalf("create answered %v", created)
		}
		h.do(http.MethodPost, "/public/us/users", tok, map[string]any{"email": "bob@example.org",
			"roleName": []string{"Partner Administrator"}}).want(200)

		for _, tt := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"no email", map[string]any{"roleName": []string{"Partner Administrator"}}, "email"},
			{"bad email", map[string]any{"email": "ann", "roleName": []string{"Partner Administrator"}}, "email"},
			{"no roles", map[string]any{"email": "c@example.org"}, "roleName"},
			{"empty roles", map[string]any{"email": "c@example.org", "roleName": []string{}}, "roleName"},
			{"blank role", map[string]any{"email": "c@example.org", "roleName": []string{"Partner Administrator", " "}}, "roleName[1]"},
			{"roles not a list", map[string]any{"email": "c@example.org", "roleName": "Partner Administrator"}, "roleName"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/public/v2/us/users", tok, tt.body).want(400)
				if f := res.json()["field"]; f != tt.field {
					t.Errorf("field %v, want %s: %s", f, tt.field, res.body)
				}
			})
		}
		// An e-mail is unique within the partner, not across partners.
		h.do(http.MethodPost, "/public/v2/us/users", tok, map[string]any{"email": "ANN@example.org",
			"roleName": []string{"Partner Administrator"}}).want(409)
		h.do(http.MethodPost, "/public/v2/us/users", otherTok, map[string]any{"email": "ann@example.org",
			"roleName": []string{"Partner Administrator"}}).want(200)

		list := h.do(http.MethodGet, "/public/v2/us/users/list", tok, nil).want(200).json()
		items := typed.As[[]any](t, list["listData"])
		if list["totalCount"] != 2.0 || typed.As[map[string]any](t, items[0])["id"] != id {
			t.Errorf("list %v", list)
		}

		// Update takes the user object back; what it leaves out is kept.
		created["last_name"] = "Lee-Smith"
		updated := h.do(http.MethodPut, "/public/v2/us/users/"+id, tok, created).want(200).json()
		if updated["last_name"] != "Lee-Smith" || updated["first_name"] != "Ann" || updated["email"] != "ann@example.org" {
			t.Errorf("update answered %v", updated)
		}
		h.do(http.MethodPut, "/public/v2/us/users/"+id, tok, map[string]any{"email": "bob@example.org"}).want(409)
		h.do(http.MethodPut, "/public/v2/us/users/"+id, tok, map[string]any{"id": uuid.NewString()}).want(400)
		h.do(http.MethodPut, "/public/v2/us/users/"+id, tok, map[string]any{"roleName": []string{}}).want(400)
		if got := typed.As[map[string]any](t, typed.As[[]any](t, h.do(http.MethodGet, "/public/v2/us/users/list", tok, nil).json()["listData"])[0]); got["email"] != "ann@example.org" ||
			got["last_name"] != "Lee-Smith" || len(typed.As[[]any](t, got["roleName"])) != 1 {
			t.Errorf("refused updates changed the user: %v", got)
		}

		h.clock.Advance(10 * time.Minute)
		invited := h.do(http.MethodPost, "/public/v2/us/users/"+id+"/resend-invite", tok, nil).want(200).json()
		if invited["invitesSent"] != 2.0 || invited["inviteSentDate"] == created["inviteSentDate"] {
			t.Errorf("resend-invite answered %v", invited)
		}

		// Another partner reaches none of it.
		h.do(http.MethodPut, "/public/v2/us/users/"+id, otherTok, map[string]any{"first_name": "x"}).want(404)
		h.do(http.MethodPost, "/public/v2/us/users/"+id+"/resend-invite", otherTok, nil).want(404)
		h.do(http.MethodDelete, "/public/v2/us/users/"+id, otherTok, nil).want(404)

		h.do(http.MethodDelete, "/public/v2/us/users/"+id, tok, nil).want(200)
		h.do(http.MethodDelete, "/public/v2/us/users/"+id, tok, nil).want(404)
		h.do(http.MethodPut, "/public/v2/us/users/not-a-user", tok, map[string]any{}).want(404)
		if n := h.do(http.MethodGet, "/public/v2/us/users/list", tok, nil).json()["totalCount"]; n != 1.0 {
			t.Errorf("after delete, %v users", n)
		}
	})
}
