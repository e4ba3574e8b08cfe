package journal_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/journal"
)

const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"

func capture(j *journal.Journal, contentType, body string) *journal.Body {
	c := j.NewCapture()
	c.Write([]byte(body))
	return c.Body(contentType, 0)
}

func text(b *journal.Body) string {
	switch {
	case b == nil:
		return "<nil>"
	case b.Text != nil:
		return "text:" + *b.Text
	case b.JSON != nil:
		return "json:" + string(b.JSON)
	}
	return "base64:" + string(b.Base64)
}

func TestBodies(t *testing.T) {
	j := journal.New(1, 80)
	for _, tc := range []struct {
		name, contentType, body string
		want                    string
		truncated               bool
	}{
		{"empty", "", "", "<nil>", false},
		{"json", "application/json", `{"a": [1, {"b": "c"}]}`, `json:{"a": [1, {"b": "c"}]}`, false},
		{"json unlabelled", "", `[1,2]`, `json:[1,2]`, false},
		{"secret members at any depth, any case", "application/json; charset=utf-8",
			`{"auth_token": "x1", "n": {"App_Secret": {"deep": 1}, "password": "p"}}`,
			`json:{"auth_token":"[redacted]", "n": {"App_Secret":"[redacted]", "password":"[redacted]"}}`, false},
		{"a bare JWT", "application/json", `"` + jwt + `"`, `json:"[redacted]"`, false},
		{"a signed link", "application/json", `{"url": "http://h/x.zip?exp=1&sig=abc"}`,
			`json:{"url": "http://h/x.zip?exp=[redacted]&sig=[redacted]"}`, false},
		{"json cut by the limit", "application/json", `{"name": "a", "access_token": "01234567890123456789012345678901234567890123456789012345678901234567890123456789"}`,
			`text:{"name": "a", "access_token"`, true},
		{"malformed json keeps its redacted prefix", "application/json", `{"password": "p", }`,
			`text:{"password":"[redacted]"`, true},
		{"duplicate names are the client's", "application/json", `{"a": 1, "a": 2}`, `json:{"a": 1, "a": 2}`, false},
		{"a secret twice", "application/json", `{"token": 1, "token": 2}`, `json:{"token":"[redacted]", "token":"[redacted]"}`, false},
		{"form", "application/x-www-form-urlencoded", "grant_type=client_credentials&client_secret=s", "text:grant_type=client_credentials&client_secret=[redacted]", false},
		{"text", "text/csv", "a,b\n1," + jwt, "text:a,b\n1,[redacted]", false},
		{"binary", "application/zip", "PK\x03\x04\xff", "base64:PK\x03\x04\xff", false},
		{"text cut inside a rune", "text/plain", strings.Repeat("a", 79) + "é", "text:" + strings.Repeat("a", 79), true},
	} {
		b := capture(j, tc.contentType, tc.body)
		if got := text(b); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.name, got, tc.want)
		}
		if b != nil && (b.Truncated != tc.truncated || b.Size != int64(len(tc.body))) {
			t.Errorf("%s: truncated %v size %d, want %v %d", tc.name, b.Truncated, b.Size, tc.truncated, len(tc.body))
		}
	}
}

func TestBodyKeepsAtMostTheLimit(t *testing.T) {
	j := journal.New(1, 1000)
	c := j.NewCapture()
	for range 100 {
		c.Write([]byte(strings.Repeat("x", 100)))
	}
	b := c.Body("text/plain", 0)
	if b.Kept() != 1000 || b.Size != 10000 || !b.Truncated {
		t.Fatalf("kept %d of %d, truncated %v", b.Kept(), b.Size, b.Truncated)
	}
	if b := c.Body("text/plain", 20000); b.Size != 20000 {
		t.Fatalf("a declared length of 20000 gives size %d", b.Size)
	}
}

func TestRedactHeaders(t *testing.T) {
	got := journal.RedactHeaders(http.Header{
		"Authorization": {"Bearer " + jwt},
		"X-Api-Key":     {"k"},
		"X-Auth-Token":  {"t"},
		"Cookie":        {"c=1"},
		"Location":      {"/packagefiles/a/b?exp=9&sig=f00"},
		"Accept":        {"application/json"},
	})
	want := http.Header{
		"Authorization": {journal.Redacted}, "X-Api-Key": {journal.Redacted}, "X-Auth-Token": {journal.Redacted},
		"Cookie": {journal.Redacted}, "Location": {"/packagefiles/a/b?exp=[redacted]&sig=[redacted]"},
		"Accept": {"application/json"},
	}
	for name := range want {
		if got.Get(name) != want.Get(name) {
			t.Errorf("%s: %q, want %q", name, got.Get(name), want.Get(name))
		}
	}
}

func TestRedactQuery(t *testing.T) {
	for raw, want := range map[string]string{
		"":                              "",
		"page=1&page_size=20":           "page=1&page_size=20",
		"exp=1700000000&sig=abcdef":     "exp=[redacted]&sig=[redacted]",
		"access%5Ftoken=x&q=" + jwt:     "access%5Ftoken=[redacted]&q=[redacted]",
		"Password=p&flag":               "Password=[redacted]&flag",
		"redirect=http://h/?sig%3D1":    "redirect=http://h/?sig%3D1",
		"next=http%3A%2F%2Fh%2F%3Fa%3D": "next=http%3A%2F%2Fh%2F%3Fa%3D",
	} {
		if got := journal.RedactQuery(raw); got != want {
			t.Errorf("%q: %q, want %q", raw, got, want)
		}
	}
}
