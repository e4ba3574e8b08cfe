package wolfden_test

import (
	"math"
	"testing"

	"github.com/wolfden/wolfden"
)

func TestPageOffsetNeverWraps(t *testing.T) {
	for _, tt := range []struct {
		page wolfden.PageRequest
		want int
	}{
		{wolfden.PageRequest{Number: 1, Size: 200}, 0},
		{wolfden.PageRequest{Number: 3, Size: 10}, 20},
		{wolfden.PageRequest{Number: math.MaxInt32, Size: 200}, (math.MaxInt32 - 1) * 200},
		{wolfden.PageRequest{Number: 46116860184273881, Size: 200}, math.MaxInt},
		{wolfden.PageRequest{Number: math.MaxInt, Size: 2}, math.MaxInt},
	} {
		if got := tt.page.Offset(); got != tt.want {
			t.Errorf("%+v.Offset() = %d, want %d", tt.page, got, tt.want)
		}
	}
}
