package wolfden_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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

// scopeConstants reads every constant of type Scope declared in the
// package's source, so a constant added later is checked without anyone
// listing it here.
func scopeConstants(t *testing.T) map[string]wolfden.Scope {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	consts := map[string]wolfden.Scope{}
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				if typ, ok := vs.Type.(*ast.Ident); !ok || typ.Name != "Scope" {
					continue
				}
				for i, name := range vs.Names {
					var lit *ast.BasicLit
					if i < len(vs.Values) {
						lit, _ = vs.Values[i].(*ast.BasicLit)
					}
					if lit == nil || lit.Kind != token.STRING {
						t.Fatalf("%s: Scope constant %s is not a string literal; teach this test to read it",
							fset.Position(name.Pos()), name.Name)
					}
					value, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
					}
					consts[name.Name] = wolfden.Scope(value)
				}
			}
		}
	}
	return consts
}

// Every Scope constant is a scope of the catalogue, named after its value
// (ScopeOpticsPkgConfigCreate is "opticspkgconfig:create"), and survives
// each form a scope is written in: a scope list and an encoded ScopeSet.
func TestScopeConstants(t *testing.T) {
	consts := scopeConstants(t)
	if len(consts) < 70 {
		t.Fatalf("found only %d Scope constants; is the source parsed?", len(consts))
	}
	names := map[wolfden.Scope]string{}
	for name, s := range consts {
		t.Run(name, func(t *testing.T) {
			if other, dup := names[s]; dup {
				t.Errorf("%s has the value of %s: %q", name, other, s)
			}
			names[s] = name
			resource, action, ok := strings.Cut(string(s), ":")
			if !ok || resource == "" || action == "" || strings.ContainsAny(action, ": ") {
				t.Fatalf("%s = %q, want resource:action", name, s)
			}
			if want := "scope" + resource + action; strings.ToLower(name) != want {
				t.Errorf("%s = %q: the name does not spell the value (want a name that lower-cases to %s)", name, s, want)
			}
			if !s.Known() || !slices.Contains(wolfden.AllScopes, s) {
				t.Errorf("%s = %q is not in AllScopes", name, s)
			}
			if got, err := wolfden.ParseScopeList(string(s)); err != nil || !slices.Equal(got, []wolfden.Scope{s}) {
				t.Errorf("ParseScopeList(%q) = %v, %v", s, got, err)
			}
			set := wolfden.NewScopeSet(s)
			back, ok := wolfden.ParseScopeSet(set.String())
			if !ok || back != set || !slices.Equal(back.Scopes(), []wolfden.Scope{s}) {
				t.Errorf("ScopeSet of %q: ParseScopeSet(%s) = %v, %v", s, set, back.Scopes(), ok)
			}
		})
	}
}
