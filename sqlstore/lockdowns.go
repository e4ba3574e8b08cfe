package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden/agentsim"
)

// Lockdown reads a device's lockdown and history in one snapshot.
func (t *tenantStore) Lockdown(ctx context.Context, deviceID uuid.UUID) (*agentsim.LockdownState, error) {
	var st *agentsim.LockdownState
	err := t.inReadTx(ctx, func(tx runner) error {
		var err error
		st, err = t.findLockdown(ctx, tx, deviceID)
		return err
	})
	return st, err
}

func (t *tenantStore) findLockdown(ctx context.Context, q runner, deviceID uuid.UUID) (*agentsim.LockdownState, error) {
	if err := t.checkDevice(ctx, q, deviceID); err != nil {
		return nil, err
	}
	st := &agentsim.LockdownState{DeviceID: deviceID}
	var (
		l                  agentsim.NetworkLockdown
		initiated, expires int64
	)
	err := q.queryRow(ctx, `SELECT config_id, lock_type, password, initiated_at, expires_at FROM device_lockdowns
		WHERE tenant_id = $1 AND device_id = $2`, t.tenantID, deviceID).Scan(&l.ConfigID, &l.Type, &l.Password, &initiated, &expires)
	switch {
	case err == nil:
		l.Initiated, l.Expires = fromMicros(initiated), fromMicros(expires)
		st.Current = &l
	case !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	rows, err := q.query(ctx, `SELECT user_id, at, command FROM device_lockdown_history
		WHERE tenant_id = $1 AND device_id = $2 ORDER BY seq`, t.tenantID, deviceID)
	st.History, err = scanAll(rows, err, func(r row) (*agentsim.LockdownEvent, error) {
		var (
			e  agentsim.LockdownEvent
			at int64
		)
		err := r.Scan(&e.UserID, &at, &e.Command)
		e.At = fromMicros(at)
		return &e, err
	})
	return st, err
}

// UpdateLockdown reads, changes and writes a device's lockdown; the
// history is only appended to.
func (t *tenantStore) UpdateLockdown(ctx context.Context, deviceID uuid.UUID, change func(*agentsim.LockdownState) error) (*agentsim.LockdownState, error) {
	var kept int // history entries already stored
	return readChangeWrite(ctx, t.Store, func(tx runner) (*agentsim.LockdownState, error) {
		st, err := t.findLockdown(ctx, tx, deviceID)
		if err == nil {
			kept = len(st.History)
		}
		return st, err
	}, change, func(tx runner, st *agentsim.LockdownState) error {
		if l := st.Current; l != nil {
			if _, err := tx.exec(ctx, `INSERT INTO device_lockdowns (tenant_id, device_id, config_id, lock_type, password,
				initiated_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (tenant_id, device_id) DO UPDATE SET config_id = excluded.config_id, lock_type = excluded.lock_type,
				password = excluded.password, initiated_at = excluded.initiated_at, expires_at = excluded.expires_at`,
				t.tenantID, deviceID, l.ConfigID, l.Type, l.Password, micros(l.Initiated), micros(l.Expires)); err != nil {
				return err
			}
		}
		for seq := kept; seq < len(st.History); seq++ {
			e := st.History[seq]
			if _, err := tx.exec(ctx, `INSERT INTO device_lockdown_history (tenant_id, device_id, seq, user_id, at, command)
				VALUES ($1, $2, $3, $4, $5, $6)`, t.tenantID, deviceID, seq, e.UserID, micros(e.At), e.Command); err != nil {
				return err
			}
		}
		return nil
	})
}
