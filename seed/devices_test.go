package seed

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// A seeded device made again from its saved state is the device first
// made, and making it again draws nothing from the seed's generator.
func TestSeededDevicesMadeAgain(t *testing.T) {
	pcg := rand.NewPCG(42, 43)
	g := &generator{rng: rand.New(pcg), pcg: pcg, now: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), seed: 42}
	var zones []zoneRef
	for i, spec := range zoneSpecs {
		zones = append(zones, zoneRef{Zone: wolfden.Zone{ID: uuid.UUID{byte(i)}, Name: spec.name}, spec: spec})
	}
	tenant := uuid.UUID{1}
	devices := seededDevices{tenantID: tenant, zones: zones}
	var made []*wolfden.Device
	for range 200 {
		if err := devices.add(g.pcg); err != nil {
			t.Fatal(err)
		}
		d, err := g.device(tenant, zones)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, d)
	}
	next := *pcg
	for i, want := range made {
		got, err := devices.device(g, i)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("device %d made again = %+v, %v; want %+v", i, got, err, want)
		}
	}
	if *pcg != next {
		t.Error("making devices again drew from the seed's generator")
	}
}
