package agentsim_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
)

func TestInstaQueryProgress(t *testing.T) {
	s := agentsim.Schedule{Pickup: 2 * time.Second, Work: 8 * time.Second}
	issued := time.Date(2026, 5, 2, 10, 0, 0, 0, time.UTC)
	before := issued.Add(-time.Minute)
	online := agentsim.CommandTarget{DeviceID: uuid.New()}
	offline := agentsim.CommandTarget{DeviceID: uuid.New(), Offline: &before}
	gone := agentsim.CommandTarget{DeviceID: uuid.New(), Gone: true}
	tests := []struct {
		name              string
		targets           []agentsim.CommandTarget
		now               time.Duration
		status            string
		queried, answered int
	}{
		{"no devices: done at once", nil, 0, agentsim.SurveyDone, 0, 0},
		{"before pickup", []agentsim.CommandTarget{online, offline}, time.Second, agentsim.SurveyPending, 2, 0},
		{"picked up", []agentsim.CommandTarget{online, offline}, 3 * time.Second, agentsim.SurveyRunning, 2, 0},
		{"answered by all that can", []agentsim.CommandTarget{online, offline, gone}, 10 * time.Second, agentsim.SurveyDone, 3, 1},
		{"nobody can answer", []agentsim.CommandTarget{offline, gone}, 0, agentsim.SurveyDone, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := &agentsim.InstaQuery{Created: issued, Targets: tt.targets}
			p := q.Progress(s, issued.Add(tt.now))
			if p.Status != tt.status || p.Queried != tt.queried || p.Responded != tt.answered || len(p.Responders) != tt.answered {
				t.Errorf("progress %+v, want %s %d/%d", p, tt.status, tt.answered, tt.queried)
			}
		})
	}
}

func TestInstaQueryFacetSpellings(t *testing.T) {
	for _, tt := range []struct {
		artifact, facet string
		ok              bool
	}{
		{"File", "Sha2", true}, {"File", "SHA256", true}, {"file", "File.Path", true}, {"File", "md5", true},
		{"Process", "CommandLine", true}, {"Process", "Process.Name", true}, {"Process", "File.Name", false},
		{"NetworkConnection", "DestPort", true}, {"RegistryKey", "isPersistencePoint", true}, {"File", "DestAddr", false},
	} {
		_, err := agentsim.NewInstaQuery(uuid.New(), agentsim.InstaQueryRequest{Name: "x", Artifact: tt.artifact,
			MatchValueType: tt.facet, MatchValues: []string{"a"}, Zones: []string{uuid.NewString()}}, time.Now())
		if (err == nil) != tt.ok {
			t.Errorf("%s %s: %v", tt.artifact, tt.facet, err)
		}
	}
}

func TestArtifactKey(t *testing.T) {
	const hex = "7A1C3E5B9D2F4A6C8E0B1D3F5A7C9E1B"
	want := agentsim.ArtifactKey("ehw+W50vSmyOCx0/WnyeGw==")
	// The same 16 bytes in hex (any case), base64, and base64 upper-cased
	// as python-cyapi sends it.
	for _, uid := range []string{hex, "7a1c3e5b9d2f4a6c8e0b1d3f5a7c9e1b", "EHW+W50VSMYOCX0/WNYEGW==", " " + hex} {
		if got := agentsim.ArtifactKey(uid); got != want {
			t.Errorf("ArtifactKey(%q) = %q, want %q", uid, got, want)
		}
	}
	if other := agentsim.ArtifactKey("8A1C3E5B9D2F4A6C8E0B1D3F5A7C9E1B"); other == want {
		t.Error("two UIDs have one key")
	}
}

// The same device and threats give the same artifacts, whatever the order
// the threats are read in.
func TestDeviceArtifactsAreDeterministic(t *testing.T) {
	d, err := wolfden.NewDevice(uuid.New(), wolfden.DeviceRegistration{HostName: "fin-01", OSVersion: "Microsoft Windows 11 Pro",
		IPAddresses: []string{"10.0.0.1", "10.0.0.2"}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var threats []wolfden.DeviceThreat
	for _, path := range []string{`C:\a.exe`, `C:\b.ps1`} {
		dt, err := wolfden.NewDeviceThreat(d.ID, wolfden.ThreatReport{SHA256: "C0FFEE00C0FFEE00C0FFEE00C0FFEE00C0FFEE00C0FFEE00C0FFEE00C0FFEE00",
			FilePath: path}, time.Unix(0, 0))
		if err != nil {
			t.Fatal(err)
		}
		threats = append(threats, *dt)
	}
	one := agentsim.DeviceArtifacts(d, threats)
	two := agentsim.DeviceArtifacts(d, []wolfden.DeviceThreat{threats[1], threats[0]})
	// The session's two processes and images, then per threat a file, a
	// process, a connection and a Run key.
	if len(one) != 4+2*4 || len(two) != len(one) {
		t.Fatalf("%d and %d artifacts", len(one), len(two))
	}
	for i := range one {
		if one[i].UID != two[i].UID || one[i].Properties["Path"] != two[i].Properties["Path"] {
			t.Errorf("artifact %d differs: %+v, %+v", i, one[i], two[i])
		}
	}
	if one[4].Properties["SuspectedFileType"] != "Executable/PE" || one[8].Properties["SuspectedFileType"] != "Script" {
		t.Errorf("file types %v, %v", one[4].Properties, one[8].Properties)
	}
}
