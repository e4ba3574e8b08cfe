package opticsapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

var exceptionPages = rest.PageLimits{Default: 10, Max: 200}

// exceptionListItemJSON is an exception as the list shows it; Enabled is
// false once it is deactivated.
type exceptionListItemJSON struct {
	ID               string           `json:"Id"`
	Name             string           `json:"Name"`
	Description      string           `json:"Description"`
	Category         string           `json:"Category"`
	Version          int              `json:"Version"`
	Enabled          bool             `json:"Enabled"`
	LastModified     rest.Rfc3339     `json:"LastModified"`
	ModifiedBy       modifierJSON     `json:"ModifiedBy"`
	OperatingSystems []optics.NameRef `json:"OperatingSystems"`
}

func newExceptionListItemJSON(e *optics.DetectionRule) exceptionListItemJSON {
	return exceptionListItemJSON{ID: e.ID.String(), Name: e.Document.Name, Description: e.Document.Description,
		Category: e.Category, Version: e.Version, Enabled: e.Active, LastModified: rest.Rfc3339(e.Modified),
		ModifiedBy: newModifierJSON(e.ModifiedBy), OperatingSystems: e.Document.OperatingSystems}
}

func (s *Handlers) ListExceptions(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, exceptionPages)
	if err != nil {
		return err
	}
	page, err := t.DetectionRules(r.Context(), optics.RuleKindException, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, newExceptionListItemJSON))
	return nil
}

// ExportExceptions answers the list as CSV, the vendor's documented columns
// (Id to LastModified) first.
func (s *Handlers) ExportExceptions(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	return rest.ExportCSV(r.Context(), w, "exceptions.csv",
		[]string{"Id", "Name", "Description", "Version", "LastModified", "Category", "Enabled", "ModifiedBy"},
		rulesOf(t, optics.RuleKindException), func(e *optics.DetectionRule) []string {
			return []string{e.ID.String(), e.Document.Name, e.Document.Description, strconv.Itoa(e.Version),
				e.Modified.UTC().Format(time.RFC3339), e.Category, strconv.FormatBool(e.Active), e.ModifiedBy.Login}
		})
}
