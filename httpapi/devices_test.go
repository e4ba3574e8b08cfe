package httpapi_test

import (
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

const adminToken = "test-admin-token"

var isoMillis = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$`)

// register plays an agent registering a device; it answers the device id.
func (h *harness) register(tn tenant, body map[string]any) string {
	h.t.Helper()
	return h.do(http.MethodPost, "/control/v1/tenants/"+tn.id.String()+"/devices", adminToken, body).want(200).field("id")
}

func TestDevices(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		id := h.register(a, map[string]any{
			"name": "FIN-LT-0042", "host_name": "FIN-LT-0042.corp.example.org", "os_version": "Microsoft Windows 11 Pro",
			"os_kernel_version": "10.0.22631", "agent_version": "3.1.1001", "ip_addresses": []string{"10.20.30.41"},
			"mac_addresses": []string{"00:1a:2b:3c:4d:5e"}, "last_logged_in_user": `CORP\jrivera`,
		})
		h.clock.Advance(time.Second)
		h.register(a, map[string]any{"host_name": "db-01", "mac_addresses": []string{"00-1A-2B-3C-4D-5E"}})

		detail := h.do(http.MethodGet, "/devices/v2/"+id, tok, nil).want(200).json()
		want := map[string]any{"id": id, "name": "FIN-LT-0042", "host_name": "FIN-LT-0042.corp.example.org",
			"state": "Online", "agent_version": "3.1.1001", "os_version": "Microsoft Windows 11 Pro",
			"os_kernel_version": "10.0.22631", "last_logged_in_user": `CORP\jrivera`, "distinguished_name": "",
			"background_detection": false, "is_safe": true, "update_available": false, "update_type": nil,
			"date_offline": nil, "dlcm_status": "Included", "days_to_deletion": "Unknown"}
		for k, v := range want {
			if detail[k] != v {
				t.Errorf("detail %s = %#v, want %#v", k, detail[k], v)
			}
		}
		if p := typed.As[map[string]any](t, detail["policy"]); p["id"] != defaultPolicy || p["name"] != "Default" {
			t.Errorf("policy %v", p)
		}
		if m := typed.As[[]any](t, detail["mac_addresses"]); len(m) != 1 || m[0] != "00-1A-2B-3C-4D-5E" {
			t.Errorf("mac_addresses %v", m)
		}
		for _, k := range []string{"date_first_registered", "date_last_modified"} {
			if !isoSeconds.MatchString(typed.As[string](t, detail[k])) {
				t.Errorf("%s = %v", k, detail[k])
			}
		}
		// Both GUID forms.
		h.do(http.MethodGet, "/devices/v2/"+strings.ToUpper(strings.ReplaceAll(id, "-", "")), tok, nil).want(200)
		h.do(http.MethodGet, "/devices/v2/"+uuid.NewString(), tok, nil).want(404)
		h.do(http.MethodGet, "/devices/v2/not-a-device", tok, nil).want(404)

		list := h.do(http.MethodGet, "/devices/v2", tok, nil).want(200).json()
		items := typed.As[[]any](t, list["page_items"])
		if list["page_size"] != 100.0 || list["total_number_of_items"] != 2.0 || len(items) != 2 {
			t.Fatalf("list %v", list)
		}
		item := typed.As[map[string]any](t, items[1]) // newest first: FIN-LT-0042 registered first
		for _, k := range []string{"id", "name", "state", "agent_version", "policy", "date_first_registered", "date_offline",
			"ip_addresses", "mac_addresses", "os_kernel_version", "products", "dlcm_status", "days_to_deletion",
			"created", "ipAddresses", "macAddresses", "deviceType", "osVersion"} {
			if _, ok := item[k]; !ok {
				t.Errorf("list item lacks %s", k)
			}
		}
		if item["id"] != id {
			t.Errorf("list order: second item is %v", item["id"])
		}
		if got := h.do(http.MethodGet, "/devices/v2?page_size=20000", tok, nil).want(200).json()["page_size"]; got != 10000.0 {
			t.Errorf("page_size clamped to %v, want 10000", got)
		}

		byHost := h.do(http.MethodGet, "/devices/v2/hostname/fin-lt-0042.CORP.example.org", tok, nil).want(200)
		if !strings.HasPrefix(string(byHost.body), "[") || !strings.Contains(string(byHost.body), id) {
			t.Errorf("by host name: %s", byHost.body)
		}
		if body := h.do(http.MethodGet, "/devices/v2/hostname/nowhere", tok, nil).want(200).body; string(body) != "[]" {
			t.Errorf("no host match: %s, want []", body)
		}
		for _, mac := range []string{"00-1A-2B-3C-4D-5E", "00:1a:2b:3c:4d:5e"} {
			res := h.do(http.MethodGet, "/devices/v2/macaddress/"+mac, tok, nil).want(200)
			if n := strings.Count(string(res.body), `"host_name"`); n != 2 {
				t.Errorf("by MAC %s: %d devices, want 2", mac, n)
			}
		}
		h.do(http.MethodGet, "/devices/v2/macaddress/not-a-mac", tok, nil).want(404)

		// The agent goes offline: state and date_offline follow.
		h.clock.Advance(time.Minute)
		h.do(http.MethodPut, "/control/v1/tenants/"+a.id.String()+"/devices/"+id+"/state", adminToken,
			map[string]string{"state": "offline"}).want(200)
		detail = h.do(http.MethodGet, "/devices/v2/"+id, tok, nil).want(200).json()
		if detail["state"] != "Offline" || !isoMillis.MatchString(typed.As[string](t, detail["date_offline"])) {
			t.Errorf("offline device: state %v, date_offline %v", detail["state"], detail["date_offline"])
		}

		h.wantScope(a, http.MethodGet, "/devices/v2", wolfden.ScopeDeviceList, nil)
		h.wantScope(a, http.MethodGet, "/devices/v2/hostname/db-01", wolfden.ScopeDeviceRead, nil)
		h.do(http.MethodGet, "/devices/v2/"+id, h.token(h.newApp(a, wolfden.ScopeDeviceList)), nil).want(200)
		h.do(http.MethodGet, "/devices/v2/"+id, h.token(h.newApp(a, wolfden.ScopeDeviceRead)), nil).want(200)

		// Tenant B sees none of A's devices.
		tokB := h.token(h.newTenant("B"))
		h.do(http.MethodGet, "/devices/v2/"+id, tokB, nil).want(404)
		if body := h.do(http.MethodGet, "/devices/v2/macaddress/00-1A-2B-3C-4D-5E", tokB, nil).want(200).body; string(body) != "[]" {
			t.Errorf("tenant B by MAC: %s", body)
		}
		if n := h.do(http.MethodGet, "/devices/v2", tokB, nil).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("tenant B lists %v devices", n)
		}
	})
}

func TestControlPlane(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		path := "/control/v1/tenants/" + a.id.String() + "/devices"
		body := map[string]any{"host_name": "h1"}
		h.do(http.MethodPost, path, "", body).want(401)
		h.do(http.MethodPost, path, "wrong-token", body).want(401)
		h.do(http.MethodPost, path, h.token(a), body).want(401) // a tenant token is not the admin token
		for _, scheme := range []string{"Basic", "Token", ""} { // the admin token under another scheme, or none
			req, _ := http.NewRequest(http.MethodPost, h.url+path, strings.NewReader(`{"host_name": "h1"}`))
			req.Header.Set("Authorization", strings.TrimSpace(scheme+" "+adminToken))
			h.send(req).want(401)
		}
		h.do(http.MethodPost, "/control/v1/tenants/"+uuid.NewString()+"/devices", adminToken, body).want(404)
		h.do(http.MethodPost, "/control/v1/tenants/acme/devices", adminToken, body).want(404)
		for _, tt := range []struct {
			body  string
			field string
		}{
			{`{}`, "host_name"},
			{`{"host_name": "h", "ip_addresses": ["10.0.0.1", "nope"]}`, "ip_addresses[1]"},
			{`{"host_name": "h", "mac_addresses": ["00-11"]}`, "mac_addresses[0]"},
			{`{"host_name": "h", "state": "Asleep"}`, "state"},
			{`{"host_name": 7}`, "host_name"},
		} {
			if got := h.do(http.MethodPost, path, adminToken, tt.body).want(400).field("field"); got != tt.field {
				t.Errorf("%s: field %q, want %q", tt.body, got, tt.field)
			}
		}
		id := h.register(a, body)
		h.do(http.MethodPut, path+"/"+id+"/state", adminToken, map[string]string{"state": "Sleeping"}).want(400)
		h.do(http.MethodPut, path+"/"+uuid.NewString()+"/state", adminToken, map[string]string{"state": "Offline"}).want(404)
		other := h.newTenant("B")
		h.do(http.MethodPut, "/control/v1/tenants/"+other.id.String()+"/devices/"+id+"/state", adminToken,
			map[string]string{"state": "Offline"}).want(404)
		if n := h.do(http.MethodGet, "/devices/v2", h.token(a), nil).json()["total_number_of_items"]; n != 1.0 {
			t.Errorf("%v devices after one good registration", n)
		}

		// An agent may join zones as it registers.
		tok := h.token(a)
		zone := h.createZone(tok, "Kiosks")
		joined := h.do(http.MethodPost, path, adminToken, map[string]any{"host_name": "kiosk-1", "zones": []string{zone}}).want(200).json()
		if joined["update_type"] != "Production" {
			t.Errorf("registered into a zone: %v", joined)
		}
		if n := h.do(http.MethodGet, "/zones/v2/"+zone+"/devices", tok, nil).json()["total_number_of_items"]; n != 1.0 {
			t.Errorf("zone has %v devices", n)
		}
		h.do(http.MethodPost, path, adminToken, map[string]any{"host_name": "k2", "zones": []string{uuid.NewString()}}).want(404)
		if got := h.do(http.MethodPost, path, adminToken, map[string]any{"host_name": "k2", "zones": []string{"kiosks"}}).want(400).field("field"); got != "zones[0]" {
			t.Errorf("malformed zone id: field %q", got)
		}

		// Resetting the tenant removes what agents reported, nothing else.
		h.reportThreat(a, id, map[string]any{"sha256": strings.Repeat("ab", 32), "file_path": "/x"})
		h.do(http.MethodPost, path+"/"+id+"/memoryevents", adminToken, map[string]any{"violation_type": 12, "image_name": "x"}).want(200)
		h.do(http.MethodDelete, "/control/v1/tenants/"+a.id.String()+"/agentdata", "", nil).want(401)
		if res := h.do(http.MethodDelete, "/control/v1/tenants/"+a.id.String()+"/agentdata", adminToken, nil).want(200); len(res.body) != 0 {
			t.Errorf("reset body %q", res.body)
		}
		for _, p := range []string{"/devices/v2", "/threats/v2", "/memoryprotection/v2"} {
			if n := h.do(http.MethodGet, p, tok, nil).json()["total_number_of_items"]; n != 0.0 {
				t.Errorf("%s lists %v after the reset", p, n)
			}
		}
		if n := h.do(http.MethodGet, "/zones/v2", tok, nil).json()["total_number_of_items"]; n != 1.0 {
			t.Errorf("the reset removed zones: %v left", n)
		}
	})
}

func TestUpdateDevice(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		id := h.register(a, map[string]any{"host_name": "web-01"})
		finance, servers := h.createZone(tok, "Finance"), h.createZone(tok, "Servers")
		path := "/devices/v2/" + id

		res := h.do(http.MethodPut, path, tok, map[string]any{"name": "WEB-01", "policy_id": defaultPolicy,
			"add_zone_ids": []string{strings.ToUpper(finance), servers}, "remove_zone_ids": []string{}}).want(200)
		if len(res.body) != 0 {
			t.Errorf("PUT body %q, want empty", res.body)
		}
		detail := h.do(http.MethodGet, path, tok, nil).want(200).json()
		if detail["name"] != "WEB-01" || detail["update_type"] != "Production" {
			t.Errorf("after PUT: %v", detail)
		}
		for _, p := range []string{"/devices/v2/" + finance + "/devices", "/zones/v2/" + finance + "/devices"} {
			members := h.do(http.MethodGet, p, tok, nil).want(200).json()
			if members["total_number_of_items"] != 1.0 || typed.As[map[string]any](t, typed.As[[]any](t, members["page_items"])[0])["id"] != id {
				t.Errorf("%s: %v", p, members)
			}
		}
		zones := h.do(http.MethodGet, "/zones/v2/"+id+"/zones", tok, nil).want(200).json()
		if zones["total_number_of_items"] != 2.0 || typed.As[map[string]any](t, typed.As[[]any](t, zones["page_items"])[0])["name"] != "Finance" {
			t.Errorf("device zones: %v", zones)
		}

		h.do(http.MethodPut, path, tok, map[string]any{"remove_zone_ids": []string{finance}}).want(200)
		h.do(http.MethodPut, path, tok, map[string]any{"policy_id": nil}).want(200)
		h.do(http.MethodPut, path, tok, map[string]any{"policy_id": ""}).want(200)
		if n := h.do(http.MethodGet, "/zones/v2/"+finance+"/devices", tok, nil).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("finance still has %v devices", n)
		}

		for _, tt := range []struct {
			body   string
			status int
			field  string
		}{
			{`{}`, 400, ""},
			{`{"name": ""}`, 400, "name"},
			{`{"policy_id": "default"}`, 400, "policy_id"},
			{`{"policy_id": 5}`, 400, "policy_id"},
			{`{"add_zone_ids": ["zone-1"]}`, 400, "add_zone_ids[0]"},
			{`{"remove_zone_ids": [1]}`, 400, "remove_zone_ids[0]"},
			{`{"policy_id": "` + uuid.NewString() + `"}`, 404, "policy_id"},
			{`{"add_zone_ids": ["` + uuid.NewString() + `"]}`, 404, ""},
		} {
			if got := h.do(http.MethodPut, path, tok, tt.body).want(tt.status).field("field"); got != tt.field {
				t.Errorf("%s: field %q, want %q", tt.body, got, tt.field)
			}
		}
		if got := h.do(http.MethodGet, path, tok, nil).json(); got["name"] != "WEB-01" || got["update_type"] != "Production" {
			t.Errorf("refused updates changed the device: %v", got)
		}
		h.do(http.MethodPut, "/devices/v2/"+uuid.NewString(), tok, map[string]string{"name": "x"}).want(404)
		h.do(http.MethodGet, "/zones/v2/"+uuid.NewString()+"/zones", tok, nil).want(404)
		h.do(http.MethodGet, "/devices/v2/"+uuid.NewString()+"/devices", tok, nil).want(404)
		h.wantScope(a, http.MethodPut, path, wolfden.ScopeDeviceUpdate, map[string]string{"name": "web"})

		// Tenant B can neither change A's device nor see its zones.
		tokB := h.token(h.newTenant("B"))
		h.do(http.MethodPut, path, tokB, map[string]string{"name": "stolen"}).want(404)
		h.do(http.MethodGet, "/zones/v2/"+id+"/zones", tokB, nil).want(404)
		h.do(http.MethodGet, "/zones/v2/"+servers+"/devices", tokB, nil).want(404)
		// Nor can A put its device in B's zone.
		theirs := h.createZone(tokB, "Theirs")
		h.do(http.MethodPut, path, tok, map[string]any{"add_zone_ids": []string{theirs}}).want(404)
	})
}

func TestDevicesExtendedAndProducts(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		zone := h.createZone(tok, "Finance")
		inZone := h.register(a, map[string]any{"host_name": "one", "agent_version": "3.1.1001"})
		h.do(http.MethodPut, "/devices/v2/"+inZone, tok, map[string]any{"add_zone_ids": []string{zone}}).want(200)
		h.clock.Advance(time.Second)
		h.register(a, map[string]any{"host_name": "two", "agent_version": "3.1.1001"})
		h.register(a, map[string]any{"host_name": "three", "agent_version": "3.2.1002"})

		ext := h.do(http.MethodGet, "/devices/v2/extended?page_size=500", tok, nil).want(200).json()
		items := typed.As[[]any](t, ext["page_items"])
		if ext["page_size"] != 200.0 || len(items) != 3 {
			t.Fatalf("extended %v", ext)
		}
		last := typed.As[map[string]any](t, items[2]) // oldest: the one in the zone
		zones := typed.As[[]any](t, last["zones"])
		if last["id"] != inZone || len(zones) != 1 || typed.As[map[string]any](t, zones[0])["name"] != "Finance" || last["update_type"] != "Production" {
			t.Errorf("extended item %v", last)
		}
		for _, k := range []string{"date_last_modified", "distinguished_name"} {
			if _, ok := last[k]; ok {
				t.Errorf("extended item has %s", k)
			}
		}
		if z := typed.As[[]any](t, typed.As[map[string]any](t, items[0])["zones"]); len(z) != 0 {
			t.Errorf("a device in no zone lists %v", z)
		}

		counts := h.do(http.MethodGet, "/devices/v2/products", tok, nil).want(200).body
		want := `[{"name":"protect","version":"3.1.1001","device_count":2},{"name":"protect","version":"3.2.1002","device_count":1}]`
		if string(counts) != want {
			t.Errorf("products = %s, want %s", counts, want)
		}
		h.wantScope(a, http.MethodGet, "/devices/v2/extended", wolfden.ScopeDeviceList, nil)
		if body := h.do(http.MethodGet, "/devices/v2/products", h.token(h.newTenant("B")), nil).want(200).body; string(body) != "[]" {
			t.Errorf("tenant B counts %s", body)
		}
	})
}
