package wolfden

import (
	"encoding/hex"
	"strings"
	"time"

	"github.com/google/uuid"
)

// ListType names a global list.
type ListType int

const (
	GlobalQuarantine ListType = 0 // block everywhere
	GlobalSafe       ListType = 1 // allow everywhere
)

func (t ListType) String() string {
	if t == GlobalSafe {
		return "GlobalSafe"
	}
	return "GlobalQuarantine"
}

// ParseListType parses a list_type name, in any case.
func ParseListType(s string) (ListType, bool) {
	for _, t := range []ListType{GlobalQuarantine, GlobalSafe} {
		if strings.EqualFold(s, t.String()) {
			return t, true
		}
	}
	return 0, false
}

// SafeCategories are the safe-list categories as the console returns them.
var SafeCategories = []string{"Admin Tool", "Commercial Software", "Drivers", "Internal Application",
	"Operating System", "Security Software", "None"}

// ParseSafeCategory accepts the spellings clients send — any case, with or
// without spaces, and the SOAR connector's "Commerical Software" — and
// returns the canonical form.
func ParseSafeCategory(s string) (string, bool) {
	key := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "")) }
	if key(s) == "commericalsoftware" {
		return "Commercial Software", true
	}
	for _, c := range SafeCategories {
		if key(s) == key(c) {
			return c, true
		}
	}
	return "", false
}

// ParseSHA256 accepts a SHA-256 in hexadecimal, any case, and returns it
// upper-case, as responses show hashes.
func ParseSHA256(s string) (string, bool) {
	if len(s) != 64 {
		return "", false
	}
	if _, err := hex.DecodeString(s); err != nil {
		return "", false
	}
	return strings.ToUpper(s), true
}

// GlobalListEntry is a hash on a tenant's global quarantine or safe list.
type GlobalListEntry struct {
	SHA256   string
	ListType ListType
	Category string // safe list only; "" on the quarantine list
	Reason   string
	Added    time.Time
	AddedBy  uuid.UUID // the application that added it
	// What the tenant knows of the file, from its threats, when read
	// back: empty, and CylanceScore nil, for a hash it has never seen.
	MD5, Name, Classification, SubClassification string
	CylanceScore                                 *float64
}

// GlobalListChange is the body of an add request.
type GlobalListChange struct {
	SHA256   *string
	ListType *string
	Category *string
	Reason   *string
}

// NewGlobalListEntry validates an add request.
func NewGlobalListEntry(c GlobalListChange, addedBy uuid.UUID, now time.Time) (*GlobalListEntry, error) {
	sha, listType, err := ParseListKey(c.SHA256, c.ListType)
	if err != nil {
		return nil, err
	}
	e := &GlobalListEntry{SHA256: sha, ListType: listType, Added: now, AddedBy: addedBy}
	if c.Reason == nil || strings.TrimSpace(*c.Reason) == "" {
		return nil, FieldErrorf("reason", "reason is required")
	}
	e.Reason = strings.TrimSpace(*c.Reason)
	if listType == GlobalSafe {
		if c.Category == nil {
			return nil, FieldErrorf("category", "category is required for the GlobalSafe list")
		}
		cat, ok := ParseSafeCategory(*c.Category)
		if !ok {
			return nil, FieldErrorf("category", "%q is not a category: use one of %s", *c.Category, strings.Join(SafeCategories, ", "))
		}
		e.Category = cat
	}
	return e, nil
}

// ParseListKey validates the sha256 and list_type members that name an
// entry.
func ParseListKey(sha256, listType *string) (string, ListType, error) {
	if sha256 == nil {
		return "", 0, FieldErrorf("sha256", "sha256 is required")
	}
	sha, ok := ParseSHA256(*sha256)
	if !ok {
		return "", 0, FieldErrorf("sha256", "%q is not a SHA-256 (64 hexadecimal digits)", *sha256)
	}
	if listType == nil {
		return "", 0, FieldErrorf("list_type", "list_type is required")
	}
	t, ok := ParseListType(*listType)
	if !ok {
		return "", 0, FieldErrorf("list_type", "%q is not a list type: use GlobalQuarantine or GlobalSafe", *listType)
	}
	return sha, t, nil
}
