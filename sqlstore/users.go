package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/sqlrun"
)

const userColumns = `id, email, first_name, last_name, has_logged_in, role, default_zone_role,
	created_at, modified_at, last_login_at, email_confirmed_at, invite_sent_at, password_reset_sent_at`

func scanUser(row row, tenantID uuid.UUID) (*wolfden.User, error) {
	u := wolfden.User{TenantID: tenantID}
	var (
		created, modified                                     int64
		lastLogin, emailConfirmed, inviteSent, passwordResent sql.NullInt64
	)
	err := row.Scan(&u.ID, &u.Email, &u.FirstName, &u.LastName, &u.HasLoggedIn, &u.Role, &u.DefaultZoneRole,
		&created, &modified, &lastLogin, &emailConfirmed, &inviteSent, &passwordResent)
	if err != nil {
		return nil, err
	}
	u.Created, u.Modified = fromMicros(created), fromMicros(modified)
	u.LastLogin, u.EmailConfirmed = fromNullMicros(lastLogin), fromNullMicros(emailConfirmed)
	u.InviteSent, u.PasswordResetSent = fromNullMicros(inviteSent), fromNullMicros(passwordResent)
	return &u, nil
}

// CreateUser stores u with its zones.
func (t *tenantStore) CreateUser(ctx context.Context, u *wolfden.User) error {
	if u.TenantID != t.tenantID {
		return wolfden.Errorf(wolfden.EInvalid, "user belongs to another tenant")
	}
	if len(u.Zones) == 0 {
		return t.insertUser(ctx, t.execWrite, u)
	}
	return t.inTx(ctx, func(tx runner) error {
		if err := t.resolveZones(ctx, tx, u.Zones); err != nil {
			return err
		}
		if err := t.insertUser(ctx, tx.exec, u); err != nil {
			return err
		}
		return t.insertUserZones(ctx, tx, u)
	})
}

func (t *tenantStore) insertUser(ctx context.Context, exec execFunc, u *wolfden.User) error {
	_, err := exec(ctx, `INSERT INTO users (tenant_id, `+userColumns+`, email_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		t.tenantID, u.ID, u.Email, u.FirstName, u.LastName, u.HasLoggedIn, u.Role, u.DefaultZoneRole,
		micros(u.Created), micros(u.Modified), nullMicros(u.LastLogin), nullMicros(u.EmailConfirmed),
		nullMicros(u.InviteSent), nullMicros(u.PasswordResetSent), strings.ToLower(u.Email))
	return t.conflictIf(err, "e-mail %s is already in use", u.Email)
}

// resolveZones checks that every zone exists in the tenant and fills in
// its name.
func (t *tenantStore) resolveZones(ctx context.Context, tx runner, zones []wolfden.UserZone) error {
	for i := range zones {
		err := tx.queryRow(ctx, `SELECT name FROM zones WHERE tenant_id = $1 AND id = $2`,
			t.tenantID, zones[i].ZoneID).Scan(&zones[i].ZoneName)
		if errors.Is(err, sql.ErrNoRows) {
			return wolfden.FieldErrorf(fmt.Sprintf("zones[%d].id", i), "zone %s does not exist", zones[i].ZoneID)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (t *tenantStore) insertUserZones(ctx context.Context, tx runner, u *wolfden.User) error {
	for _, z := range u.Zones {
		_, err := tx.exec(ctx, `INSERT INTO user_zones (tenant_id, user_id, zone_id, role, added_at, modified_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, t.tenantID, u.ID, z.ZoneID, z.Role, micros(z.Added), micros(z.Modified))
		if err != nil {
			return err
		}
	}
	return nil
}

// User finds a user by id.
func (t *tenantStore) User(ctx context.Context, id uuid.UUID) (*wolfden.User, error) {
	return t.findUser(ctx, t.reader(), `id = $2`, id)
}

// UserByEmail finds a user by e-mail, case-insensitively.
func (t *tenantStore) UserByEmail(ctx context.Context, email string) (*wolfden.User, error) {
	return t.findUser(ctx, t.reader(), `email_key = $2`, strings.ToLower(email))
}

