package opticsapi

import (
	"context"
	"net/http"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

var executionPages = rest.PageLimits{Default: 10, Max: 200}

// packageExecutionJSON is an execution. Its target is the list it was
// given (devices or zones, upper-case without hyphens); deviceCount the
// targeted devices online when it was requested; deviceStatuses how far
// the targeted devices' agents are now.
type packageExecutionJSON struct {
	ID                 string              `json:"id"`
	Name               string              `json:"name"`
	CreatedAt          rest.Rfc3339        `json:"createdAt"`
	CreatedBy          modifierJSON        `json:"createdBy"`
	Target             executionTargetJSON `json:"target"`
	Destination        string              `json:"destination"`
	KeepResultsLocally bool                `json:"keepResultsLocally"`
	DeviceCount        int                 `json:"deviceCount"`
	DeviceStatuses     deviceStatusesJSON  `json:"deviceStatuses"`
	PackageExecutions  []packageRunJSON    `json:"packageExecutions"`
}

type executionTargetJSON struct {
	Devices []string `json:"devices,omitempty"`
	Zones   []string `json:"zones,omitempty"`
}

type deviceStatusesJSON struct {
	Acked     int `json:"acked"`
	Succeeded int `json:"succeeded"`
	Failed    int `json:"failed"`
}

// packageRunJSON is a package an execution runs: its id on input, its
// download link on output.
type packageRunJSON struct {
	Arguments []string `json:"arguments"`
	Package   string   `json:"package"`
}

func opticsIDs(ids []uuid.UUID) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = wolfden.OpticsID(id)
	}
	return out
}

func (s *Handlers) NewPackageExecutionJSON(r *http.Request, e *agentsim.PackageExecution) (packageExecutionJSON, error) {
	st := e.Statuses(s.Agents, s.Now())
	out := packageExecutionJSON{ID: e.ID.String(), Name: e.Name, CreatedAt: rest.Rfc3339(e.Created), CreatedBy: newModifierJSON(e.CreatedBy),
		Destination: e.Destination, KeepResultsLocally: e.KeepResultsLocally, DeviceCount: e.DeviceCount,
		DeviceStatuses: deviceStatusesJSON(st), PackageExecutions: make([]packageRunJSON, len(e.Runs))}
	if len(e.Target.Zones) > 0 {
		out.Target.Zones = opticsIDs(e.Target.Zones)
	} else {
		out.Target.Devices = opticsIDs(e.Target.Devices)
	}
	for i, run := range e.Runs {
		url, err := s.PackageURL(r, run.Package)
		if err != nil {
			return out, err
		}
		out.PackageExecutions[i] = packageRunJSON{Arguments: run.Arguments, Package: url}
	}
	return out, nil
}

func (s *Handlers) WritePackageExecution(w http.ResponseWriter, r *http.Request, e *agentsim.PackageExecution) error {
	out, err := s.NewPackageExecutionJSON(r, e)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

type packageExecutionBody struct {
	Execution *struct {
		Name   string `json:"name"`
		Target struct {
			Devices []string `json:"devices"`
			Zones   []string `json:"zones"`
		} `json:"target"`
		Destination        string `json:"destination"`
		KeepResultsLocally bool   `json:"keepResultsLocally"`
		PackageExecutions  []struct {
			Arguments []string `json:"arguments"`
			Package   string   `json:"package"`
		} `json:"packageExecutions"`
	} `json:"execution"`
}

// CreatePackageExecution runs packages on devices or zones (one, not
// both); unknown packages, devices and zones are 404s naming the field.
func (s *Handlers) CreatePackageExecution(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var body packageExecutionBody
	if err := rest.DecodeJSON(r, &body); err != nil {
		return err
	}
	x := body.Execution
	if x == nil {
		return wolfden.FieldErrorf("execution", "execution is required")
	}
	req := agentsim.PackageExecutionRequest{Name: x.Name, Devices: x.Target.Devices, Zones: x.Target.Zones,
		Destination: x.Destination, KeepResultsLocally: x.KeepResultsLocally}
	for _, run := range x.PackageExecutions {
		req.Runs = append(req.Runs, agentsim.PackageRunRequest{Package: run.Package, Arguments: run.Arguments})
	}
	by, err := modifier(r, t)
	if err != nil {
		return err
	}
	e, err := agentsim.NewPackageExecution(t.TenantID(), req, by, s.Now())
	if err != nil {
		return err
	}
	if err := t.CreatePackageExecution(r.Context(), e); err != nil {
		return err
	}
	return s.WritePackageExecution(w, r, e)
}

// AnswerExecution is a route answering the execution of the path as act
// (reading or deleting it) returns it.
func (s *Handlers) AnswerExecution(act func(store.TenantStore, context.Context, uuid.UUID) (*agentsim.PackageExecution, error)) rest.Operation {
	return func(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
		id, err := rest.PathID(r, "execution", "package execution")
		if err != nil {
			return err
		}
		e, err := act(t, r.Context(), id)
		if err != nil {
			return err
		}
		return s.WritePackageExecution(w, r, e)
	}
}

// ListPackageExecutions lists executions, newest first unless sort says
// otherwise.
func (s *Handlers) ListPackageExecutions(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, executionPages)
	if err != nil {
		return err
	}
	order, err := rest.ParseSort(r, agentsim.PackageExecutionSortFields, wolfden.SortOrder{Key: "createdAt", Desc: true})
	if err != nil {
		return err
	}
	page, err := t.PackageExecutions(r.Context(), order, req)
	if err != nil {
		return err
	}
	return rest.WriteLinkedPage(s.Core, w, r, req, page, s.NewPackageExecutionJSON)
}
