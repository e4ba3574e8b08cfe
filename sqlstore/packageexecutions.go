package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
)

const executionColumns = `e.id, e.name, e.target_zones, e.target_ids, e.destination, e.keep_local, e.device_count,
	e.created_by, e.created_login, e.created_at`

func (t *tenantStore) scanExecution(r row) (*agentsim.PackageExecution, error) {
	e := agentsim.PackageExecution{TenantID: t.tenantID}
	var (
		zones   bool
		ids     string
		created int64
	)
	if err := r.Scan(&e.ID, &e.Name, &zones, &ids, &e.Destination, &e.KeepResultsLocally, &e.DeviceCount,
		&e.CreatedBy.ID, &e.CreatedBy.Login, &created); err != nil {
		return nil, err
	}
	e.Created = fromMicros(created)
	target := make([]uuid.UUID, 0)
	for _, s := range splitList(ids) {
		id, err := uuid.Parse(s)
		if err != nil {
			return nil, err
		}
		target = append(target, id)
	}
	if zones {
		e.Target.Zones = target
	} else {
		e.Target.Devices = target
	}
	return &e, nil
}

// loadExecution fills in an execution's packages and devices.
func (t *tenantStore) loadExecution(ctx context.Context, q runner, e *agentsim.PackageExecution) error {
	rows, err := q.query(ctx, `SELECT r.arguments, `+packageColumns+` FROM package_execution_runs r
		JOIN packages p ON p.tenant_id = r.tenant_id AND p.id = r.package_id
		WHERE r.tenant_id = $1 AND r.execution_id = $2 ORDER BY r.position`, t.tenantID, e.ID)
	e.Runs, err = scanAll(rows, err, func(r row) (*agentsim.PackageRun, error) {
		var args string
		p, err := t.scanPackage(prefixedRow{r, &args})
		if err != nil {
			return nil, err
		}
		run := agentsim.PackageRun{PackageID: p.ID, Package: p}
		return &run, json.Unmarshal([]byte(args), &run.Arguments)
	})
	if err != nil {
		return err
	}
	rows, err = q.query(ctx, `SELECT ed.device_id, d.id IS NULL, d.offline_at FROM package_execution_devices ed
		LEFT JOIN devices d ON d.tenant_id = ed.tenant_id AND d.id = ed.device_id
		WHERE ed.tenant_id = $1 AND ed.execution_id = $2 ORDER BY ed.device_id`, t.tenantID, e.ID)
	e.Devices, err = scanAll(rows, err, func(r row) (*agentsim.ExecutionDevice, error) {
		var (
			d       agentsim.ExecutionDevice
			offline sql.NullInt64
		)
		err := r.Scan(&d.ID, &d.Removed, &offline)
		d.Offline = fromNullMicros(offline)
		return &d, err
	})
	return err
}

func (t *tenantStore) findExecution(ctx context.Context, q runner, id uuid.UUID) (*agentsim.PackageExecution, error) {
	e, err := t.scanExecution(q.queryRow(ctx, `SELECT `+executionColumns+` FROM package_executions e
		WHERE e.tenant_id = $1 AND e.id = $2`, t.tenantID, id))
	if err != nil {
		return nil, notFoundIf(err, "package execution %s not found", id)
	}
	return e, t.loadExecution(ctx, q, e)
}

// targetDevice is a device an execution targets, as it is when requested.
type targetDevice struct {
	id     uuid.UUID
	online bool
}

// resolveTargets lists the devices an execution targets now, each once:
// the devices it names, or the members of the zones it names.
func (t *tenantStore) resolveTargets(ctx context.Context, tx runner, target agentsim.ExecutionTarget) ([]targetDevice, error) {
	var devices []targetDevice
	seen := map[uuid.UUID]bool{}
	add := func(d targetDevice) {
		if !seen[d.id] {
			seen[d.id] = true
			devices = append(devices, d)
		}
	}
	for i, id := range target.Devices {
		var state wolfden.DeviceState
		err := tx.queryRow(ctx, `SELECT state FROM devices WHERE tenant_id = $1 AND id = $2`, t.tenantID, id).Scan(&state)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, &wolfden.Error{Code: wolfden.ENotFound, Field: fmt.Sprintf("execution.target.devices[%d]", i),
				Message: "device " + wolfden.OpticsID(id) + " not found"}
		}
		if err != nil {
			return nil, err
		}
		add(targetDevice{id, state == wolfden.Online})
	}
	for i, id := range target.Zones {
		if _, err := t.findZone(ctx, tx, id); err != nil {
			if wolfden.CodeOf(err) == wolfden.ENotFound {
				err = &wolfden.Error{Code: wolfden.ENotFound, Field: fmt.Sprintf("execution.target.zones[%d]", i),
					Message: "zone " + wolfden.OpticsID(id) + " not found"}
			}
			return nil, err
		}
		rows, err := tx.query(ctx, `SELECT d.id, d.state FROM devices d
			JOIN device_zones dz ON dz.tenant_id = d.tenant_id AND dz.device_id = d.id
			WHERE dz.tenant_id = $1 AND dz.zone_id = $2 ORDER BY d.id`, t.tenantID, id)
		members, err := scanAll(rows, err, func(r row) (*targetDevice, error) {
			var (
				d     targetDevice
				state wolfden.DeviceState
			)
			err := r.Scan(&d.id, &state)
			d.online = state == wolfden.Online
			return &d, err
		})
		if err != nil {
			return nil, err
		}
		for _, d := range members {
			add(d)
		}
	}
	return devices, nil
}

