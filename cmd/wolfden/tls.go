package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/wolfden/wolfden/tlsca"
)

// defaultTLSDir is where tls init writes without --dir.
const defaultTLSDir = "wolfden-tls"

const tlsInitHelp = `  wolfden tls init [--dir DIR] [--host NAME ...] [--force]
      Make a local CA (ca.pem, ca-key.pem) and a server certificate it
      signs (cert.pem, key.pem; keys mode 0600) in DIR (default
      wolfden-tls) for localhost, 127.0.0.1, ::1, every host name of the
      vendor's API (protectapi[-region].cylance.com, api-admin.cylance.com)
      and each --host (repeatable, or comma-separated), and print how to
      serve with them, make clients trust the CA and send the vendor's
      names to wolfden. A CA already in DIR is reused; cert.pem and key.pem
      are replaced only with --force. See docs/tls.md.
`

// hostList is a repeatable flag of host names, each value possibly a
// comma-separated list.
type hostList []string

func (h *hostList) String() string { return strings.Join(*h, ",") }

func (h *hostList) Set(v string) error {
	for name := range strings.SplitSeq(v, ",") {
		if name = strings.TrimSpace(name); name != "" {
			*h = append(*h, name)
		}
	}
	return nil
}

// tlsInit is "wolfden tls init": it makes the CA and the server
// certificate for the vendor's host names (tlsca.Init) and says how to
// serve with them and make clients trust them.
func tlsInit(args []string, stdout io.Writer) error {
	var dir string
	var hosts hostList
	var force bool
	fs := newFlagSet("tls init")
	fs.StringVar(&dir, "dir", defaultTLSDir, "directory for ca.pem, ca-key.pem, cert.pem, key.pem")
	fs.Var(&hosts, "host", "another host name or IP address for the certificate (repeatable)")
	fs.BoolVar(&force, "force", false, "replace an existing cert.pem and key.pem")
	if err := parse(fs, args); err != nil {
		return err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	r, err := tlsca.Init(tlsca.Options{Dir: abs, Hosts: hosts, Force: force})
	if err != nil {
		return err
	}
	return printTLSInit(stdout, r)
}

func printTLSInit(w io.Writer, r *tlsca.Result) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	if r.CAReused {
		p("Issued a server certificate with the CA already in %s:", filepath.Dir(r.CACert))
	} else {
		p("Made a CA and a server certificate in %s:", filepath.Dir(r.CACert))
	}
	p("  %-11s the CA: give it to clients to trust", filepath.Base(r.CACert))
	p("  %-11s the CA's key, mode 0600: keep it private", filepath.Base(r.CAKey))
	p("  %-11s the server certificate", filepath.Base(r.Cert))
	p("  %-11s its key, mode 0600", filepath.Base(r.Key))
	if r.CAReused {
		p("Clients that already trust this CA trust the new certificate too.")
	}
	names := slices.Clone(r.DNSNames)
	for _, ip := range r.IPs {
		names = append(names, ip.String())
	}
	p("")
	p("The certificate, valid until %s, names:", r.NotAfter.UTC().Format(time.DateOnly))
	for _, n := range names {
		p("  %s", n)
	}

	p("")
	p("Serve with it:")
	p("  wolfden serve --tls-cert %s --tls-key %s \\", r.Cert, r.Key)
	p("      --addr 127.0.0.1:8443 --public-url https://protectapi.cylance.com:8443")
	p("Clients that build the URL from a region name (python-cyapi, Splunk SOAR)")
	p("dial port 443: serve on --addr 127.0.0.1:443 (root, or CAP_NET_BIND_SERVICE)")
	p("with --public-url https://protectapi.cylance.com, or forward 443 to 8443.")

	p("")
	p("Make clients trust the CA. The variables and --cacert replace a client's")
	p("usual roots (it then trusts wolfden only); the system store adds to them:")
	p("  python requests, python-cyapi:  export REQUESTS_CA_BUNDLE=%s", r.CACert)
	p("  Python's ssl, OpenSSL, Go:      export SSL_CERT_FILE=%s", r.CACert)
	p("  curl:                           curl --cacert %s https://protectapi.cylance.com/...", r.CACert)
	p("  Debian or Ubuntu system store:")
	p("    cp %s /usr/local/share/ca-certificates/wolfden.crt && update-ca-certificates", r.CACert)

	p("")
	p("Send the vendor's host names to wolfden, with a line in /etc/hosts")
	p("(C:\\Windows\\System32\\drivers\\etc\\hosts on Windows):")
	p("  127.0.0.1 %s", strings.Join(tlsca.VendorHosts, " "))
	p("or, for one curl command:")
	p("  curl --cacert %s --resolve protectapi.cylance.com:443:127.0.0.1 https://protectapi.cylance.com/...", r.CACert)
	p("More, docker-compose included: docs/tls.md.")
	_, err := io.WriteString(w, b.String())
	return err
}
