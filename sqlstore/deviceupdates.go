package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// UpdateDevice reads, changes and writes a device: its policy checked
// first (and named) if it changed, then the row, then its MAC index and
// zones where they changed. The write applies only if the row's version
// is still the one read; if another update came first, it starts over
// from a fresh read, so change may run more than once and must depend on
// nothing but the device it is given.
//
// Where writes are group-committed (SQLite) the read runs in the write
// job, on the writer's connection: SQLite drops a read connection's page
// cache whenever another connection has committed, so under a stream of
// writes a read on the read pool fetches every page from the file, while
// the writer's cache stays warm (1.5x the updates/s in wolfden bench
// --quick --only update-device). Jobs run one at a time, so the version
// read is the one written. Elsewhere (PostgreSQL) the read runs on the
// pool and the write holds no read of its own.
func (t *tenantStore) UpdateDevice(ctx context.Context, id uuid.UUID, change func(*wolfden.Device) error) (*wolfden.Device, error) {
	for range maxUpdateAttempts {
		var (
			d       *wolfden.Device
			applied bool
			err     error
		)
		if t.commits != nil {
			err = t.inTx(ctx, func(tx runner) error {
				var err error
				d, applied, err = t.updateDeviceOnce(ctx, tx, writesIn(tx), id, change)
				return err
			})
		} else {
			d, applied, err = t.updateDeviceOnce(ctx, t.reader(), t.ownWrites(ctx), id, change)
		}
		if err != nil || applied {
			return d, err
		}
	}
	return nil, wolfden.Errorf(wolfden.EConflict, "device %s changed under %d updates in a row; try again", id, maxUpdateAttempts)
}

// deviceWrites is how an update writes: exec for a row alone, one
// statement, and inTx for a row with its links.
type deviceWrites struct {
	exec execFunc
	inTx func(fn func(runner) error) error
}

// writesIn writes in tx, a transaction already open.
func writesIn(tx runner) deviceWrites {
	return deviceWrites{tx.exec, func(fn func(runner) error) error { return fn(tx) }}
}

// ownWrites gives each write a transaction of its own.
func (t *tenantStore) ownWrites(ctx context.Context) deviceWrites {
	return deviceWrites{t.execWrite, func(fn func(runner) error) error { return t.inTx(ctx, fn) }}
}

// updateDeviceOnce is one attempt of UpdateDevice: it reads the device
// with read, changes it and writes what changed with w, reporting whether
// the row was still at the version read.
func (t *tenantStore) updateDeviceOnce(ctx context.Context, read runner, w deviceWrites, id uuid.UUID, change func(*wolfden.Device) error) (*wolfden.Device, bool, error) {
	d, version, err := t.findDevice(ctx, read, id)
	if err != nil {
		return nil, false, err
	}
	was, wasRow := deviceLinks(d), rowOf(d)
	if err := change(d); err != nil {
		return nil, false, err
	}
	if was.equal(deviceLinks(d)) {
		applied, err := t.writeDeviceRow(ctx, w.exec, d, wasRow, version)
		return d, applied, err
	}
	var applied bool
	err = w.inTx(func(tx runner) error {
		if d.Policy.ID != was.policyID {
			name, err := t.policyName(ctx, tx, d.Policy.ID)
			if err != nil {
				return err
			}
			d.Policy.Name = name
		}
		var err error
		if applied, err = t.writeDeviceRow(ctx, tx.exec, d, wasRow, version); err != nil || !applied {
			return err
		}
		return t.writeDeviceMembership(ctx, tx, d, was)
	})
	return d, applied, err
}

// maxUpdateAttempts bounds UpdateDevice's fresh starts: each means another
// update of the device committed meanwhile.
const maxUpdateAttempts = 64

