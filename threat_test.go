package wolfden_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

func TestEffectiveFileStatus(t *testing.T) {
	for _, tt := range []struct {
		stored            wolfden.FileStatus
		quarantined, safe bool
		want              wolfden.FileStatus
	}{
		{wolfden.FileDefault, false, false, wolfden.FileDefault},
		{wolfden.FileDefault, true, false, wolfden.FileQuarantined},
		{wolfden.FileSuspicious, false, true, wolfden.FileWhitelisted},
		{wolfden.FileDefault, true, true, wolfden.FileQuarantined},
		{wolfden.FileWhitelisted, true, false, wolfden.FileWhitelisted}, // a local waiver stands
		{wolfden.FileRemoved, false, true, wolfden.FileRemoved},
	} {
		if got := tt.stored.Effective(tt.quarantined, tt.safe); got != tt.want {
			t.Errorf("%s.Effective(%v, %v) = %s, want %s", tt.stored, tt.quarantined, tt.safe, got, tt.want)
		}
	}
}

func TestNewDeviceThreat(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	sha := strings.Repeat("3f", 32)
	dt, err := wolfden.NewDeviceThreat(uuid.New(), wolfden.ThreatReport{SHA256: sha, MD5: strings.Repeat("a1", 16),
		FilePath: `C:\Users\jo\Downloads\invoice.exe`}, now)
	if err != nil {
		t.Fatal(err)
	}
	if dt.SHA256 != strings.ToUpper(sha) || dt.Name != "invoice.exe" || dt.Status != wolfden.FileDefault ||
		dt.CylanceScore != -1 || !dt.DateFound.Equal(now) || dt.MD5 != strings.Repeat("A1", 16) {
		t.Errorf("NewDeviceThreat = %+v", dt)
	}
	bad := 2.0
	for field, r := range map[string]wolfden.ThreatReport{
		"sha256":        {SHA256: "abc", FilePath: "/x"},
		"md5":           {SHA256: sha, MD5: "abc", FilePath: "/x"},
		"file_path":     {SHA256: sha},
		"cylance_score": {SHA256: sha, FilePath: "/x", CylanceScore: &bad},
		"file_status":   {SHA256: sha, FilePath: "/x", FileStatus: "Gone"},
		"file_size":     {SHA256: sha, FilePath: "/x", FileSize: -1},
	} {
		_, err := wolfden.NewDeviceThreat(uuid.New(), r, now)
		if e, ok := err.(*wolfden.Error); !ok || e.Field != field {
			t.Errorf("report %+v: %v, want an error on %s", r, err, field)
		}
	}
	// 32 characters that are not hexadecimal are no MD5 either.
	_, err = wolfden.NewDeviceThreat(uuid.New(), wolfden.ThreatReport{SHA256: sha, MD5: strings.Repeat("z", 32), FilePath: "/x"}, now)
	if e, ok := err.(*wolfden.Error); !ok || e.Field != "md5" {
		t.Errorf("a non-hexadecimal MD5: %v, want an error on md5", err)
	}
}
