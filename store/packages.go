package store

import (
	"context"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
)

// PackageStore keeps a tenant's OPTICS packages, their files, and their
// executions.
type PackageStore interface {
	CreatePackage(ctx context.Context, p *agentsim.Package) error
	Package(ctx context.Context, id uuid.UUID) (*agentsim.Package, error)
	// Packages lists the packages q selects, in its order (one of
	// PackageSortFields).
	Packages(ctx context.Context, q agentsim.PackageQuery, page wolfden.PageRequest) (wolfden.Page[agentsim.Package], error)
	// UploadPackage applies receive to the package atomically and, when it
	// accepts, stores content as its file.
	UploadPackage(ctx context.Context, id uuid.UUID, content []byte, receive func(*agentsim.Package) error) (*agentsim.Package, error)
	// PackageFile reads the file uploaded for a package; ENotFound when
	// the package or its file does not exist.
	PackageFile(ctx context.Context, id uuid.UUID) ([]byte, error)
	// DeletePackage deletes a package; EConflict while an execution runs
	// it.
	DeletePackage(ctx context.Context, id uuid.UUID) error

	// CreatePackageExecution stores e, with the devices it targets (a
	// zone's members now) and how many of them are online (DeviceCount),
	// and fills in its packages and devices. ENotFound naming the
	// request's field ("execution.target.devices[2]") when a package,
	// device or zone does not exist.
	CreatePackageExecution(ctx context.Context, e *agentsim.PackageExecution) error
	// PackageExecution finds an execution with its packages and devices.
	PackageExecution(ctx context.Context, id uuid.UUID) (*agentsim.PackageExecution, error)
	// PackageExecutions lists executions with their packages and devices,
	// in order (one of PackageExecutionSortFields).
	PackageExecutions(ctx context.Context, order wolfden.SortOrder, page wolfden.PageRequest) (wolfden.Page[agentsim.PackageExecution], error)
	// DeletePackageExecution deletes an execution and answers it as it was.
	DeletePackageExecution(ctx context.Context, id uuid.UUID) (*agentsim.PackageExecution, error)
}
