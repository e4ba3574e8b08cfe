package wolfden_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/wolfden/wolfden"
)

func TestCodeOf(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
		want wolfden.ErrorCode
	}{
		{"nil", nil, ""},
		{"typed nil", (*wolfden.Error)(nil), wolfden.EInternal},
		{"not found", wolfden.Errorf(wolfden.ENotFound, "gone"), wolfden.ENotFound},
		{"field", wolfden.FieldErrorf("zones[1].id", "bad"), wolfden.EInvalid},
		{"wrapped", fmt.Errorf("load: %w", wolfden.Errorf(wolfden.EConflict, "taken")), wolfden.EConflict},
		{"joined", errors.Join(errors.New("first"), wolfden.Errorf(wolfden.EForbidden, "no")), wolfden.EForbidden},
		{"plain", errors.New("disk full"), wolfden.EInternal},
	} {
		if got := wolfden.CodeOf(tt.err); got != tt.want {
			t.Errorf("CodeOf(%s) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
