package wolfden_test

import (
	"strings"
	"testing"

	"github.com/wolfden/wolfden"
)

var sortKeys = []string{"name", "device_count", "modified_by.login", "OccurrenceTime"}

// FuzzParseSortOrder: an accepted order is one of the keys, spelled as
// the list spells it, read from one optional sign and the key in any
// case; its form parses back to it.
func FuzzParseSortOrder(f *testing.F) {
	for _, s := range []string{"name", "-name", "+name", "NAME", " -device_count ", "-", "+", "", "--name", "-+name",
		"modified_by.login", "-occurrencetime", "rules", "name,-device_count"} {
		f.Add(s)
	}
	def := wolfden.SortOrder{Key: "name"}
	f.Fuzz(func(t *testing.T, s string) {
		order, err := wolfden.ParseSortOrder("sort", s, sortKeys, def)
		if err != nil {
			if e, ok := err.(*wolfden.Error); !ok || e.Code != wolfden.EInvalid || e.Field != "sort" {
				t.Fatalf("ParseSortOrder(%q): %v, not EInvalid naming sort", s, err)
			}
			return
		}
		trimmed := strings.TrimSpace(s)
		if trimmed == "" {
			if order != def {
				t.Fatalf("ParseSortOrder(%q) = %+v, not the default", s, order)
			}
			return
		}
		key, sign := trimmed, ""
		if trimmed[0] == '+' || trimmed[0] == '-' {
			key, sign = trimmed[1:], trimmed[:1]
		}
		if !strings.EqualFold(key, order.Key) || order.Desc != (sign == "-") || !contains(sortKeys, order.Key) {
			t.Fatalf("ParseSortOrder(%q) = %+v", s, order)
		}
		form := order.Key
		if order.Desc {
			form = "-" + form
		}
		if back, err := wolfden.ParseSortOrder("sort", form, sortKeys, def); err != nil || back != order {
			t.Errorf("ParseSortOrder(%q) = %+v; its form %q parses as %+v, %v", s, order, form, back, err)
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
