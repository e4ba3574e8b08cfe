package store

import (
	"context"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// UserStore holds a tenant's console users.
type UserStore interface {
	// CreateUser stores u and fills in its zone names. EConflict when the
	// e-mail is in use (case-insensitively); EInvalid naming the field when
	// a zone does not exist.
	CreateUser(ctx context.Context, u *wolfden.User) error
	User(ctx context.Context, id uuid.UUID) (*wolfden.User, error)
	UserByEmail(ctx context.Context, email string) (*wolfden.User, error)
	// Users lists users newest first.
	Users(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[wolfden.User], error)
	// UpdateUser applies change to the stored user atomically and stores
	// the result, with the same errors as CreateUser.
	UpdateUser(ctx context.Context, id uuid.UUID, change func(*wolfden.User) error) (*wolfden.User, error)
	DeleteUser(ctx context.Context, id uuid.UUID) error
}
