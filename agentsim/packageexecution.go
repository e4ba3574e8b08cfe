package agentsim

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// PackageExecution runs packages on devices, named one by one or by zone
// (docs/api/packages.md). Each targeted device's agent carries it out on the
// AgentSchedule.
type PackageExecution struct {
	ID                 uuid.UUID
	TenantID           uuid.UUID
	Name               string
	Created            time.Time
	CreatedBy          wolfden.Modifier
	Target             ExecutionTarget
	Destination        string // where results go: an FTP, SFTP or SMB URL; "" keeps them on the device
	KeepResultsLocally bool
	Runs               []PackageRun
	// DeviceCount is how many targeted devices were online when it was
	// requested; the store sets it on create.
	DeviceCount int
	// Devices are the devices targeted when it was requested (a zone's
	// members then); the store fills them on reads.
	Devices []ExecutionDevice
}

// ExecutionTarget is the devices or the zones an execution names, as
// requested (one list is empty).
type ExecutionTarget struct {
	Devices []uuid.UUID
	Zones   []uuid.UUID
}

// PackageRun is one package an execution runs, with its arguments.
type PackageRun struct {
	PackageID uuid.UUID
	Arguments []string
	// Package is the package; the store fills it on reads.
	Package *Package
}

// ExecutionDevice is a targeted device and whether, and since when, it is
// offline. A device removed since does not answer.
type ExecutionDevice struct {
	ID      uuid.UUID
	Removed bool
	Offline *time.Time
}

// PackageExecutionSortFields are the fields the execution list sorts by.
var PackageExecutionSortFields = []string{"createdAt", "name", "id", "createdBy.id", "createdBy.login", "deviceCount"}

// MaxExecutionTargets bounds the devices or zones one execution names.
const MaxExecutionTargets = 1000

// PackageExecutionRequest is the body of a create request.
type PackageExecutionRequest struct {
	Name               string
	Devices            []string
	Zones              []string
	Destination        string
	KeepResultsLocally bool
	Runs               []PackageRunRequest
}

// Bounds of an execution's runs and a run's arguments, far above real use
// (a package or two, a few arguments).
const (
	MaxExecutionRuns = 100
	MaxRunArguments  = 1000
)

type PackageRunRequest struct {
	Package   string
	Arguments []string
}

// NewPackageExecution validates a create request. Field names are the
// request's ("execution.target.devices[0]"). That the packages, devices
// and zones exist is for storage to check.
func NewPackageExecution(tenantID uuid.UUID, req PackageExecutionRequest, by wolfden.Modifier, now time.Time) (*PackageExecution, error) {
	e := &PackageExecution{ID: uuid.New(), TenantID: tenantID, Name: strings.TrimSpace(req.Name), Created: now, CreatedBy: by,
		Destination: strings.TrimSpace(req.Destination), KeepResultsLocally: req.KeepResultsLocally}
	if e.Name == "" {
		return nil, wolfden.FieldErrorf("execution.name", "execution.name is required")
	}
	if e.Destination != "" {
		if u, err := url.Parse(e.Destination); err != nil || u.Scheme == "" || u.Host == "" {
			return nil, wolfden.FieldErrorf("execution.destination", "destination must be a URL such as sftp://host/folder, or empty, not %q", req.Destination)
		}
	}
	// python-cyapi's deploy tools send both lists with one left empty.
	switch {
	case len(req.Devices) > 0 && len(req.Zones) > 0:
		return nil, wolfden.FieldErrorf("execution.target", "target names devices or zones, not both")
	case len(req.Devices) == 0 && len(req.Zones) == 0:
		return nil, wolfden.FieldErrorf("execution.target", "target must name devices or zones")
	}
	var err error
	if e.Target.Devices, err = parseTargets("execution.target.devices", "device", req.Devices); err != nil {
		return nil, err
	}
	if e.Target.Zones, err = parseTargets("execution.target.zones", "zone", req.Zones); err != nil {
		return nil, err
	}
	if len(req.Runs) == 0 {
		return nil, wolfden.FieldErrorf("execution.packageExecutions", "packageExecutions must name at least one package")
	}
	if err := wolfden.CheckLength("execution.packageExecutions", len(req.Runs), MaxExecutionRuns); err != nil {
		return nil, err
	}
	for i, r := range req.Runs {
		if err := wolfden.CheckLength(fmt.Sprintf("execution.packageExecutions[%d].arguments", i), len(r.Arguments), MaxRunArguments); err != nil {
			return nil, err
		}
		id, ok := wolfden.ParseID(r.Package)
		if !ok {
			return nil, wolfden.FieldErrorf(fmt.Sprintf("execution.packageExecutions[%d].package", i), "%q is not a package id", r.Package)
		}
		if r.Arguments == nil {
			r.Arguments = []string{}
		}
		e.Runs = append(e.Runs, PackageRun{PackageID: id, Arguments: r.Arguments})
	}
	return e, nil
}

// parseTargets parses the ids of a target list, in order, repeats
// included, so that a field's index is the request's.
func parseTargets(field, noun string, in []string) ([]uuid.UUID, error) {
	if len(in) > MaxExecutionTargets {
		return nil, wolfden.FieldErrorf(field, "at most %d %s ids per execution, not %d", MaxExecutionTargets, noun, len(in))
	}
	ids := make([]uuid.UUID, len(in))
	for i, s := range in {
		id, ok := wolfden.ParseID(s)
		if !ok {
			return nil, wolfden.FieldErrorf(fmt.Sprintf("%s[%d]", field, i), "%q is not a %s id", s, noun)
		}
		ids[i] = id
	}
	return ids, nil
}

// DeviceStatuses counts an execution's devices by progress: acked have
// picked it up (running or completed); succeeded and failed have
// completed.
type DeviceStatuses struct{ Acked, Succeeded, Failed int }

// Statuses counts the devices at now. A device fails when a package had
// not been uploaded successfully by the time its agent picked the
// execution up (there was nothing to run); otherwise it succeeds.
func (e *PackageExecution) Statuses(agents Schedule, now time.Time) DeviceStatuses {
	runnable := true
	for _, r := range e.Runs {
		if r.Package == nil || r.Package.Status(agents.PickedUp(e.Created)) != PackageSuccess {
			runnable = false
		}
	}
	var st DeviceStatuses
	for _, d := range e.Devices {
		if d.Removed {
			continue
		}
		switch agents.Progress(e.Created, d.Offline, now) {
		case CommandRunning:
			st.Acked++
		case CommandCompleted:
			st.Acked++
			if runnable {
				st.Succeeded++
			} else {
				st.Failed++
			}
		}
	}
	return st
}
