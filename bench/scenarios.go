package bench

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"
)

// A scenario is one kind of request, measured on every server.
type scenario struct {
	name  string
	about string
	// request makes the scenario's requests to target t.
	request func(t *target) request
	// ceiling, for the write scenarios, measures the same writes straight
	// through the driver; the read scenarios are held against the bare
	// server instead.
	ceiling func(ctx context.Context, t *target, cfg Config) result
	// read marks the scenarios whose server memory is held to the RSS
	// target.
	read bool
}

const (
	seedScenario = "seed"
	getDevice    = "get-device"
	listFirst    = "list-first"
	listDeep     = "list-deep"
)

var scenarios = []scenario{
	{name: "token", about: "POST /auth/v2/token, a fresh auth token (jti) each time",
		request: func(t *target) request {
			return func(int) []byte {
				body, err := authToken(t.creds, time.Now())
				if err != nil {
					panic(err) // HS256 signing with a string key does not fail
				}
				return newRequest(http.MethodPost, "/auth/v2/token", "", body)
			}
		}},
	{name: getDevice, about: "GET /devices/v2/{id} round ids from the first, middle and last pages", read: true,
		request: func(t *target) request {
			return func(seq int) []byte {
				return newRequest(http.MethodGet, "/devices/v2/"+t.deviceIDs[seq%len(t.deviceIDs)], t.token, nil)
			}
		}},
	{name: listFirst, about: "GET /devices/v2?page=1&page_size=200", read: true,
		request: func(t *target) request { return fixed(listPath(1), t.token) }},
	{name: listDeep, about: "GET /devices/v2?page=P&page_size=200, P the last full page", read: true,
		request: func(t *target) request { return fixed(listPath(lastPage(t.devices)), t.token) }},
	{name: "threats", about: "GET /threats/v2", read: true,
		request: func(t *target) request { return fixed("/threats/v2", t.token) }},
	{name: "create-user", about: "POST /users/v2, a new e-mail each time (durable write)",
		request: func(t *target) request {
			run := uuid.NewString()[:8]
			return func(seq int) []byte {
				body := fmt.Appendf(nil, `{"email": "bench-%s-%d@example.org", "user_role": "00000000-0000-0000-0000-000000000001", "first_name": "Bench", "last_name": "User"}`, run, seq)
				return newRequest(http.MethodPost, "/users/v2", t.token, body)
			}
		},
		ceiling: func(ctx context.Context, t *target, cfg Config) result {
			return t.storage.insertUsers(ctx, t.creds.TenantID, cfg.Connections, cfg.Duration, cfg.MaxRequests)
		}},
	{name: "update-device", about: "PUT /devices/v2/{id} renaming the device (durable write)",
		request: func(t *target) request {
			return func(seq int) []byte {
				body := fmt.Appendf(nil, `{"name": "bench-%d"}`, seq)
				return newRequest(http.MethodPut, "/devices/v2/"+t.deviceIDs[seq%len(t.deviceIDs)], t.token, body)
			}
		},
		ceiling: func(ctx context.Context, t *target, cfg Config) result {
			return t.storage.updateDevices(ctx, t.creds.TenantID, t.deviceIDs, cfg.Connections, cfg.Duration, cfg.MaxRequests)
		}},
}

// The seeding scenario and the two derived from get-device and the lists
// are run apart from the table of scenarios above.
const (
	halfLoad = "half-load"
	scale    = "scale"
)

func scenarioNames() []string {
	names := []string{seedScenario}
	for _, s := range scenarios {
		names = append(names, s.name)
	}
	return append(names, halfLoad, scale)
}

func knownScenario(name string) bool { return slices.Contains(scenarioNames(), name) }

func fixed(path, token string) request {
	req := newRequest(http.MethodGet, path, token, nil)
	return func(int) []byte { return req }
}

func listPath(page int) string { return fmt.Sprintf("/devices/v2?page=%d&page_size=200", page) }

// lastPage is the last full page of 200 of n devices.
func lastPage(n int) int { return max(1, n/200) }
