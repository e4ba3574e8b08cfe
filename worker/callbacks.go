package worker

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"syscall"
	"time"
)

// CallbackAllowlist says where device-deletion callbacks may go. Its
// entries are host names, IP addresses and CIDRs, and a callback must pass
// two checks:
//
//   - its URL's host is named by an entry: a host name equal to it
//     (ignoring case and a final dot), or, for an IP address, an address
//     or CIDR entry holding it;
//   - the address wolfden dials is public, or explicitly allowed: a
//     loopback, private, link-local or other special-purpose address only
//     when an address or CIDR entry holds it, or, for loopback, when
//     "localhost" is an entry. This check is on the address dialed, after
//     name resolution, so a DNS answer cannot put an internal address
//     under an allowed name.
//
// Redirects are never followed: a callback goes to the URL the client
// gave, and a redirect would reach a host that passed neither check.
// The zero value allows nothing.
type CallbackAllowlist struct {
	names    []string // lower case, without a final dot
	prefixes []netip.Prefix
	loopback bool // "localhost" is an entry
}

// ParseCallbackAllowlist parses comma-separated allowlist entries (the
// WOLFDEN_CALLBACK_ALLOWLIST setting).
func ParseCallbackAllowlist(s string) (CallbackAllowlist, error) {
	var a CallbackAllowlist
	for _, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		switch {
		case entry == "":
		case strings.Contains(entry, "/"):
			p, err := netip.ParsePrefix(entry)
			if err != nil {
				return CallbackAllowlist{}, fmt.Errorf("callback allowlist entry %q is not a CIDR (10.0.0.0/8, fd00::/8)", entry)
			}
			a.prefixes = append(a.prefixes, p.Masked())
		default:
			if ip, err := netip.ParseAddr(strings.Trim(entry, "[]")); err == nil && ip.Zone() == "" {
				ip = ip.Unmap()
				a.prefixes = append(a.prefixes, netip.PrefixFrom(ip, ip.BitLen()))
				continue
			}
			name := normalHost(entry)
			if !isHostName(name) {
				return CallbackAllowlist{}, fmt.Errorf("callback allowlist entry %q is not a host name, IP address or CIDR", entry)
			}
			a.names = append(a.names, name)
			a.loopback = a.loopback || name == "localhost"
		}
	}
	return a, nil
}

func normalHost(host string) string { return strings.ToLower(strings.TrimSuffix(host, ".")) }

// isHostName accepts DNS names (letters, digits, hyphens and underscores
// in dot-separated labels), which keeps URLs, ports and paths out.
func isHostName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}

// allowsHost is the first check, on the host of a callback URL.
func (a CallbackAllowlist) allowsHost(host string) bool {
	if ip, err := netip.ParseAddr(host); err == nil {
		return a.holds(ip.Unmap())
	}
	return slices.Contains(a.names, normalHost(host))
}

// allowsDial is the second check, on an address about to be dialed.
func (a CallbackAllowlist) allowsDial(ip netip.Addr) bool {
	ip = ip.Unmap()
	return isPublic(ip) || a.holds(ip) || ip.IsLoopback() && a.loopback
}

func (a CallbackAllowlist) holds(ip netip.Addr) bool {
	return slices.ContainsFunc(a.prefixes, func(p netip.Prefix) bool { return p.Contains(ip) })
}

// specialPurpose are ranges that are not for reaching hosts on the
// internet but that netip's predicates do not cover: "this network",
// shared address space (carrier-grade NAT, also cloud metadata such as
// 100.100.100.200), IETF protocol assignments, benchmarking, reserved,
// and the IPv6 ranges that carry an IPv4 address (NAT64, Teredo, 6to4),
// which can lead back to a private one.
var specialPurpose = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2001::/32"),
	netip.MustParsePrefix("2002::/16"),
}

// isPublic tells a global unicast address outside the private and
// special-purpose ranges: loopback, private (RFC 1918, fc00::/7),
// link-local (169.254.0.0/16 with cloud metadata, fe80::/10), multicast
// and unspecified addresses are not public.
func isPublic(ip netip.Addr) bool {
	if !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return false
	}
	return !slices.ContainsFunc(specialPurpose, func(p netip.Prefix) bool { return p.Contains(ip) })
}

// refusedAddress is a dial the allowlist refuses.
type refusedAddress struct{ address string }

func (e *refusedAddress) Error() string {
	return "refused to dial " + e.address + ": a loopback, private, link-local or special-purpose address that no allowlist entry names"
}

// newCallbackClient is the client of device-deletion callbacks: it dials
// only what allow allows, through no proxy (a proxy would dial for it,
// unchecked), and follows no redirect.
func newCallbackClient(allow CallbackAllowlist, resolver *net.Resolver) *http.Client {
	dialer := &net.Dialer{
		Timeout:  10 * time.Second,
		Resolver: resolver,
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !allow.allowsDial(ap.Addr()) {
				return &refusedAddress{address}
			}
			return nil
		},
	}
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			DialContext:         dialer.DialContext,
			TLSHandshakeTimeout: 10 * time.Second,
			MaxIdleConns:        16,
			IdleConnTimeout:     time.Minute,
			ForceAttemptHTTP2:   true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
