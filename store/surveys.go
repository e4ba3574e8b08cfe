package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
)

// SurveyStore keeps a tenant's OPTICS InstaQueries and focus views.
type SurveyStore interface {
	InstaQueryStore
	FocusViewStore
}

// InstaQueryStore keeps a tenant's InstaQueries.
type InstaQueryStore interface {
	// CreateInstaQuery stores q and sends it to the devices of its zones
	// that q.Admits, filling in q.Targets; ENotFound naming zones[i] when a
	// zone does not exist.
	CreateInstaQuery(ctx context.Context, q *agentsim.InstaQuery) error
	// InstaQuery finds a query with its targets.
	InstaQuery(ctx context.Context, id uuid.UUID) (*agentsim.InstaQuery, error)
	// InstaQueries lists the queries filter selects, newest first, with
	// their targets.
	InstaQueries(ctx context.Context, filter agentsim.InstaQueryFilter, page wolfden.PageRequest) (wolfden.Page[agentsim.InstaQuery], error)
	// ArchiveInstaQuery archives a query at now; one archived already
	// keeps its first archive time.
	ArchiveInstaQuery(ctx context.Context, id uuid.UUID, now time.Time) error
}

// FocusViewStore keeps a tenant's focus views. A view goes with its
// device: deleting the device deletes it.
type FocusViewStore interface {
	// CreateFocusView stores v; ENotFound naming device_id when the device
	// does not exist.
	CreateFocusView(ctx context.Context, v *agentsim.FocusView) error
	// FocusView finds a view, with its device's offline time.
	FocusView(ctx context.Context, id uuid.UUID) (*agentsim.FocusView, error)
	// FocusViews lists views, newest first; search, when not empty, keeps
	// those whose SearchText contains it (in any case).
	FocusViews(ctx context.Context, search string, page wolfden.PageRequest) (wolfden.Page[agentsim.FocusView], error)
	// FindFocusViews lists the views of any of refs (device and artifact
	// key), newest first.
	FindFocusViews(ctx context.Context, refs []agentsim.FocusRef) ([]agentsim.FocusView, error)
}
