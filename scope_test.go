package wolfden_test

import (
	"slices"
	"testing"

	"github.com/wolfden/wolfden"
)

func TestScopeCatalogue(t *testing.T) {
	if n := len(wolfden.AllScopes); n > 128 {
		t.Fatalf("%d scopes do not fit a ScopeSet", n)
	}
	seen := map[wolfden.Scope]bool{}
	for _, s := range wolfden.AllScopes {
		if seen[s] {
			t.Errorf("%s listed twice", s)
		}
		seen[s] = true
	}
	for _, s := range []wolfden.Scope{wolfden.ScopeUserCreate, wolfden.ScopeUserRead, wolfden.ScopeUserList,
		wolfden.ScopeUserUpdate, wolfden.ScopeUserDelete, "opticssurvey:create", "device:threatlist"} {
		if !s.Known() {
			t.Errorf("%s is not in the catalogue", s)
		}
	}
}

func TestScopeSet(t *testing.T) {
	all := wolfden.NewScopeSet(wolfden.AllScopes...)
	if !slices.Equal(all.Scopes(), wolfden.AllScopes) {
		t.Fatalf("the set of every scope lists %v", all.Scopes())
	}
	for _, set := range []wolfden.ScopeSet{{}, all, wolfden.NewScopeSet("user:read", "opticssurvey:delete", "bogus:x")} {
		back, ok := wolfden.ParseScopeSet(set.String())
		if !ok || back != set {
			t.Errorf("ParseScopeSet(%s) = %v, %v", set, back, ok)
		}
	}
	some := wolfden.NewScopeSet("user:read", "opticssurvey:delete", "bogus:x")
	if !some.Has("user:read") || !some.Has("opticssurvey:delete") || some.Has("user:list") || some.Has("bogus:x") {
		t.Errorf("Has is wrong for %v", some.Scopes())
	}
	if got := some.Intersect(wolfden.NewScopeSet("user:read", "user:list")).Scopes(); !slices.Equal(got, []wolfden.Scope{"user:read"}) {
		t.Errorf("Intersect = %v", got)
	}
	for _, bad := range []string{"", "xyz", "0000000000000000000000000000000g"} {
		if _, ok := wolfden.ParseScopeSet(bad); ok {
			t.Errorf("ParseScopeSet(%q) accepted", bad)
		}
	}
}

func TestParseScopeList(t *testing.T) {
	got, err := wolfden.ParseScopeList(" user:read, user:list,,user:read ")
	if err != nil || !slices.Equal(got, []wolfden.Scope{"user:read", "user:list"}) {
		t.Errorf("ParseScopeList = %v, %v", got, err)
	}
	if _, err := wolfden.ParseScopeList("user:read,user:fly"); err == nil {
		t.Error("an unknown scope was accepted")
	}
}

func TestGrant(t *testing.T) {
	app := wolfden.Application{Scopes: []wolfden.Scope{"user:read", "user:list"}}
	for _, tt := range []struct {
		requested []wolfden.Scope
		want      []wolfden.Scope
	}{
		{nil, []wolfden.Scope{"user:read", "user:list"}},
		{[]wolfden.Scope{"user:list", "device:read"}, []wolfden.Scope{"user:list"}},
		{[]wolfden.Scope{}, nil},
	} {
		if got := app.Grant(tt.requested).Scopes(); !slices.Equal(got, tt.want) {
			t.Errorf("Grant(%v) = %v, want %v", tt.requested, got, tt.want)
		}
	}
}
