package faults_test

import (
	"testing"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/faults"
)

func TestPatternMatch(t *testing.T) {
	for _, tt := range []struct {
		pattern string
		match   []string
		miss    []string
	}{
		{"/devices/v2", []string{"/devices/v2", "/devices/v2/"}, []string{"/devices/v2/x", "/devices", "/devices/v22", "/"}},
		{"/devices/v2/{id}", []string{"/devices/v2/abc", "/devices/v2/extended"}, []string{"/devices/v2", "/devices/v2/abc/threats", "/devices/v2//"}},
		{"/devices/v2/{id}/threats", []string{"/devices/v2/abc/threats"}, []string{"/devices/v2/abc", "/devices/v2/abc/zones"}},
		{"/threats/v2/*", []string{"/threats/v2", "/threats/v2/abc", "/threats/v2/abc/devices"}, []string{"/threats", "/threats/v22", "/devices/v2"}},
		{"/*", []string{"/", "/devices/v2", "/public/v2/us/tenants/list"}, nil},
		{"/public/v2/{region}/tenants/*", []string{"/public/v2/us/tenants/list", "/public/v2/eu/tenants/provision"}, []string{"/public/v2/us/users/list"}},
		{"/devices/v2/", []string{"/devices/v2"}, []string{"/devices/v2/x"}},
	} {
		p, err := faults.ParsePattern("path", tt.pattern)
		if err != nil {
			t.Fatalf("%s: %v", tt.pattern, err)
		}
		for _, path := range tt.match {
			if !p.Match(path) {
				t.Errorf("%s does not match %s", tt.pattern, path)
			}
		}
		for _, path := range tt.miss {
			if p.Match(path) {
				t.Errorf("%s matches %s", tt.pattern, path)
			}
		}
	}
}

func TestPatternRefused(t *testing.T) {
	for _, text := range []string{"", "devices/v2", "/devices//v2", "/devices/*/threats", "/devices/v2*",
		"/devices/{id:[0-9]+}", "/devices/{}", "/devices/x{id}", "/control/v1/faults", "/control/*"} {
		_, err := faults.ParsePattern("path", text)
		if e, ok := err.(*wolfden.Error); !ok || e.Code != wolfden.EInvalid || e.Field != "path" {
			t.Errorf("ParsePattern(%q) = %v, want a 400 naming path", text, err)
		}
	}
}
