package opticsapi

import (
	"context"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

// observed reads a device and what its agent observed on it.
func observed(ctx context.Context, t store.TenantStore, deviceID uuid.UUID) (*wolfden.Device, []agentsim.Artifact, error) {
	d, err := t.Device(ctx, deviceID)
	if err != nil {
		return nil, nil, err
	}
	threats, err := rest.ReadAll(ctx, func(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[wolfden.DeviceThreat], error) {
		return t.DeviceThreats(ctx, deviceID, page)
	})
	if err != nil {
		return nil, nil, err
	}
	return d, agentsim.DeviceArtifacts(d, threats), nil
}

// artifactJSON is an artifact as results show it. Properties are written
// with sorted keys, so that the same observation reads the same.
type artifactJSON struct {
	FirstObservedTime string         `json:"FirstObservedTime"`
	LastObservedTime  string         `json:"LastObservedTime"`
	UID               string         `json:"Uid"`
	Type              string         `json:"Type"`
	Properties        jsontext.Value `json:"Properties"`
}

func newArtifactJSON(a *agentsim.Artifact) artifactJSON {
	props, err := json.Marshal(a.Properties, json.Deterministic(true))
	if err != nil {
		panic(err) // a map of strings always encodes
	}
	observed := a.Observed.UTC().Format(agentsim.ArtifactTimeLayout)
	return artifactJSON{FirstObservedTime: observed, LastObservedTime: observed, UID: a.UID, Type: a.Type, Properties: props}
}

// unixSeconds is a time as fractional Unix seconds, to the millisecond
// (the results' @timestamp).
func unixSeconds(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }
