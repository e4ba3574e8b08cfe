package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/sqlstore"
)

func seedTenant(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) error {
	var (
		db, tenant                                string
		devices, threats, sightings, memoryEvents int
		detections                                int
		seedValue                                 uint64
	)
	fs := newFlags("seed", getenv, &db)
	fs.StringVar(&tenant, "tenant", "", "tenant name or id")
	fs.IntVar(&devices, "devices", 0, "devices to register")
	fs.IntVar(&threats, "threats", 0, "threats (distinct convicted files, as GET /threats/v2 counts them) to report on them")
	fs.IntVar(&sightings, "sightings", 0, "times those threats are found on devices, each at least once (default: four per threat)")
	fs.IntVar(&memoryEvents, "memory-events", 0, "memory-protection events to report")
	fs.IntVar(&detections, "detections", 0, "OPTICS detections to raise from the seeded rules")
	fs.Uint64Var(&seedValue, "seed", 1, "seed of the generator: the same seed gives the same data")
	if err := parse(fs, args); err != nil {
		return err
	}
	if tenant == "" {
		return errors.New("--tenant is required: the tenant's name or id")
	}
	if devices < 0 || threats < 0 || sightings < 0 || memoryEvents < 0 || detections < 0 {
		return errors.New("--devices, --threats, --sightings, --memory-events and --detections must not be negative")
	}
	store, err := sqlstore.Open(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	t, err := findTenant(ctx, store, tenant)
	if err != nil {
		return err
	}
	tenantID := t.ID
	start := time.Now()
	sum, err := seed.Run(ctx, store.ForTenant(tenantID), seed.Plan{
		Devices: devices, Threats: threats, Sightings: sightings, MemoryEvents: memoryEvents, Detections: detections,
		Seed: seedValue, Now: start,
	}, progressBar(stderr))
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "seeded tenant %s: %d policies, %d zones, %d devices, %d threats (found %d times), "+
		"%d memory events, %d detections (%d more suppressed by the seeded exception) in %s\n", tenantID, sum.Policies,
		sum.Zones, sum.Devices, sum.Threats, sum.Sightings, sum.MemoryEvents, sum.Detections, sum.Suppressed,
		time.Since(start).Round(time.Millisecond))
	return err
}

// progressBar draws progress on w when w is a terminal, and nothing
// otherwise (a pipe or a log file gets only the summary).
func progressBar(w io.Writer) seed.Progress {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if info, err := f.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(stage string, done, total int) {
		const width = 30
		filled := width * done / max(total, 1)
		fmt.Fprintf(w, "\r%-14s [%s%s] %d/%d", stage, strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total)
		if done == total {
			fmt.Fprintln(w)
		}
	}
}
