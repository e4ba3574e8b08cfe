package worker

import (
	"net/netip"
	"testing"
)

func TestCallbackAllowlist(t *testing.T) {
	for _, bad := range []string{"http://hooks.example.org", "hooks.example.org:8443", "10.0.0.0/33", "a b", "hooks..example.org", "fe80::1%eth0"} {
		if _, err := ParseCallbackAllowlist(bad); err == nil {
			t.Errorf("entry %q accepted", bad)
		}
	}
	a, err := ParseCallbackAllowlist(" Hooks.Example.org., 10.1.0.0/16, 192.168.7.7 ,[fd00::1],")
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]bool{
		"hooks.example.org": true, "HOOKS.example.org.": true, "other.example.org": false,
		"10.1.2.3": true, "10.2.0.1": false, "192.168.7.7": true, "::ffff:192.168.7.7": true, "fd00::1": true,
		"localhost": false, "127.0.0.1": false,
	} {
		if got := a.allowsHost(host); got != want {
			t.Errorf("allowsHost(%q) = %v, want %v", host, got, want)
		}
	}
	local, err := ParseCallbackAllowlist("localhost")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		list CallbackAllowlist
		ip   string
		want bool
	}{
		{a, "93.184.215.14", true}, {a, "2606:2800:21f:cb07:6820:80da:af6b:8b2c", true}, // public
		{a, "10.1.200.3", true}, {a, "192.168.7.7", true}, {a, "fd00::1", true}, // named by an entry
		{a, "10.2.0.1", false}, {a, "172.16.0.1", false}, {a, "192.168.7.8", false}, {a, "fd00::2", false}, // private
		{a, "127.0.0.1", false}, {a, "::1", false}, {a, "::ffff:127.0.0.1", false}, {local, "127.0.0.1", true},
		{local, "127.3.4.5", true}, {local, "::ffff:127.0.0.1", true}, {local, "::1", true}, {local, "10.0.0.1", false},
		{a, "169.254.169.254", false}, {a, "fe80::1", false}, {a, "0.0.0.0", false}, {a, "::", false},
		{a, "100.100.100.200", false}, {a, "0.1.2.3", false}, {a, "224.0.0.1", false}, {a, "255.255.255.255", false},
		{a, "64:ff9b::a00:1", false}, {a, "2002:a00:1::", false}, {a, "198.18.0.1", false},
	} {
		if got := tt.list.allowsDial(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("allowsDial(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}
