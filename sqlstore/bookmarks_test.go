package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// BenchmarkDevicePages lists the first and the last full page of 200 of a
// tenant's 100,000 seeded devices on SQLite, side by side, and page 496,
// which starts 56 devices after a bookmark, the most a page of 200 skips.
// The after-insert pair adds a device before each listing (untimed), so
// each listing finds the list changed.
func BenchmarkDevicePages(b *testing.B) {
	const devices, size = 100_000, 200
	ctx := context.Background()
	s := sqltest.Backends()[0].Open(b)
	tn, app, err := wolfden.NewTenant("bench", time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if err := s.CreateTenant(ctx, tn, app); err != nil {
		b.Fatal(err)
	}
	ts := s.ForTenant(tn.ID)
	if _, err := seed.Run(ctx, ts, seed.Plan{Devices: devices, Seed: 1, Now: time.Now()}, nil); err != nil {
		b.Fatal(err)
	}
	list := func(b *testing.B, number int) {
		page, err := ts.Devices(ctx, wolfden.PageRequest{Number: number, Size: size}, false)
		if err != nil || len(page.Items) != size {
			b.Fatalf("page %d: %d devices, %v", number, len(page.Items), err)
		}
	}
	for _, number := range []int{1, 496, devices / size} {
		b.Run(fmt.Sprintf("page=%d", number), func(b *testing.B) {
			list(b, number)
			b.ResetTimer()
			for range b.N {
				list(b, number)
			}
		})
	}
	for _, number := range []int{1, devices / size} {
		b.Run(fmt.Sprintf("page=%d/after-insert", number), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				d, err := wolfden.NewDevice(tn.ID, wolfden.DeviceRegistration{HostName: "new", AgentVersion: "3.1.1001",
					OSVersion: "Microsoft Windows 11 Pro"}, time.Now())
				if err != nil {
					b.Fatal(err)
				}
				if err := ts.CreateDevices(ctx, d); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				list(b, number)
			}
		})
	}
}
