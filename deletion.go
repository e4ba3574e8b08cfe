package wolfden

import (
	"net/url"
	"time"

	"github.com/google/uuid"
)

// MaxDevicesPerDeletion is the vendor's limit per delete request.
const MaxDevicesPerDeletion = 20

// DeviceDeletion is a request to delete devices. Like the vendor's, it
// completes asynchronously; CallbackURL, when set, is told when it has.
type DeviceDeletion struct {
	ID          uuid.UUID
	TenantID    uuid.UUID
	DeviceIDs   []uuid.UUID
	CallbackURL string
	Requested   time.Time
	Completed   *time.Time
}

// NewDeviceDeletion validates a delete request. Malformed device ids are
// dropped silently, as the vendor does; an empty callback URL is an error.
func NewDeviceDeletion(tenantID uuid.UUID, deviceIDs []string, callbackURL *string, now time.Time) (*DeviceDeletion, error) {
	if len(deviceIDs) == 0 {
		return nil, FieldErrorf("device_ids", "device_ids is required")
	}
	if len(deviceIDs) > MaxDevicesPerDeletion {
		return nil, FieldErrorf("device_ids", "at most %d devices per request, not %d", MaxDevicesPerDeletion, len(deviceIDs))
	}
	d := &DeviceDeletion{ID: uuid.New(), TenantID: tenantID, Requested: now, DeviceIDs: []uuid.UUID{}}
	for _, s := range deviceIDs {
		if id, ok := ParseID(s); ok {
			d.DeviceIDs = append(d.DeviceIDs, id)
		}
	}
	if callbackURL != nil {
		u, err := url.Parse(*callbackURL)
		if *callbackURL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, FieldErrorf("callback_url", "%q is not an http or https URL; omit callback_url when unused", *callbackURL)
		}
		d.CallbackURL = u.String()
	}
	return d, nil
}
