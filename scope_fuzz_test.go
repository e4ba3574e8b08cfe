package wolfden_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/wolfden/wolfden"
)

// FuzzParseScopeList: an accepted list holds known scopes, each once, in
// the order given; written back with commas it parses to itself, and its
// set lists the same scopes.
func FuzzParseScopeList(f *testing.F) {
	for _, s := range []string{"user:read, user:list", "user:read,user:read", " , ,", "", "user:read,bogus:x", "USER:READ",
		"opticssurvey:create,opticssurvey:read", "device:threatlist\t,\nuser:create"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		scopes, err := wolfden.ParseScopeList(s)
		if err != nil {
			if wolfden.CodeOf(err) != wolfden.EInvalid {
				t.Fatalf("ParseScopeList(%q): %v, not EInvalid", s, err)
			}
			return
		}
		names := make([]string, len(scopes))
		for i, sc := range scopes {
			if !sc.Known() || slices.Index(scopes, sc) != i {
				t.Fatalf("ParseScopeList(%q) = %v", s, scopes)
			}
			names[i] = string(sc)
		}
		if back, err := wolfden.ParseScopeList(strings.Join(names, ",")); err != nil || !slices.Equal(back, scopes) {
			t.Errorf("ParseScopeList(%q) = %v; written back it parses as %v, %v", s, scopes, back, err)
		}
		set := wolfden.NewScopeSet(scopes...)
		if got := set.Scopes(); len(got) != len(scopes) {
			t.Errorf("the set of %v lists %v", scopes, got)
		}
		for _, sc := range scopes {
			if !set.Has(sc) {
				t.Errorf("the set of %v lacks %s", scopes, sc)
			}
		}
	})
}

// FuzzParseScopeSet: an accepted set is what the input spells, and its
// form parses back to it.
func FuzzParseScopeSet(f *testing.F) {
	all := wolfden.NewScopeSet(wolfden.AllScopes...)
	for _, s := range []string{all.String(), strings.ToUpper(all.String()), wolfden.ScopeSet{}.String(),
		"0000000000000000000000000000000g", "+000000000000000000000000000000f", "", "ffffffffffffffffffffffffffffffff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		set, ok := wolfden.ParseScopeSet(s)
		if !ok {
			return
		}
		if !strings.EqualFold(set.String(), s) {
			t.Fatalf("ParseScopeSet(%q) = %s", s, set)
		}
		if back, ok := wolfden.ParseScopeSet(set.String()); !ok || back != set {
			t.Errorf("ParseScopeSet(%q) = %s; its form parses as %s, %v", s, set, back, ok)
		}
	})
}
