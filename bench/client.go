package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/wolfden/wolfden/internal/clienttoken"
)

// client sets a wolfden server up for a run: tenants, seeding and tokens
// through its control plane and API, as any client would.
type client struct {
	base  string // http://host:port
	admin string // the control plane's token
	http  *http.Client
}

// credentials are a tenant's application, as the control plane answers.
type credentials struct {
	TenantID  string `json:"tenant_id"`
	AppID     string `json:"app_id"`
	AppSecret string `json:"app_secret"`
}

// seedPlan and seedSummary are the control plane's seed request and answer.
type seedPlan struct {
	Devices int    `json:"devices"`
	Threats int    `json:"threats"`
	Seed    uint64 `json:"seed"`
}

type seedSummary struct {
	Devices int `json:"devices"`
	Threats int `json:"threats"`
}

// call sends a JSON request and decodes a 2xx JSON answer into out.
func (c *client) call(ctx context.Context, method, path, token string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, res.StatusCode, bytes.TrimSpace(b))
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(b, out)
}

func (c *client) createTenant(ctx context.Context, name string) (credentials, error) {
	var cr credentials
	err := c.call(ctx, http.MethodPost, "/control/v1/tenants", c.admin, map[string]string{"name": name}, &cr)
	return cr, err
}

func (c *client) seed(ctx context.Context, tenantID string, plan seedPlan) (seedSummary, error) {
	var sum seedSummary
	err := c.call(ctx, http.MethodPost, "/control/v1/tenants/"+tenantID+"/seed", c.admin, plan, &sum)
	return sum, err
}

// authToken signs a client's auth token, as the vendor's SDK does, with a
// fresh jti: the server takes each one once.
func authToken(cr credentials, now time.Time) ([]byte, error) {
	signed, err := clienttoken.Sign(cr.TenantID, cr.AppID, cr.AppSecret, now)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]string{"auth_token": signed})
}

// accessToken exchanges an auth token for an access token.
func (c *client) accessToken(ctx context.Context, cr credentials) (string, error) {
	body, err := authToken(cr, time.Now())
	if err != nil {
		return "", err
	}
	var res struct {
		AccessToken string `json:"access_token"`
	}
	err = c.call(ctx, http.MethodPost, "/auth/v2/token", "", json.RawMessage(body), &res)
	return res.AccessToken, err
}

// deviceIDs reads the ids of one page of the tenant's devices.
func (c *client) deviceIDs(ctx context.Context, token string, page int) ([]string, error) {
	var res struct {
		PageItems []struct {
			ID string `json:"id"`
		} `json:"page_items"`
	}
	if err := c.call(ctx, http.MethodGet, fmt.Sprintf("/devices/v2?page=%d&page_size=200", page), token, nil, &res); err != nil {
		return nil, err
	}
	ids := make([]string, len(res.PageItems))
	for i, d := range res.PageItems {
		ids[i] = d.ID
	}
	return ids, nil
}