// CreatePackageExecution stores an execution with its packages and the
// devices it targets now.
func (t *tenantStore) CreatePackageExecution(ctx context.Context, e *agentsim.PackageExecution) error {
	if e.TenantID != t.tenantID {
		return wolfden.Errorf(wolfden.EInvalid, "package execution belongs to another tenant")
	}
	return t.inTx(ctx, func(tx runner) error {
		for i, r := range e.Runs {
			if _, err := t.findPackage(ctx, tx, r.PackageID); err != nil {
				if wolfden.CodeOf(err) == wolfden.ENotFound {
					err = &wolfden.Error{Code: wolfden.ENotFound, Field: fmt.Sprintf("execution.packageExecutions[%d].package", i),
						Message: "package " + r.PackageID.String() + " not found"}
				}
				return err
			}
		}
		devices, err := t.resolveTargets(ctx, tx, e.Target)
		if err != nil {
			return err
		}
		e.DeviceCount = 0
		for _, d := range devices {
			if d.online {
				e.DeviceCount++
			}
		}
		target, zones := e.Target.Devices, false
		if len(e.Target.Zones) > 0 {
			target, zones = e.Target.Zones, true
		}
		ids := make([]string, len(target))
		for i, id := range target {
			ids[i] = id.String()
		}
		if _, err := tx.exec(ctx, `INSERT INTO package_executions (tenant_id, id, name, name_key, target_zones, target_ids,
			destination, keep_local, device_count, created_by, created_login, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			t.tenantID, e.ID, e.Name, strings.ToLower(e.Name), zones, strings.Join(ids, ","), e.Destination, e.KeepResultsLocally,
			e.DeviceCount, e.CreatedBy.ID, e.CreatedBy.Login, micros(e.Created)); err != nil {
			return err
		}
		for i, r := range e.Runs {
			args, err := json.Marshal(r.Arguments)
			if err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `INSERT INTO package_execution_runs (tenant_id, execution_id, position, package_id, arguments)
				VALUES ($1, $2, $3, $4, $5)`, t.tenantID, e.ID, i, r.PackageID, string(args)); err != nil {
				return err
			}
		}
		insert, err := tx.batch(ctx, `INSERT INTO package_execution_devices (tenant_id, execution_id, device_id) VALUES ($1, $2, $3)`)
		if err != nil {
			return err
		}
		for _, d := range devices {
			if _, err := insert.exec(ctx, t.tenantID, e.ID, d.id); err != nil {
				return err
			}
		}
		return t.loadExecution(ctx, tx, e)
	})
}

// PackageExecution finds an execution.
func (t *tenantStore) PackageExecution(ctx context.Context, id uuid.UUID) (*agentsim.PackageExecution, error) {
	var e *agentsim.PackageExecution
	err := t.inReadTx(ctx, func(tx runner) error {
		var err error
		e, err = t.findExecution(ctx, tx, id)
		return err
	})
	return e, err
}

// executionOrder maps PackageExecutionSortFields to columns.
var executionOrder = map[string]string{
	"createdAt": "e.created_at", "name": "e.name_key", "id": "e.id", "createdBy.id": "e.created_by",
	"createdBy.login": "e.created_login", "deviceCount": "e.device_count",
}

// PackageExecutions lists executions in order.
func (t *tenantStore) PackageExecutions(ctx context.Context, order wolfden.SortOrder, page wolfden.PageRequest) (wolfden.Page[agentsim.PackageExecution], error) {
	var result wolfden.Page[agentsim.PackageExecution]
	by, err := orderBy(executionOrder, order, "e.created_at", "e.id")
	if err != nil {
		return result, err
	}
	err = t.inReadTx(ctx, func(tx runner) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM package_executions WHERE tenant_id = $1`, t.tenantID).Scan(&result.Total); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT `+executionColumns+` FROM package_executions e WHERE e.tenant_id = $1`+by+` LIMIT $2 OFFSET $3`,
			t.tenantID, page.Size, page.Offset())
		if result.Items, err = scanAll(rows, err, t.scanExecution); err != nil {
			return err
		}
		for i := range result.Items {
			if err := t.loadExecution(ctx, tx, &result.Items[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return result, err
}

// DeletePackageExecution deletes an execution and answers it.
func (t *tenantStore) DeletePackageExecution(ctx context.Context, id uuid.UUID) (*agentsim.PackageExecution, error) {
	var e *agentsim.PackageExecution
	err := t.inTx(ctx, func(tx runner) error {
		var err error
		if e, err = t.findExecution(ctx, tx, id); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM package_executions WHERE tenant_id = $1 AND id = $2`, t.tenantID, id)
		return err
	})
	return e, err
}
