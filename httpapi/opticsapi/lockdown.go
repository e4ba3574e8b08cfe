package opticsapi

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

// lockdownJSON is a device's lockdown state (docs/api/devicecommands.md).
// Before a device's first lockdown, password and the dates are null and
// the history empty. lockdown_config_id and lockdown_type, which the
// vendor's object lacks, show what the request body set.
type lockdownJSON struct {
	ID                  string              `json:"id"`
	Hostname            string              `json:"hostname"`
	TenantID            string              `json:"tenant_id"`
	ConnectionStatus    string              `json:"connection_status"`
	OpticsDeviceVersion string              `json:"optics_device_version"`
	Password            *string             `json:"password"`
	LockdownInitiated   *rest.Rfc3339       `json:"lockdown_initiated"`
	LockdownExpiration  *rest.Rfc3339       `json:"lockdown_expiration"`
	LockdownConfigID    *int                `json:"lockdown_config_id"`
	LockdownType        *string             `json:"lockdown_type"`
	LockdownHistory     []lockdownEventJSON `json:"lockdown_history"`
}

type lockdownEventJSON struct {
	UserID    string       `json:"user_id"`
	Timestamp rest.Rfc3339 `json:"timestamp"`
	Command   string       `json:"command"`
}

func newLockdownJSON(d *wolfden.Device, st *agentsim.LockdownState) lockdownJSON {
	out := lockdownJSON{ID: wolfden.OpticsID(d.ID), Hostname: d.HostName, TenantID: d.TenantID.String(),
		ConnectionStatus: strings.ToLower(string(d.State)), OpticsDeviceVersion: d.AgentVersion,
		LockdownHistory: make([]lockdownEventJSON, len(st.History))}
	if l := st.Current; l != nil {
		initiated, expires := rest.Rfc3339(l.Initiated), rest.Rfc3339(l.Expires)
		out.Password, out.LockdownInitiated, out.LockdownExpiration = &l.Password, &initiated, &expires
		out.LockdownConfigID, out.LockdownType = &l.ConfigID, &l.Type
	}
	for i, e := range st.History {
		out.LockdownHistory[i] = lockdownEventJSON{UserID: e.UserID.String(), Timestamp: rest.Rfc3339(e.At), Command: e.Command}
	}
	return out
}

// lockdownBody is the optional body of a lockdown request. parameters is
// accepted and not kept: it configures the undocumented lockdown
// configurations, which wolfden does not model.
type lockdownBody struct {
	LockdownConfigID *int           `json:"lockdown_config_id"`
	LockdownType     string         `json:"lockdown_type"`
	Expires          string         `json:"expires"`
	Parameters       jsontext.Value `json:"parameters"`
}

// commandDevice resolves the {device} of a device-command path.
func commandDevice(r *http.Request, t store.TenantStore) (*wolfden.Device, error) {
	id, err := rest.PathID(r, "device", "device")
	if err != nil {
		return nil, err
	}
	return t.Device(r.Context(), id)
}

// GetLockdown answers a device's lockdown state and history.
func (s *Handlers) GetLockdown(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	d, err := commandDevice(r, t)
	if err != nil {
		return err
	}
	st, err := t.Lockdown(r.Context(), d.ID)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newLockdownJSON(d, st))
	return nil
}

// SetLockdown is PUT …/lockdown?value=true&expires=d:hh:mm, or GET with
// value, as python-cyapi sends it. value=false lifts a lockdown early.
// The expiry comes from the query, else from the body's expires.
func (s *Handlers) SetLockdown(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	q := r.URL.Query()
	lock := true
	if q.Has("value") {
		v, err := strconv.ParseBool(q.Get("value"))
		if err != nil {
			return wolfden.FieldErrorf("value", "value must be true (lock down) or false (lift the lockdown), not %q", q.Get("value"))
		}
		lock = v
	}
	var body lockdownBody
	if err := rest.DecodeOptionalJSON(r, &body); err != nil {
		return err
	}
	d, err := commandDevice(r, t)
	if err != nil {
		return err
	}
	by, now := rest.Principal(r).AppID, s.Now()
	change := func(st *agentsim.LockdownState) error { return st.Unlock(by, now) }
	if lock {
		expires := q.Get("expires")
		if !q.Has("expires") {
			expires = body.Expires
		}
		if expires == "" {
			return wolfden.FieldErrorf("expires", "expires is required: how long the lockdown lasts, d:hh:mm (0:00:05 to 3:00:00)")
		}
		duration, err := agentsim.ParseLockdownDuration(expires)
		if err != nil {
			return err
		}
		req := agentsim.LockdownRequest{Duration: duration, ConfigID: body.LockdownConfigID, Type: body.LockdownType}
		change = func(st *agentsim.LockdownState) error { return st.Lock(req, by, now) }
	}
	st, err := t.UpdateLockdown(r.Context(), d.ID, change)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newLockdownJSON(d, st))
	return nil
}

// WithValue routes a request with a value parameter to set and any other
// to read: python-cyapi locks a device down with GET and PUT's query.
func WithValue(set, read http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("value") {
			set.ServeHTTP(w, r)
			return
		}
		read.ServeHTTP(w, r)
	})
}
