package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

const (
	roleUser     = "00000000-0000-0000-0000-000000000001"
	roleAdmin    = "00000000-0000-0000-0000-000000000002"
	roleReadOnly = "00000000-0000-0000-0000-000000000003"
	roleZoneMgr  = "00000000-0000-0000-0000-000000000004"
	zoneRoleMgr  = "00000000-0000-0000-0000-000000000001"
	zoneRoleNone = "00000000-0000-0000-0000-000000000000"
)

var isoSeconds = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$`)

func TestCreateAndGetUser(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)
		created := h.do(http.MethodPost, "/users/v2", tok, map[string]any{
			"email": "j.rivera@example.org", "user_role": roleUser, "first_name": "Jo", "last_name": "Rivera",
		}).want(200).json()

		want := map[string]any{
			"tenant_id": a.id.String(), "email": "j.rivera@example.org", "first_name": "Jo", "last_name": "Rivera",
			"has_logged_in": false, "role_type": roleUser, "role_name": "User",
			"default_zone_role_type": zoneRoleNone, "default_zone_role_name": "None",
			"date_last_login": nil, "date_email_confirmed": nil, "date_password_reset_sent": nil,
		}
		for k, v := range want {
			if created[k] != v {
				t.Errorf("%s = %#v, want %#v", k, created[k], v)
			}
		}
		for _, k := range []string{"date_created", "date_modified", "date_invite_sent"} {
			if s, _ := created[k].(string); !isoSeconds.MatchString(s) {
				t.Errorf("%s = %#v, want YYYY-MM-DDTHH:MM:SS", k, created[k])
			}
		}
		if zones, ok := created["zones"].([]any); !ok || len(zones) != 0 {
			t.Errorf("zones = %#v, want []", created["zones"])
		}
		id := typed.As[string](t, created["id"])
		if _, ok := wolfden.ParseID(id); !ok || id != strings.ToLower(id) {
			t.Errorf("id %q is not a lower-case GUID", id)
		}

		// By id in either GUID form, and by e-mail in any case or escaping.
		for _, key := range []string{id, strings.ToUpper(id), strings.ReplaceAll(id, "-", ""),
			"j.rivera@example.org", "J.Rivera@Example.ORG", "j.rivera%40example.org"} {
			got := h.do(http.MethodGet, "/users/v2/"+key, tok, nil).want(200).json()
			if got["id"] != id {
				t.Errorf("GET /users/v2/%s found %v", key, got["id"])
			}
		}

		// The same e-mail, in any case, is a conflict that changes nothing.
		h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": "J.RIVERA@example.org", "user_role": roleAdmin}).want(409)
		if n := h.do(http.MethodGet, "/users/v2", tok, nil).json()["total_number_of_items"]; n != 1.0 {
			t.Errorf("total_number_of_items = %v, want 1", n)
		}
	})
}

func TestCreateUserValidation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		zone := uuid.NewString()
		for _, tt := range []struct {
			name, body, field string
		}{
			{"missing email", `{"user_role": "` + roleUser + `"}`, "email"},
			{"null email", `{"email": null, "user_role": "` + roleUser + `"}`, "email"},
			{"blank email", `{"email": " ", "user_role": "` + roleUser + `"}`, "email"},
			{"not an e-mail", `{"email": "jo at example", "user_role": "` + roleUser + `"}`, "email"},
			{"display name", `{"email": "Jo <jo@example.org>", "user_role": "` + roleUser + `"}`, "email"},
			{"missing role", `{"email": "jo@example.org"}`, "user_role"},
			{"unknown role", `{"email": "jo@example.org", "user_role": "` + uuid.NewString() + `"}`, "user_role"},
			{"zone manager role is response-only", `{"email": "jo@example.org", "user_role": "` + roleZoneMgr + `"}`, "user_role"},
			{"email of wrong type", `{"email": 5, "user_role": "` + roleUser + `"}`, "email"},
			{"zones of wrong type", `{"email": "jo@example.org", "user_role": "` + roleUser + `", "zones": {}}`, "zones"},
			{"zone id of wrong type", `{"email": "jo@example.org", "user_role": "` + roleUser + `", "zones": [{"id": "` + zone + `", "role_type": "` + zoneRoleMgr + `"}, {"id": 7}]}`, "zones[1].id"},
			{"first name too long", `{"email": "jo@example.org", "user_role": "` + roleUser + `", "first_name": "` + strings.Repeat("é", 64) + `"}`, "first_name"},
			{"last name too long", `{"email": "jo@example.org", "user_role": "` + roleUser + `", "last_name": "` + strings.Repeat("x", 64) + `"}`, "last_name"},
			{"administrator with zones", `{"email": "jo@example.org", "user_role": "` + roleAdmin + `", "zones": [{"id": "` + zone + `", "role_type": "` + zoneRoleMgr + `"}]}`, "zones"},
			{"read-only with zones", `{"email": "jo@example.org", "user_role": "` + roleReadOnly + `", "zones": [{"id": "` + zone + `", "role_type": "` + zoneRoleMgr + `"}]}`, "zones"},
			{"zone id malformed", `{"email": "jo@example.org", "user_role": "` + roleUser + `", "zones": [{"id": "zone-1", "role_type": "` + zoneRoleMgr + `"}]}`, "zones[0].id"},
			{"zone role unknown", `{"email": "jo@example.org", "user_role": "` + roleUser + `", "zones": [{"id": "` + zone + `", "role_type": "` + roleZoneMgr + `"}]}`, "zones[0].role_type"},
			{"zone twice", `{"email": "jo@example.org", "user_role": "` + roleUser + `", "zones": [{"id": "` + zone + `", "role_type": "` + zoneRoleMgr + `"}, {"id": "` + zone + `", "role_type": "` + zoneRoleMgr + `"}]}`, "zones[1].id"},
			{"zone does not exist", `{"email": "jo@example.org", "user_role": "` + roleUser + `", "zones": [{"id": "` + zone + `", "role_type": "` + zoneRoleMgr + `"}]}`, "zones[0].id"},
			{"duplicate member", `{"email": "jo@example.org", "email": "x@example.org", "user_role": "` + roleUser + `"}`, "email"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/users/v2", tok, tt.body).want(400)
				if got := res.field("field"); got != tt.field {
					t.Errorf("field = %q, want %q; body %s", got, tt.field, res.body)
				}
			})
		}
		t.Run("syntax error has an offset", func(t *testing.T) {
			res := h.sub(t).do(http.MethodPost, "/users/v2", tok, `{"email": "jo@example.org" "user_role": 1}`).want(400)
			if off, ok := res.json()["offset"].(float64); !ok || off != 27 {
				t.Errorf("offset = %v, want 27; body %s", res.json()["offset"], res.body)
			}
		})
		if n := h.do(http.MethodGet, "/users/v2", tok, nil).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("refused creates stored %v users", n)
		}
		// Member names match case-insensitively and unknown members are
		// ignored, as the vendor's service does.
		h.do(http.MethodPost, "/users/v2", tok, `{"Email": "jo@example.org", "USER_ROLE": "`+roleUser+`", "id": "ignored"}`).want(200)
	})
}

func TestUpdateUser(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		user := h.do(http.MethodPost, "/users/v2", tok, map[string]any{
			"email": "sam@example.org", "user_role": roleAdmin, "first_name": "Sam", "last_name": "Lee"}).want(200).json()
		h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": "taken@example.org", "user_role": roleAdmin}).want(200)
		path := "/users/v2/" + typed.As[string](t, user["id"])

		h.clock.Advance(10 * time.Minute)
		got := h.do(http.MethodPut, path, tok, map[string]any{
			"email": "auditor@example.org", "user_role": roleReadOnly, "first_name": "Samantha", "zones": []any{}}).want(200).json()
		if got["email"] != "auditor@example.org" || got["role_type"] != roleReadOnly || got["role_name"] != "Read-Only" ||
			got["first_name"] != "Samantha" || got["last_name"] != "Lee" || got["date_modified"] == user["date_modified"] ||
			got["date_created"] != user["date_created"] {
			t.Errorf("after PUT: %v", got)
		}
		// A client that PUTs back the object it read (with read-only
		// members) changes only what it may.
		got["last_name"] = "Rivera"
		h.do(http.MethodPut, path, tok, got).want(200)
		if again := h.do(http.MethodGet, path, tok, nil).want(200).json(); again["last_name"] != "Rivera" || again["email"] != "auditor@example.org" {
			t.Errorf("after PUT of the read object: %v", again)
		}

		h.do(http.MethodPut, path, tok, map[string]any{"email": "TAKEN@example.org"}).want(409)
		h.do(http.MethodPut, path, tok, map[string]any{"user_role": roleZoneMgr}).want(400)
		h.do(http.MethodPut, path, tok, `{"email": `).want(400)
		h.do(http.MethodPut, path, tok, map[string]any{"user_role": roleUser, "zones": []any{
			map[string]any{"id": uuid.NewString(), "role_type": zoneRoleMgr}}}).want(400)
		if final := h.do(http.MethodGet, path, tok, nil).want(200).json(); final["email"] != "auditor@example.org" || final["role_type"] != roleReadOnly {
			t.Errorf("refused updates changed the user: %v", final)
		}
		h.do(http.MethodPut, "/users/v2/"+uuid.NewString(), tok, map[string]any{"first_name": "x"}).want(404)
		h.do(http.MethodPut, "/users/v2/auditor@example.org", tok, map[string]any{"first_name": "x"}).want(404)
	})
}

func TestDeleteUser(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		id := h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": "gone@example.org", "user_role": roleUser}).want(200).field("id")
		if res := h.do(http.MethodDelete, "/users/v2/"+id, tok, nil).want(200); len(res.body) != 0 {
			t.Errorf("DELETE body = %q, want empty", res.body)
		}
		h.do(http.MethodGet, "/users/v2/"+id, tok, nil).want(404)
		h.do(http.MethodDelete, "/users/v2/"+id, tok, nil).want(404)
		// The address is free again.
		h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": "gone@example.org", "user_role": roleUser}).want(200)
	})
}

func TestInviteAndPasswordReset(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)
		user := h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": "new@example.org", "user_role": roleUser}).want(200).json()
		id := typed.As[string](t, user["id"])

		h.clock.Advance(10 * time.Minute)
		if res := h.do(http.MethodPost, "/users/v2/new@example.org/invite", tok, nil).want(200); len(res.body) != 0 {
			t.Errorf("invite body = %q, want empty", res.body)
		}
		h.do(http.MethodPost, "/users/v2/NEW@example.org/resetpassword", tok, nil).want(200)
		got := h.do(http.MethodGet, "/users/v2/"+id, tok, nil).want(200).json()
		sent := h.clock.Now().UTC().Format("2006-01-02T15:04:05")
		if got["date_invite_sent"] != sent || got["date_password_reset_sent"] != sent {
			t.Errorf("sent dates = %v, %v; want %s", got["date_invite_sent"], got["date_password_reset_sent"], sent)
		}
		h.do(http.MethodPost, "/users/v2/nobody@example.org/invite", tok, nil).want(404)
		h.do(http.MethodPost, "/users/v2/nobody@example.org/resetpassword", tok, nil).want(404)

		// A user who has logged in has nothing to be invited to.
		uid, _ := wolfden.ParseID(id)
		if _, err := h.store.ForTenant(a.id).UpdateUser(context.Background(), uid, func(u *wolfden.User) error {
			u.HasLoggedIn = true
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		h.do(http.MethodPost, "/users/v2/new@example.org/invite", tok, nil).want(400)

		// The documented scope (user:read) and the logical one (user:update) both do.
		for _, scope := range []wolfden.Scope{wolfden.ScopeUserRead, wolfden.ScopeUserUpdate} {
			limited := h.token(h.newApp(a, scope))
			h.do(http.MethodPost, "/users/v2/new@example.org/resetpassword", limited, nil).want(200)
		}
		h.do(http.MethodPost, "/users/v2/new@example.org/resetpassword", h.token(h.newApp(a, wolfden.ScopeUserList)), nil).want(403)
	})
}

func TestUserRoutesNeedTheirScope(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		id := h.do(http.MethodPost, "/users/v2", h.token(a), map[string]any{"email": "u@example.org", "user_role": roleUser}).want(200).field("id")
		routes := []struct {
			method, path string
			scope        wolfden.Scope
			body         any
		}{
			{"POST", "/users/v2", wolfden.ScopeUserCreate, map[string]any{"email": "v@example.org", "user_role": roleUser}},
			{"GET", "/users/v2", wolfden.ScopeUserList, nil},
			{"GET", "/users/v2/" + id, wolfden.ScopeUserRead, nil},
			{"PUT", "/users/v2/" + id, wolfden.ScopeUserUpdate, map[string]any{"first_name": "U"}},
			{"DELETE", "/users/v2/" + id, wolfden.ScopeUserDelete, nil},
		}
		for _, rt := range routes {
			t.Run(rt.method+" "+rt.path, func(t *testing.T) {
				h.sub(t).wantScope(a, rt.method, rt.path, rt.scope, rt.body)
			})
		}
	})
}

func TestUserPagination(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		empty := h.do(http.MethodGet, "/users/v2", tok, nil).want(200).json()
		if empty["total_pages"] != 0.0 || empty["total_number_of_items"] != 0.0 || len(typed.As[[]any](t, empty["page_items"])) != 0 {
			t.Errorf("empty list: %v", empty)
		}
		var emails []string
		for i := range 25 {
			h.clock.Advance(time.Second)
			email := fmt.Sprintf("user%02d@example.org", i)
			h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": email, "user_role": roleUser}).want(200)
			emails = append(emails, email)
		}
		for _, tt := range []struct {
			query                    string
			page, size, pages, items int
			first                    string
		}{
			{"", 1, 10, 3, 10, emails[24]}, // newest first, default page_size 10
			{"?page=3", 3, 10, 3, 5, emails[4]},
			{"?page=4", 4, 10, 3, 0, ""}, // past the end: empty, not 404
			{"?page=2&page_size=7", 2, 7, 4, 7, emails[17]},
			{"?page_size=200", 1, 200, 1, 25, emails[24]},
			{"?page_size=5000", 1, 200, 1, 25, emails[24]}, // clamped and echoed
		} {
			t.Run(tt.query, func(t *testing.T) {
				got := h.sub(t).do(http.MethodGet, "/users/v2"+tt.query, tok, nil).want(200).json()
				items := typed.As[[]any](t, got["page_items"])
				if got["page_number"] != float64(tt.page) || got["page_size"] != float64(tt.size) ||
					got["total_pages"] != float64(tt.pages) || got["total_number_of_items"] != 25.0 || len(items) != tt.items {
					t.Fatalf("envelope %v with %d items, want page %d size %d pages %d items %d",
						got, len(items), tt.page, tt.size, tt.pages, tt.items)
				}
				if tt.first != "" && typed.As[map[string]any](t, items[0])["email"] != tt.first {
					t.Errorf("first item %v, want %s", typed.As[map[string]any](t, items[0])["email"], tt.first)
				}
			})
		}
		for _, q := range []string{"?page=0", "?page=-1", "?page=abc", "?page=1.5", "?page_size=0", "?page_size=x", "?page="} {
			t.Run(q, func(t *testing.T) {
				res := h.sub(t).do(http.MethodGet, "/users/v2"+q, tok, nil).want(400)
				if f := res.field("field"); f != "page" && f != "page_size" {
					t.Errorf("field = %q", f)
				}
			})
		}
	})
}

func TestUsersAreIsolatedByTenant(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tokA, tokB := h.token(h.newTenant("A")), h.token(h.newTenant("B"))
		id := h.do(http.MethodPost, "/users/v2", tokA, map[string]any{"email": "a@example.org", "user_role": roleUser}).want(200).field("id")
		for _, rt := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/users/v2/" + id, nil},
			{"GET", "/users/v2/a@example.org", nil},
			{"PUT", "/users/v2/" + id, map[string]any{"first_name": "stolen"}},
			{"DELETE", "/users/v2/" + id, nil},
			{"POST", "/users/v2/a@example.org/invite", nil},
			{"POST", "/users/v2/" + id + "/invite", nil},
			{"POST", "/users/v2/a@example.org/resetpassword", nil},
		} {
			h.do(rt.method, rt.path, tokB, rt.body).want(404)
		}
		if n := h.do(http.MethodGet, "/users/v2", tokB, nil).want(200).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("tenant B lists %v users", n)
		}
		// B may use the same address; A's user is untouched.
		h.do(http.MethodPost, "/users/v2", tokB, map[string]any{"email": "a@example.org", "user_role": roleUser}).want(200)
		got := h.do(http.MethodGet, "/users/v2/"+id, tokA, nil).want(200).json()
		if got["first_name"] != "" || got["date_password_reset_sent"] != nil {
			t.Errorf("tenant A's user was changed through tenant B: %v", got)
		}
	})
}
