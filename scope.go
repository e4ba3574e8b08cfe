package wolfden

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Scope is a privilege an application may hold and an access token may
// carry, written resource:action as in the vendor's privilege table.
type Scope string

// AllScopes lists every scope of the API, including the ones wolfden infers
// where the vendor documents none (docs/differences.md). An all-privilege
// application holds all of them. Access tokens encode scopes by position in
// this list (ScopeSet), so new scopes are appended, never inserted.
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
	ScopeZoneCreate Scope = "zone:create"
	ScopeZoneRead   Scope = "zone:read"
	ScopeZoneList   Scope = "zone:list"
	ScopeZoneUpdate Scope = "zone:update"
	ScopeZoneDelete Scope = "zone:delete"

	ScopeGlobalListCreate Scope = "globallist:create"
	ScopeGlobalListList   Scope = "globallist:list"
	ScopeGlobalListDelete Scope = "globallist:delete"

	ScopeDeviceRead       Scope = "device:read"
	ScopeDeviceList       Scope = "device:list"
	ScopeDeviceUpdate     Scope = "device:update"
	ScopeDeviceDelete     Scope = "device:delete"
	ScopeDeviceThreatList Scope = "device:threatlist"

	ScopeThreatRead       Scope = "threat:read"
	ScopeThreatList       Scope = "threat:list"
	ScopeThreatDeviceList Scope = "threat:devicelist"
	ScopeThreatUpdate     Scope = "threat:update"

	ScopeMemoryProtectionRead Scope = "memoryprotection:read"
	ScopeMemoryProtectionList Scope = "memoryprotection:list"

	ScopePolicyCreate Scope = "policy:create"
	ScopePolicyRead   Scope = "policy:read"
	ScopePolicyList   Scope = "policy:list"
	ScopePolicyUpdate Scope = "policy:update"
	ScopePolicyDelete Scope = "policy:delete"

	ScopeDeviceManagementRead   Scope = "devicemanagement:read"
	ScopeDeviceManagementUpdate Scope = "devicemanagement:update"

	ScopeOpticsRuleCreate   Scope = "opticsrule:create"
	ScopeOpticsRuleList     Scope = "opticsrule:list"
	ScopeOpticsRuleRead     Scope = "opticsrule:read"
	ScopeOpticsRuleUpdate   Scope = "opticsrule:update"
	ScopeOpticsRuleDelete   Scope = "opticsrule:delete"
	ScopeOpticsDetectRead   Scope = "opticsdetect:read"
	ScopeOpticsDetectList   Scope = "opticsdetect:list"
	ScopeOpticsDetectUpdate Scope = "opticsdetect:update"
	ScopeOpticsDetectDelete Scope = "opticsdetect:delete"

	ScopeOpticsRuleSetCreate Scope = "opticsruleset:create"
	ScopeOpticsRuleSetRead   Scope = "opticsruleset:read"
	ScopeOpticsRuleSetList   Scope = "opticsruleset:list"
	ScopeOpticsRuleSetUpdate Scope = "opticsruleset:update"
	ScopeOpticsRuleSetDelete Scope = "opticsruleset:delete"

	ScopeOpticsExceptionCreate Scope = "opticsexception:create"
	ScopeOpticsExceptionRead   Scope = "opticsexception:read"
	ScopeOpticsExceptionList   Scope = "opticsexception:list"
	ScopeOpticsExceptionUpdate Scope = "opticsexception:update"
	ScopeOpticsExceptionDelete Scope = "opticsexception:delete"

	ScopeOpticsPolicyRead   Scope = "opticspolicy:read"
	ScopeOpticsPolicyList   Scope = "opticspolicy:list"
	ScopeOpticsPolicyUpdate Scope = "opticspolicy:update"

	ScopeOpticsSurveyCreate Scope = "opticssurvey:create"
	ScopeOpticsSurveyRead   Scope = "opticssurvey:read"
	ScopeOpticsSurveyList   Scope = "opticssurvey:list"
	ScopeOpticsSurveyUpdate Scope = "opticssurvey:update"
	ScopeOpticsSurveyDelete Scope = "opticssurvey:delete"

	ScopeOpticsFocusCreate   Scope = "opticsfocus:create"
	ScopeOpticsFocusRead     Scope = "opticsfocus:read"
	ScopeOpticsFocusList     Scope = "opticsfocus:list"
	ScopeOpticsCommandCreate Scope = "opticscommand:create"
	ScopeOpticsCommandRead   Scope = "opticscommand:read"

	ScopeOpticsPkgConfigCreate Scope = "opticspkgconfig:create"
	ScopeOpticsPkgConfigRead   Scope = "opticspkgconfig:read"
	ScopeOpticsPkgConfigList   Scope = "opticspkgconfig:list"
	ScopeOpticsPkgConfigDelete Scope = "opticspkgconfig:delete"
	ScopeOpticsPkgDeployCreate Scope = "opticspkgdeploy:create"
	ScopeOpticsPkgDeployRead   Scope = "opticspkgdeploy:read"
	ScopeOpticsPkgDeployList   Scope = "opticspkgdeploy:list"
	ScopeOpticsPkgDeployDelete Scope = "opticspkgdeploy:delete"
)

var scopeIndex = func() map[Scope]int {
	m := make(map[Scope]int, len(AllScopes))
	for i, s := range AllScopes {
		m[s] = i
	}
	return m
}()

// Known reports whether s is a scope of the API.
func (s Scope) Known() bool {
	_, ok := scopeIndex[s]
	return ok
}

// ScopeSet is a set of scopes, one bit per position in AllScopes: cheap to
// test on every request and compact inside an access token.
type ScopeSet [2]uint64

// NewScopeSet returns the set of the known scopes among scopes.
func NewScopeSet(scopes ...Scope) ScopeSet {
	var set ScopeSet
	for _, s := range scopes {
		if i, ok := scopeIndex[s]; ok {
			set[i/64] |= 1 << (i % 64)
		}
	}
	return set
}

// Has reports whether s is in the set.
func (set ScopeSet) Has(s Scope) bool {
	i, ok := scopeIndex[s]
	return ok && set[i/64]&(1<<(i%64)) != 0
}

// Intersect returns the scopes in both sets.
func (set ScopeSet) Intersect(other ScopeSet) ScopeSet {
	return ScopeSet{set[0] & other[0], set[1] & other[1]}
}

// Scopes lists the set in AllScopes order.
func (set ScopeSet) Scopes() []Scope {
	var scopes []Scope
	for _, s := range AllScopes {
		if set.Has(s) {
			scopes = append(scopes, s)
		}
	}
	return scopes
}

// String is the set as 32 hexadecimal digits.
func (set ScopeSet) String() string { return fmt.Sprintf("%016x%016x", set[1], set[0]) }

// ParseScopeSet parses the form String writes.
func ParseScopeSet(s string) (ScopeSet, bool) {
	if len(s) != 32 {
		return ScopeSet{}, false
	}
	hi, err1 := strconv.ParseUint(s[:16], 16, 64)
	lo, err2 := strconv.ParseUint(s[16:], 16, 64)
	return ScopeSet{lo, hi}, err1 == nil && err2 == nil
}

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
