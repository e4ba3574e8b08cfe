package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"
)

const healthHelp = `  wolfden health [--addr ADDR] [--url URL] [--timeout D]
      Ask a running server whether it is ready (GET /readyz: it serves and
      its database answers) and exit 0 if so, 1 if not: the container's
      HEALTHCHECK, where no curl is. It asks --url, or else the address
      serve listens on (--addr, WOLFDEN_ADDR; an unspecified host such as
      0.0.0.0 is asked on loopback), over HTTPS when serve has a
      certificate (WOLFDEN_TLS_CERT), which it does not verify: the probe
      sends no credential.
`

func checkHealth(ctx context.Context, args []string, stdout, _ io.Writer, getenv env) error {
	fs := newFlagSet("health")
	addr := fs.String("addr", envOr(getenv, "WOLFDEN_ADDR", defaultAddr), "the address serve listens on")
	target := fs.String("url", "", "the server's base URL (default: from --addr)")
	timeout := fs.Duration("timeout", 5*time.Second, "how long to wait for the answer")
	if err := parse(fs, args); err != nil {
		return err
	}
	base := *target
	if base == "" {
		host, port, err := net.SplitHostPort(*addr)
		if err != nil {
			return fmt.Errorf("--addr %q: %w", *addr, err)
		}
		if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
			host = "127.0.0.1"
		}
		scheme := "http"
		if getenv("WOLFDEN_TLS_CERT") != "" {
			scheme = "https"
		}
		base = scheme + "://" + net.JoinHostPort(host, port)
	} else if u, err := url.Parse(base); err != nil || u.Host == "" {
		return fmt.Errorf("--url %q is not an absolute URL", base)
	}
	client := &http.Client{Timeout: *timeout, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}, // a probe: no credential goes out
	}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/readyz", nil)
	if err != nil {
		return err
	}
	res, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%s: %w", req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 4<<10))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s: %s", req.URL, res.Status, body)
	}
	_, err = fmt.Fprintf(stdout, "%s: ready\n", base)
	return err
}
