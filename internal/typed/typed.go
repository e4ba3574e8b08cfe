// Package typed helps tests read values of unknown type, such as decoded
// JSON, without panicking.
package typed

import "testing"

// As is v.(T) failing the test, rather than panicking, when v holds
// something else: a decoded body that lacks a member, or has one of
// another JSON type, is a failure of that test, not of the whole run.
func As[T any](t testing.TB, v any) T {
	t.Helper()
	x, ok := v.(T)
	if !ok {
		t.Fatalf("got %T %v, want a %T", v, v, x)
	}
	return x
}
