package sqlrun

import "strings"

// The tables and columns of a device's rows, in the order their values
// are given: the device, each of its MAC addresses, each of its zone
// memberships.
const (
	Devices = `devices (tenant_id, id, name, host_name, host_key, os_version,
		os_kernel_version, agent_version, state, policy_id, ip_addresses, mac_addresses, last_logged_in_user,
		distinguished_name, background_detection, update_available, registered_at, modified_at, offline_at)`
	DeviceMACs  = `device_macs (tenant_id, mac, device_id)`
	DeviceZones = `device_zones (tenant_id, device_id, zone_id, added_at)`
)

// InsertInto returns the INSERT of rows rows into into, a table and its
// columns such as Devices.
func InsertInto(into string, rows int) string {
	return `INSERT INTO ` + into + ` VALUES ` + ValueRows(rows, strings.Count(into, ",")+1)
}

// DevicesPerInsert is how many devices one INSERT carries. PostgreSQL
// pays a round trip per statement. SQLite has none to save, and one row
// per prepared statement measured faster there (wolfden bench --only
// seed: 2.5x) than multi-row statements, which modernc parses per run
// and binds parameter by parameter, looking each up by name.
func DevicesPerInsert(postgres bool) int {
	if postgres {
		return 100
	}
	return 1
}
