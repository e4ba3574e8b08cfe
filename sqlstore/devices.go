package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/sqlrun"
	"github.com/wolfden/wolfden/store"
)

const deviceColumns = deviceStoredColumns + `, ` + deviceIsSafe

// deviceStoredColumns are deviceColumns but is_safe.
const deviceStoredColumns = `d.id, d.name, d.host_name, d.os_version, d.os_kernel_version, d.agent_version, d.state,
	d.policy_id, p.name, d.ip_addresses, d.mac_addresses, d.last_logged_in_user, d.distinguished_name,
	d.background_detection, d.update_available, d.registered_at, d.modified_at, d.offline_at, d.dlcm_exempt,
	d.dlcm_reset_at, tn.dlcm_inactive_days, tn.dlcm_deletion_enabled, tn.dlcm_deletion_days`

// deviceIsSafe: no threat on d is outstanding — unsafe on the device
// (Default, Suspicious) and on neither global list, which quarantine or
// allow a hash everywhere. It counts rather than asks NOT EXISTS: for a
// page of devices PostgreSQL turns NOT EXISTS into a hash of every
// sighting of the tenant, built per query (19 ms a page at 10,000
// sightings), where a count looks up each device's few by index (2 ms).
const deviceIsSafe = `(SELECT COUNT(*) FROM device_threats dt
		WHERE dt.tenant_id = d.tenant_id AND dt.device_id = d.id AND dt.file_status IN ('Default', 'Suspicious')
		AND NOT EXISTS (SELECT 1 FROM global_list_entries g WHERE g.tenant_id = dt.tenant_id AND g.sha256 = dt.sha256)) = 0`

// deviceFrom joins devices to their policy's name and their tenant's
// lifecycle settings, which deviceColumns read.
const deviceFrom = ` FROM devices d
	JOIN policies p ON p.tenant_id = d.tenant_id AND p.id = d.policy_id
	JOIN tenants tn ON tn.id = d.tenant_id `

// deviceSelect reads devices.
const deviceSelect = `SELECT ` + deviceColumns + deviceFrom

// deviceListSelect reads devices for the device list, whose items show no
// is_safe: it reads FALSE, sparing a page the threat subquery of each of
// its devices (a fifth of a page's time on SQLite).
const deviceListSelect = `SELECT ` + deviceStoredColumns + `, FALSE` + deviceFrom

