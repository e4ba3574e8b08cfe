package wolfden

import (
	"slices"
	"strings"
)

// Scope is a privilege an application may hold and an access token may
// carry, written resource:action as in the vendor's privilege table.
type Scope string

// AllScopes lists every scope of the API (spec README §2.5), including the
// ones the spec infers. An all-privilege application holds all of them.
var AllScopes = func() []Scope {
	actions := []struct {
		resource string
		actions  string
	}{
		{"application", "create read list update regenerate delete"},
		{"device", "create read list update delete threatlist"},
		{"threat", "read list devicelist update"},
		{"globallist", "create list delete"},
		{"policy", "create read list update delete"},
		{"zone", "create read list update delete"},
		{"user", "create read list update delete"},
		{"memoryprotection", "read list"},
		{"devicemanagement", "read update"},
		{"opticscommand", "read list create"},
		{"opticsdetect", "read list update delete"},
		{"opticsexception", "read list create update delete"},
		{"opticsfocus", "read list create"},
		{"opticspkgconfig", "create read list delete"},
		{"opticspkgdeploy", "create read list delete"},
		{"opticsrule", "create read list update delete"},
		{"opticsruleset", "create read list update delete"},
		{"opticspolicy", "read list update"},
		{"opticssurvey", "create read list update delete"},
	}
	var all []Scope
	for _, a := range actions {
		for _, act := range strings.Fields(a.actions) {
			all = append(all, Scope(a.resource+":"+act))
		}
	}
	return all
}()

// Scopes used by the routes built so far.
const (
	ScopeUserCreate Scope = "user:create"
	ScopeUserRead   Scope = "user:read"
	ScopeUserList   Scope = "user:list"
	ScopeUserUpdate Scope = "user:update"
	ScopeUserDelete Scope = "user:delete"
)

// Known reports whether s is a scope of the API.
func (s Scope) Known() bool { return slices.Contains(AllScopes, s) }

// ParseScopeList parses a comma-separated scope list such as
// "user:read, user:list". Spaces around names are ignored, and so are empty
// names. Unknown names are an EInvalid error naming the first one.
func ParseScopeList(s string) ([]Scope, error) {
	var scopes []Scope
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		sc := Scope(name)
		if !sc.Known() {
			return nil, Errorf(EInvalid, "unknown scope %q", name)
		}
		if !slices.Contains(scopes, sc) {
			scopes = append(scopes, sc)
		}
	}
	return scopes, nil
}