// writeDeviceMembership writes d's MAC index and zones where they changed
// from was.
func (t *tenantStore) writeDeviceMembership(ctx context.Context, tx runner, d *wolfden.Device, was links) error {
	if !slices.Equal(was.macs, d.MACAddresses) {
		if err := t.indexMACs(ctx, tx, d); err != nil {
			return err
		}
	}
	if !slices.Equal(was.zoneIDs, zoneIDs(d.Zones)) {
		return t.writeDeviceZones(ctx, tx, d, was.zoneIDs)
	}
	return nil
}

// links is what a device's row points at: its policy, zones and MACs.
type links struct {
	policyID uuid.UUID
	zoneIDs  []uuid.UUID
	macs     []string
}

func deviceLinks(d *wolfden.Device) links {
	return links{d.Policy.ID, zoneIDs(d.Zones), slices.Clone(d.MACAddresses)}
}

// equal: whether the links are the same, so that an update is its row's
// alone, one statement.
func (l links) equal(m links) bool {
	return l.policyID == m.policyID && slices.Equal(l.zoneIDs, m.zoneIDs) && slices.Equal(l.macs, m.macs)
}

// writeDeviceRow writes the columns of d's row that differ from was and
// advances the row's version, if the row is still at version, reporting
// whether it was. Writing only what changed spares the indexes and the
// policy's foreign key the work of an unchanged column (SQLite updates an
// index, and checks a key, whose column is SET at all). The statements
// vary with the columns set, a handful in practice (PUT changes names
// and policies, the agents states), each prepared once.
func (t *tenantStore) writeDeviceRow(ctx context.Context, exec execFunc, d *wolfden.Device, was deviceRow, version int64) (bool, error) {
	var set strings.Builder
	args := []any{t.tenantID, d.ID, version}
	for i, v := range rowOf(d) {
		if v == was[i] {
			continue
		}
		args = append(args, v)
		fmt.Fprintf(&set, "%s = $%d, ", deviceRowColumns[i].name, len(args))
	}
	res, err := exec(ctx, `UPDATE devices SET `+set.String()+`row_version = row_version + 1
		WHERE tenant_id = $1 AND id = $2 AND row_version = $3`, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// deviceRow holds the values of deviceRowColumns for one device.
type deviceRow []any

// deviceRowColumns are the columns of a device's row that an update may
// change, each with its value for a device (comparable, to find what
// changed).
var deviceRowColumns = []struct {
	name  string
	value func(*wolfden.Device) any
}{
	{"name", func(d *wolfden.Device) any { return d.Name }},
	{"host_name", func(d *wolfden.Device) any { return d.HostName }},
	{"host_key", func(d *wolfden.Device) any { return strings.ToLower(d.HostName) }},
	{"os_version", func(d *wolfden.Device) any { return d.OSVersion }},
	{"os_kernel_version", func(d *wolfden.Device) any { return d.OSKernelVersion }},
	{"agent_version", func(d *wolfden.Device) any { return d.AgentVersion }},
	{"state", func(d *wolfden.Device) any { return d.State }},
	{"policy_id", func(d *wolfden.Device) any { return d.Policy.ID }},
	{"ip_addresses", func(d *wolfden.Device) any { return strings.Join(d.IPAddresses, ",") }},
	{"mac_addresses", func(d *wolfden.Device) any { return strings.Join(d.MACAddresses, ",") }},
	{"last_logged_in_user", func(d *wolfden.Device) any { return d.LastLoggedInUser }},
	{"distinguished_name", func(d *wolfden.Device) any { return d.DistinguishedName }},
	{"background_detection", func(d *wolfden.Device) any { return d.BackgroundDetection }},
	{"update_available", func(d *wolfden.Device) any { return d.UpdateAvailable }},
	{"modified_at", func(d *wolfden.Device) any { return micros(d.Modified) }},
	{"offline_at", func(d *wolfden.Device) any { return nullMicros(d.Offline) }},
}

func rowOf(d *wolfden.Device) deviceRow {
	row := make(deviceRow, len(deviceRowColumns))
	for i, c := range deviceRowColumns {
		row[i] = c.value(d)
	}
	return row
}