func scanDevice(r row, tenantID uuid.UUID) (*wolfden.Device, error) {
	d := wolfden.Device{TenantID: tenantID}
	var (
		ips, macs            string
		registered, modified int64
		offline, reset       sql.NullInt64
		lifecycle            wolfden.LifecycleSettings
	)
	err := r.Scan(&d.ID, &d.Name, &d.HostName, &d.OSVersion, &d.OSKernelVersion, &d.AgentVersion, &d.State,
		&d.Policy.ID, &d.Policy.Name, &ips, &macs, &d.LastLoggedInUser, &d.DistinguishedName,
		&d.BackgroundDetection, &d.UpdateAvailable, &registered, &modified, &offline, &d.LifecycleExempt,
		&reset, &lifecycle.InactiveDays, &lifecycle.DeletionEnabled, &lifecycle.DeletionDays, &d.IsSafe)
	if err != nil {
		return nil, err
	}
	d.IPAddresses, d.MACAddresses = splitList(ips), splitList(macs)
	d.Registered, d.Modified, d.Offline = fromMicros(registered), fromMicros(modified), fromNullMicros(offline)
	d.InactiveReset = fromNullMicros(reset)
	d.RemovalDue = lifecycle.RemovalDue(&d)
	return &d, nil
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// CreateDevices stores devices, indexes their MAC addresses and records
// their zones, in one transaction, a chunk of devices to a statement.
func (t *tenantStore) CreateDevices(ctx context.Context, devices ...*wolfden.Device) error {
	return t.inTx(ctx, func(tx runner) error {
		zones, err := t.zoneIDSet(ctx, tx)
		if err != nil {
			return err
		}
		analyze, err := t.deviceStatsStale(ctx, tx, len(devices))
		if err != nil {
			return err
		}
		for start := 0; start < len(devices); start += t.dialect.devicesPerInsert {
			chunk := devices[start:min(start+t.dialect.devicesPerInsert, len(devices))]
			if err := t.insertDevices(ctx, tx, chunk, zones); err != nil {
				return err
			}
			if start == 0 && analyze {
				if _, err := tx.execOnce(ctx, t.dialect.analyzeDevices); err != nil {
					return err
				}
			}
		}
		return t.devicesChanged(ctx, tx, int64(len(devices)))
	})
}

// deviceStatsStale tells whether an insert of n devices should refresh the
// planner's statistics after its first chunk (see dialect.analyzeDevices).
func (t *tenantStore) deviceStatsStale(ctx context.Context, tx runner, n int) (bool, error) {
	if t.dialect.analyzeDevices == "" || n <= t.dialect.devicesPerInsert {
		return false, nil
	}
	var known float64
	if err := tx.queryRow(ctx, t.dialect.devicesEstimate).Scan(&known); err != nil {
		return false, err
	}
	return known < float64(n), nil
}

// insertDevices inserts devices, their MACs and their zone memberships,
// with one statement each. Statements of one device are few in shape and
// kept prepared; those of many are parsed once per run.
func (t *tenantStore) insertDevices(ctx context.Context, tx runner, devices []*wolfden.Device, zones map[uuid.UUID]bool) error {
	exec := tx.execOnce
	if len(devices) == 1 {
		exec = tx.exec
	}
	var deviceRows, macRows, memberRows []any
	for _, d := range devices {
		if d.TenantID != t.tenantID {
			return wolfden.Errorf(wolfden.EInvalid, "device belongs to another tenant")
		}
		deviceRows = append(deviceRows, t.tenantID, d.ID, d.Name, d.HostName, strings.ToLower(d.HostName),
			d.OSVersion, d.OSKernelVersion, d.AgentVersion, d.State, d.Policy.ID, strings.Join(d.IPAddresses, ","),
			strings.Join(d.MACAddresses, ","), d.LastLoggedInUser, d.DistinguishedName, d.BackgroundDetection,
			d.UpdateAvailable, micros(d.Registered), micros(d.Modified), nullMicros(d.Offline))
		for _, m := range d.MACAddresses {
			macRows = append(macRows, t.tenantID, m, d.ID)
		}
		for _, z := range d.Zones {
			if !zones[z.ID] {
				return wolfden.Errorf(wolfden.ENotFound, "zone %s not found", z.ID)
			}
			memberRows = append(memberRows, t.tenantID, d.ID, z.ID, micros(d.Registered))
		}
	}
	_, err := exec(ctx, sqlrun.InsertInto(sqlrun.Devices, len(devices)), deviceRows...)
	if err != nil {
		if len(devices) == 1 {
			return t.conflictIf(err, "device %s exists already", devices[0].ID)
		}
		return t.conflictIf(err, "one of the devices %s … %s exists already", devices[0].ID, devices[len(devices)-1].ID)
	}
	if len(macRows) > 0 {
		if _, err := exec(ctx, sqlrun.InsertInto(sqlrun.DeviceMACs, len(macRows)/3)+` ON CONFLICT DO NOTHING`, macRows...); err != nil {
			return err
		}
	}
	if len(memberRows) > 0 {
		if _, err := exec(ctx, sqlrun.InsertInto(sqlrun.DeviceZones, len(memberRows)/4), memberRows...); err != nil {
			return err
		}
	}
	return nil
}

func (t *tenantStore) indexMACs(ctx context.Context, tx runner, d *wolfden.Device) error {
	if _, err := tx.exec(ctx, `DELETE FROM device_macs WHERE tenant_id = $1 AND device_id = $2`, t.tenantID, d.ID); err != nil {
		return err
	}
	for _, mac := range d.MACAddresses {
		if _, err := tx.exec(ctx, `INSERT INTO device_macs (tenant_id, mac, device_id) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, t.tenantID, mac, d.ID); err != nil {
			return err
		}
	}
	return nil
}

// Device finds a device by id.
func (t *tenantStore) Device(ctx context.Context, id uuid.UUID) (*wolfden.Device, error) {
	d, _, err := t.findDevice(ctx, t.reader(), id)
	return d, err
}

// findDevice reads a device with its zones, in one statement — a row per
// zone, by zone name, or one row with no zone (a nil zone id) — and the
// version of its row.
func (t *tenantStore) findDevice(ctx context.Context, q runner, id uuid.UUID) (*wolfden.Device, int64, error) {
	rows, err := q.query(ctx, `SELECT `+deviceColumns+`, `+optionalZoneColumns+`, d.row_version`+deviceFrom+`
		LEFT JOIN device_zones dz ON dz.tenant_id = d.tenant_id AND dz.device_id = d.id
		LEFT JOIN zones z ON z.tenant_id = dz.tenant_id AND z.id = dz.zone_id
		WHERE d.tenant_id = $1 AND d.id = $2 ORDER BY z.name_key, z.id`, t.tenantID, id)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var (
		d       *wolfden.Device
		version int64
	)
	for rows.Next() {
		// Each scanner reads its own columns of the one row.
		var dev *wolfden.Device
		z, err := scanZone(rowFunc(func(zoneDest ...any) error {
			var err error
			dev, err = scanDevice(rowFunc(func(deviceDest ...any) error {
				return rows.Scan(append(append(deviceDest, zoneDest...), &version)...)
			}), t.tenantID)
			return err
		}), t.tenantID)
		if err != nil {
			return nil, 0, err
		}
		if d == nil {
			d = dev
			d.Zones = []wolfden.Zone{}
		}
		if z.ID != uuid.Nil {
			d.Zones = append(d.Zones, *z)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if d == nil {
		return nil, 0, wolfden.Errorf(wolfden.ENotFound, "device %s not found", id)
	}
	return d, version, nil
}

// deviceZones reads a device's zones.
func (t *tenantStore) deviceZones(ctx context.Context, q runner, id uuid.UUID) ([]wolfden.Zone, error) {
	return t.scanZones(q.query(ctx, `SELECT `+zoneColumns+` FROM zones z
		JOIN device_zones dz ON dz.tenant_id = z.tenant_id AND dz.zone_id = z.id
		WHERE dz.tenant_id = $1 AND dz.device_id = $2 ORDER BY z.name_key, z.id`, t.tenantID, id))
}

// Devices lists one page of devices, newest registration first, from the
// nearest bookmark (see bookmarks.go).
func (t *tenantStore) Devices(ctx context.Context, page wolfden.PageRequest, detailed bool) (wolfden.Page[wolfden.Device], error) {
	var result wolfden.Page[wolfden.Device]
	err := t.inReadTx(ctx, func(tx runner) error {
		marks, err := t.currentBookmarks(ctx, tx)
		if err != nil {
			return err
		}
		result.Total = marks.total
		offset := page.Offset()
		// A negative offset is that of a page number so large it overflows.
		if offset < 0 || offset >= marks.total {
			result.Items = []wolfden.Device{}
			return nil
		}
		key, skip := marks.from(offset)
		sel := deviceListSelect
		if detailed {
			sel = deviceSelect
		}
		result.Items, err = t.scanDevices(tx.query(ctx, sel+`WHERE d.tenant_id = $1
			AND (d.registered_at, d.id) <= ($2, $3)
			ORDER BY d.registered_at DESC, d.id DESC LIMIT $4 OFFSET $5`, t.tenantID, key.registered, key.id, page.Size, skip))
		if err != nil || !detailed {
			return err
		}
		return t.loadDeviceZones(ctx, tx, result.Items)
	})
	return result, err
}

// loadDeviceZones fills in the zones of devices with one query.
func (t *tenantStore) loadDeviceZones(ctx context.Context, q runner, devices []wolfden.Device) error {
	if len(devices) == 0 {
		return nil
	}
	byID := make(map[uuid.UUID]*wolfden.Device, len(devices))
	args := []any{t.tenantID}
	for i := range devices {
		byID[devices[i].ID] = &devices[i]
		devices[i].Zones = []wolfden.Zone{}
		args = append(args, devices[i].ID)
	}
	rows, err := q.query(ctx, `SELECT dz.device_id, `+zoneColumns+` FROM zones z
		JOIN device_zones dz ON dz.tenant_id = z.tenant_id AND dz.zone_id = z.id
		WHERE dz.tenant_id = $1 AND dz.device_id IN (`+sqlrun.Placeholders(2, len(devices))+`) ORDER BY z.name_key, z.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var deviceID uuid.UUID
		z, err := scanZone(prefixedRow{rows, &deviceID}, t.tenantID)
		if err != nil {
			return err
		}
		d := byID[deviceID]
		d.Zones = append(d.Zones, *z)
	}
	return rows.Err()
}

// rowFunc is a row scanner made of a function.
type rowFunc func(dest ...any) error

func (f rowFunc) Scan(dest ...any) error { return f(dest...) }

// prefixedRow scans its first column into dest and the rest as the row
// scanner it wraps expects.
type prefixedRow struct {
	row
	dest any
}

func (p prefixedRow) Scan(dest ...any) error { return p.row.Scan(append([]any{p.dest}, dest...)...) }

// ProductCounts counts devices per agent version. Every wolfden device runs
// PROTECT; OPTICS arrives with its area.
func (t *tenantStore) ProductCounts(ctx context.Context) ([]store.ProductCount, error) {
	rows, err := t.reader().query(ctx, `SELECT agent_version, COUNT(*) FROM devices WHERE tenant_id = $1
		GROUP BY agent_version ORDER BY agent_version`, t.tenantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := []store.ProductCount{}
	for rows.Next() {
		c := store.ProductCount{Product: "protect"}
		if err := rows.Scan(&c.Version, &c.Devices); err != nil {
			return nil, err
		}
		counts = append(counts, c)
	}
	return counts, rows.Err()
}

func (t *tenantStore) scanDevices(rows *sql.Rows, err error) ([]wolfden.Device, error) {
	return scanAll(rows, err, func(r row) (*wolfden.Device, error) { return scanDevice(r, t.tenantID) })
}

// DevicesByHostName finds devices by host name, case-insensitively, with
// their zones.
func (t *tenantStore) DevicesByHostName(ctx context.Context, host string) ([]wolfden.Device, error) {
	return t.devicesWithZones(ctx, deviceSelect+`WHERE d.tenant_id = $1 AND d.host_key = $2
		ORDER BY d.registered_at DESC, d.id DESC`, strings.ToLower(host))
}

// DevicesByMAC finds devices by MAC address, with their zones.
func (t *tenantStore) DevicesByMAC(ctx context.Context, mac string) ([]wolfden.Device, error) {
	return t.devicesWithZones(ctx, deviceSelect+`JOIN device_macs m ON m.tenant_id = d.tenant_id AND m.device_id = d.id
		WHERE d.tenant_id = $1 AND m.mac = $2 ORDER BY d.registered_at DESC, d.id DESC`, mac)
}

// devicesWithZones runs a device query of the tenant (its first parameter)
// and reads each device's zones, in one read transaction: a lookup answers
// what GET /devices/v2/{device} would, update_type included. The lookups
// find a device or two, so a query per device is cheap.
func (t *tenantStore) devicesWithZones(ctx context.Context, query string, arg any) ([]wolfden.Device, error) {
	var devices []wolfden.Device
	err := t.inReadTx(ctx, func(tx runner) error {
		var err error
		if devices, err = t.scanDevices(tx.query(ctx, query, t.tenantID, arg)); err != nil {
			return err
		}
		for i := range devices {
			if devices[i].Zones, err = t.deviceZones(ctx, tx, devices[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	return devices, err
}

func zoneIDs(zones []wolfden.Zone) []uuid.UUID {
	ids := make([]uuid.UUID, len(zones))
	for i, z := range zones {
		ids[i] = z.ID
	}
	return ids
}

// writeDeviceZones brings the device's memberships from the zones it was
// in to d.Zones, each of which must exist, and reads them back whole.
// Memberships the device keeps keep the time they were added.
func (t *tenantStore) writeDeviceZones(ctx context.Context, tx runner, d *wolfden.Device, was []uuid.UUID) error {
	now := zoneIDs(d.Zones)
	for _, id := range was {
		if slices.Contains(now, id) {
			continue
		}
		if _, err := tx.exec(ctx, `DELETE FROM device_zones WHERE tenant_id = $1 AND device_id = $2 AND zone_id = $3`,
			t.tenantID, d.ID, id); err != nil {
			return err
		}
	}
	for _, id := range now {
		if slices.Contains(was, id) {
			continue
		}
		if _, err := t.findZone(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO device_zones (tenant_id, device_id, zone_id, added_at) VALUES ($1, $2, $3, $4)`,
			t.tenantID, d.ID, id, micros(d.Modified)); err != nil {
			return err
		}
	}
	var err error
	d.Zones, err = t.deviceZones(ctx, tx, d.ID)
	return err
}

// ZoneDevices lists one page of a zone's devices.
func (t *tenantStore) ZoneDevices(ctx context.Context, zoneID uuid.UUID, page wolfden.PageRequest) (wolfden.Page[wolfden.Device], error) {
	var result wolfden.Page[wolfden.Device]
	err := t.inReadTx(ctx, func(tx runner) error {
		if _, err := t.findZone(ctx, tx, zoneID); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM device_zones WHERE tenant_id = $1 AND zone_id = $2`,
			t.tenantID, zoneID).Scan(&result.Total); err != nil {
			return err
		}
		var err error
		result.Items, err = t.scanDevices(tx.query(ctx, deviceSelect+`JOIN device_zones dz ON dz.tenant_id = d.tenant_id AND dz.device_id = d.id
			WHERE d.tenant_id = $1 AND dz.zone_id = $2 ORDER BY d.registered_at DESC, d.id DESC LIMIT $3 OFFSET $4`,
			t.tenantID, zoneID, page.Size, page.Offset()))
		return err
	})
	return result, err
}

// DeviceZones lists one page of a device's zones.
func (t *tenantStore) DeviceZones(ctx context.Context, deviceID uuid.UUID, page wolfden.PageRequest) (wolfden.Page[wolfden.Zone], error) {
	var result wolfden.Page[wolfden.Zone]
	err := t.inReadTx(ctx, func(tx runner) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM devices WHERE tenant_id = $1 AND id = $2`, t.tenantID, deviceID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return wolfden.Errorf(wolfden.ENotFound, "device %s not found", deviceID)
		}
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM device_zones WHERE tenant_id = $1 AND device_id = $2`,
			t.tenantID, deviceID).Scan(&result.Total); err != nil {
			return err
		}
		var err error
		result.Items, err = t.scanZones(tx.query(ctx, `SELECT `+zoneColumns+` FROM zones z
			JOIN device_zones dz ON dz.tenant_id = z.tenant_id AND dz.zone_id = z.id
			WHERE dz.tenant_id = $1 AND dz.device_id = $2 ORDER BY z.name_key, z.id LIMIT $3 OFFSET $4`,
			t.tenantID, deviceID, page.Size, page.Offset()))
		return err
	})
	return result, err
}

// ResetAgentData deletes the tenant's devices, with everything that hangs
// on them (foreign keys), and the threats, deletion requests and
// detections left over.
func (t *tenantStore) ResetAgentData(ctx context.Context) error {
	return t.inTx(ctx, func(tx runner) error {
		res, err := tx.exec(ctx, `DELETE FROM devices WHERE tenant_id = $1`, t.tenantID)
		if err != nil {
			return err
		}
		removed, err := res.RowsAffected()
		if err != nil {
			return err
		}
		for _, table := range []string{"threats", "device_deletions", "detections"} {
			if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE tenant_id = $1`, t.tenantID); err != nil {
				return err
			}
		}
		return t.devicesChanged(ctx, tx, removed)
	})
}