func (t *tenantStore) findUser(ctx context.Context, q runner, cond string, arg any) (*wolfden.User, error) {
	row := q.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE tenant_id = $1 AND `+cond, t.tenantID, arg)
	u, err := scanUser(row, t.tenantID)
	if err != nil {
		return nil, notFoundIf(err, "user %v not found", arg)
	}
	if err := t.loadUserZones(ctx, q, []*wolfden.User{u}); err != nil {
		return nil, err
	}
	return u, nil
}

// loadUserZones fills in the zones of users with one query.
func (t *tenantStore) loadUserZones(ctx context.Context, q runner, users []*wolfden.User) error {
	if len(users) == 0 {
		return nil
	}
	byID := make(map[uuid.UUID]*wolfden.User, len(users))
	args := []any{t.tenantID}
	for _, u := range users {
		byID[u.ID] = u
		args = append(args, u.ID)
	}
	rows, err := q.query(ctx, `SELECT uz.user_id, uz.zone_id, z.name, uz.role, uz.added_at, uz.modified_at
		FROM user_zones uz JOIN zones z ON z.tenant_id = uz.tenant_id AND z.id = uz.zone_id
		WHERE uz.tenant_id = $1 AND uz.user_id IN (`+sqlrun.Placeholders(2, len(users))+`)
		ORDER BY z.name, uz.zone_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			userID          uuid.UUID
			z               wolfden.UserZone
			added, modified int64
		)
		if err := rows.Scan(&userID, &z.ZoneID, &z.ZoneName, &z.Role, &added, &modified); err != nil {
			return err
		}
		z.Added, z.Modified = fromMicros(added), fromMicros(modified)
		u := byID[userID]
		u.Zones = append(u.Zones, z)
	}
	return rows.Err()
}

// Users lists one page of users, newest first.
func (t *tenantStore) Users(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[wolfden.User], error) {
	var result wolfden.Page[wolfden.User]
	err := t.inReadTx(ctx, func(tx runner) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE tenant_id = $1`, t.tenantID).Scan(&result.Total); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT `+userColumns+` FROM users WHERE tenant_id = $1
			ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`, t.tenantID, page.Size, page.Offset())
		if err != nil {
			return err
		}
		defer rows.Close()
		var users []*wolfden.User
		for rows.Next() {
			u, err := scanUser(rows, t.tenantID)
			if err != nil {
				return err
			}
			users = append(users, u)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if err := t.loadUserZones(ctx, tx, users); err != nil {
			return err
		}
		result.Items = make([]wolfden.User, len(users))
		for i, u := range users {
			result.Items[i] = *u
		}
		return nil
	})
	return result, err
}

// UpdateUser reads, changes and writes a user in one transaction.
func (t *tenantStore) UpdateUser(ctx context.Context, id uuid.UUID, change func(*wolfden.User) error) (*wolfden.User, error) {
	return readChangeWrite(ctx, t.Store, func(tx runner) (*wolfden.User, error) { return t.findUser(ctx, tx, `id = $2`, id) }, change,
		func(tx runner, u *wolfden.User) error {
			if err := t.resolveZones(ctx, tx, u.Zones); err != nil {
				return err
			}
			_, err := tx.exec(ctx, `UPDATE users SET email = $3, email_key = $4, first_name = $5, last_name = $6,
				has_logged_in = $7, role = $8, default_zone_role = $9, modified_at = $10, last_login_at = $11,
				email_confirmed_at = $12, invite_sent_at = $13, password_reset_sent_at = $14
				WHERE tenant_id = $1 AND id = $2`,
				t.tenantID, id, u.Email, strings.ToLower(u.Email), u.FirstName, u.LastName, u.HasLoggedIn, u.Role,
				u.DefaultZoneRole, micros(u.Modified), nullMicros(u.LastLogin), nullMicros(u.EmailConfirmed),
				nullMicros(u.InviteSent), nullMicros(u.PasswordResetSent))
			if err != nil {
				return t.conflictIf(err, "e-mail %s is already in use", u.Email)
			}
			if _, err := tx.exec(ctx, `DELETE FROM user_zones WHERE tenant_id = $1 AND user_id = $2`, t.tenantID, id); err != nil {
				return err
			}
			return t.insertUserZones(ctx, tx, u)
		})
}

// DeleteUser deletes a user and its zone roles.
func (t *tenantStore) DeleteUser(ctx context.Context, id uuid.UUID) error {
	res, err := t.execWrite(ctx, `DELETE FROM users WHERE tenant_id = $1 AND id = $2`, t.tenantID, id)
	return changedRows(res, err, func() error { return wolfden.Errorf(wolfden.ENotFound, "user %s not found", id) })
}
