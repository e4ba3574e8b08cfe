package sqlstore

import (
	"context"
	"database/sql"
	"math"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

const memoryEventColumns = `id, device_id, agent_event_id, created_at, action, violation_type, image_name, process_id,
	file_hash_id, file_version, dll_version, username, sid, groups`

func scanMemoryEvent(r row) (*wolfden.MemoryEvent, error) {
	var (
		e       wolfden.MemoryEvent
		created int64
	)
	if err := r.Scan(&e.ID, &e.DeviceID, &e.AgentEventID, &created, &e.Action, &e.ViolationType, &e.ImageName,
		&e.ProcessID, &e.FileHashID, &e.FileVersion, &e.DLLVersion, &e.Username, &e.SID, &e.Groups); err != nil {
		return nil, err
	}
	e.Created = fromMicros(created)
	return &e, nil
}

// CreateMemoryEvents stores events of the tenant's devices.
func (t *tenantStore) CreateMemoryEvents(ctx context.Context, events ...*wolfden.MemoryEvent) error {
	return t.inTx(ctx, func(tx runner) error {
		insert, err := tx.batch(ctx, `INSERT INTO memory_events (tenant_id, `+memoryEventColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`)
		if err != nil {
			return err
		}
		for _, e := range events {
			if _, err := insert.exec(ctx, t.tenantID, e.ID, e.DeviceID, e.AgentEventID, micros(e.Created), e.Action,
				e.ViolationType, e.ImageName, e.ProcessID, e.FileHashID, e.FileVersion, e.DLLVersion, e.Username,
				e.SID, e.Groups); err != nil {
				return t.deviceWriteError(err, e.DeviceID)
			}
		}
		return nil
	})
}

// MemoryEvent finds an event by id.
func (t *tenantStore) MemoryEvent(ctx context.Context, id uuid.UUID) (*wolfden.MemoryEvent, error) {
	e, err := scanMemoryEvent(t.reader().queryRow(ctx, `SELECT `+memoryEventColumns+` FROM memory_events
		WHERE tenant_id = $1 AND id = $2`, t.tenantID, id))
	return e, notFoundIf(err, "memory protection event %s not found", id)
}

// MemoryEvents lists one page of events, newest first.
func (t *tenantStore) MemoryEvents(ctx context.Context, from, to *time.Time, device *uuid.UUID, page wolfden.PageRequest) (wolfden.Page[wolfden.MemoryEvent], error) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if from != nil {
		lo = micros(*from)
	}
	if to != nil {
		hi = micros(*to)
	}
	// A NULL device matches every device.
	var deviceArg sql.NullString
	if device != nil {
		deviceArg = sql.NullString{String: device.String(), Valid: true}
	}
	const where = ` FROM memory_events WHERE tenant_id = $1 AND created_at BETWEEN $2 AND $3
		AND (CAST($4 AS TEXT) IS NULL OR device_id = CAST($4 AS TEXT))`
	var result wolfden.Page[wolfden.MemoryEvent]
	err := t.inReadTx(ctx, func(tx runner) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*)`+where, t.tenantID, lo, hi, deviceArg).Scan(&result.Total); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT `+memoryEventColumns+where+` ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6`,
			t.tenantID, lo, hi, deviceArg, page.Size, page.Offset())
		result.Items, err = scanAll(rows, err, scanMemoryEvent)
		return err
	})
	return result, err
}
