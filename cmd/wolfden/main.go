// Command wolfden runs the wolfden server and manages its tenants.
// Run "wolfden help" for the commands and settings.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// env reads a setting from the environment.
type env func(string) string

// run executes one command and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) int {
	cmd, rest := "help", args
	if len(args) > 0 {
		cmd, rest = args[0], args[1:]
	}
	if (cmd == "tenant" || cmd == "app" || cmd == "key" || cmd == "partner" || cmd == "tls") && len(rest) > 0 {
		cmd, rest = cmd+" "+rest[0], rest[1:]
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, rest, stdout, stderr, getenv)
	case "tenant create":
		err = createTenant(ctx, rest, stdout, getenv)
	case "tenant list":
		err = listTenants(ctx, rest, stdout, getenv)
	case "tenant delete":
		err = deleteTenant(ctx, rest, stdout, getenv)
	case "tenant credentials":
		err = showCredentials(ctx, rest, stdout, getenv)
	case "partner create":
		err = createPartner(ctx, rest, stdout, getenv)
	case "app create":
		err = createApp(ctx, rest, stdout, getenv)
	case "key rotate":
		err = rotateKey(ctx, rest, stdout, getenv)
	case "tls init":
		err = tlsInit(rest, stdout)
	case "token":
		err = printToken(ctx, rest, stdout, getenv)
	case "seed":
		err = seedTenant(ctx, rest, stdout, stderr, getenv)
	case "bench":
		err = runBench(ctx, rest, stdout, stderr)
	case "bench-bare":
		err = serveBare(ctx, rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, helpText)
		return 0
	default:
		fmt.Fprintf(stderr, "wolfden: unknown command %q\n\n%s", cmd, helpText)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp): // "wolfden tenant create -h"
		fmt.Fprint(stdout, helpText)
		return 0
	default:
		fmt.Fprintf(stderr, "wolfden %s: %v\n", cmd, err)
		return 1
	}
}

const helpText = `wolfden: a self-hosted server that speaks the Aurora Endpoint Defense API
(formerly Cylance User API v2), for building and testing integrations.

Commands:
  wolfden serve [--db DB] [--addr ADDR] [--public-url URL] [--rate-limit N]
                [--auth-failure-rate N] [--auth-failure-burst N] [--no-demo]
                [--agent-delay-scale F] [--clock-skew D] [--token-lifetime D]
                [--token-requests N] [--journal N] [--journal-body-limit BYTES]
                [--pprof ADDR]
      Serve the API. On first start with an empty database it creates the
      tenant "default" with one application holding every privilege and
      prints its credentials once; they are also written, mode 0600, to
      wolfden-credentials.json beside the SQLite database (in the working
      directory for PostgreSQL). Unless --no-demo is given, the default
      tenant starts with a small demo set of devices, zones, threats and
      memory-protection events. SIGINT or SIGTERM stops the server after
      in-flight requests finish.

  wolfden tenant create --name NAME [--db DB]
      Create a tenant with one all-privilege application and print
      {"tenant_id": ..., "app_id": ..., "app_secret": ...}. A name already
      in use (case-insensitive) exits with status 1 and changes nothing.

  wolfden tenant list [--db DB]
      Print every tenant: id, name and creation time.

  wolfden tenant credentials NAME|ID [--db DB]
      Print the credentials of the tenant's first application again, as
      tenant create printed them. wolfden keeps application secrets: it
      verifies clients' HS256 signatures with them.

  wolfden tenant delete NAME|ID [--db DB]
      Delete the tenant and everything it owns. Its access tokens are
      refused once a server verifies them afresh (at once on the server
      that deletes through the control plane).

  wolfden partner create --name NAME [--db DB]
      Create a partner of the Multi-Tenant Console API (/public/v2/{region})
      with one application and print {"partner_id": ..., "app_id": ...,
      "app_secret": ...}. A name already in use exits with status 1.

  wolfden app create --tenant TENANT_ID --name NAME [--scopes LIST] [--db DB]
      Create an application of a tenant and print {"app_id": ..., "app_secret": ...}.
      LIST is comma-separated (user:read,user:list); default: every scope.

  wolfden token [--db DB]
      Trade the default tenant's credentials, read from the
      wolfden-credentials.json serve wrote on first start, for an access
      token (valid 30 minutes, every privilege), and print one line,
      export TOKEN=<token>, so that eval "$(wolfden token)" sets $TOKEN for
      curl -H "Authorization: Bearer $TOKEN". The exchange runs in-process
      against the database, as POST /auth/v2/token does; no server need be
      running. Without the credentials file it exits with status 1.

  wolfden seed --tenant NAME|ID [--devices N] [--threats M] [--sightings F]
               [--memory-events K] [--detections D] [--seed S] [--db DB]
      Fill a tenant with realistic, varied agent data — zones, devices
      (operating systems, host names, addresses, agent versions), M threats
      (the distinct files GET /threats/v2 lists) found F times over the
      devices (default 4*M), memory-protection events, D OPTICS detections
      raised by seeded rules — through the same code as the control plane.
      The same --seed (default 1) gives the same data; dates are recent
      whenever it runs. Shows a progress bar in a terminal.

  wolfden bench [--quick] [--postgres URL] [--devices N] [--threats M]
                [--scale-small N] [--scale-large N] [--connections C]
                [--duration D] [--max-requests N] [--only LIST]
                [--json FILE] [--profile DIR] [--journal-off]
      The load tool. Starts, on loopback, a bare net/http server (the
      ceiling), wolfden on a new SQLite file and, with --postgres, wolfden
      on a new database beside the one URL names (dropped afterwards);
      seeds them through the control plane; drives each scenario over C
      keep-alive connections for D or N requests; measures the storage's
      own ceiling for the writes; prints one table and the targets met.
      --quick: the whole run within a minute. See docs/performance.md.

  wolfden key rotate [--db DB]
      Replace the server's access-token signing key: every access token
      issued so far stops working (running servers notice within 5 s).
      Clients get new tokens with their application credentials.

  wolfden tls init [--dir DIR] [--host NAME ...] [--force]
      Make a local CA (ca.pem, ca-key.pem) and a server certificate it
      signs (cert.pem, key.pem; keys mode 0600) in DIR (default
      wolfden-tls) for localhost, 127.0.0.1, ::1, every host name of the
      vendor's API (protectapi[-region].cylance.com, api-admin.cylance.com)
      and each --host (repeatable, or comma-separated), and print how to
      serve with them, make clients trust the CA and send the vendor's
      names to wolfden. A CA already in DIR is reused; cert.pem and key.pem
      are replaced only with --force. See docs/tls.md.

  wolfden help
      Show this text.

Settings (a flag wins over its environment variable):
  --db          WOLFDEN_DB          SQLite file (default wolfden.db), a
                                    postgres:// URL for PostgreSQL, or
                                    :memory: for a throwaway database,
                                    removed when the server stops.
  --addr        WOLFDEN_ADDR        Listen address (default 127.0.0.1:8080).
  --public-url  WOLFDEN_PUBLIC_URL  Where clients reach the server: an
                                    absolute http or https URL, with a path
                                    prefix if a proxy strips one, and no
                                    query or fragment. The download and
                                    upload links the API hands out start
                                    with it (never with a request's Host
                                    header). Default: http:// and the
                                    address the server listens on.
  --rate-limit  WOLFDEN_RATE_LIMIT  Requests per second per tenant and per
                                    partner, with bursts of as many: 0
                                    disables, otherwise 0.01 to 1e6
                                    (default 100).
  --auth-failure-rate  WOLFDEN_AUTH_FAILURE_RATE
                                    Failed authentications (token exchanges,
                                    access tokens, partner credentials, the
                                    admin token) per second per client
                                    address once its burst is spent; past
                                    them the address's credentials are
                                    answered 429 with Retry-After, unchecked
                                    (access tokens it used before still
                                    work). The address is the connection's
                                    (an IPv6 address by its /64);
                                    X-Forwarded-For is not trusted. 0
                                    disables, otherwise 0.01 to 1e6
                                    (default 1).
  --clock-skew  WOLFDEN_CLOCK_SKEW  How far ahead of the server's clock a
                                    client's auth token may be issued
                                    (default 1m, at most 24h).
  --token-lifetime WOLFDEN_TOKEN_LIFETIME
                                    The longest auth token (exp - iat) and
                                    access token: 1s to 24h (default 30m,
                                    the vendor's).
  --token-requests WOLFDEN_TOKEN_REQUESTS
                                    Requests one access token may make;
                                    past them it is refused with 401 and
                                    the client takes a new one
                                    (python-cyapi renews after 9,500).
                                    Default 0: no cap.
  --agent-delay-scale WOLFDEN_AGENT_DELAY_SCALE
                                    How long the simulated agents take to
                                    carry out OPTICS commands, as a multiple
                                    of their defaults (2 s to pick one up,
                                    8 s to finish): 0 makes them instant;
                                    up to 1000 (default 1). The control
                                    plane can also advance their clock.
  --auth-failure-burst WOLFDEN_AUTH_FAILURE_BURST
                                    Failed authentications a client address
                                    may make at once, 1 to 1e6 (default 20).
  --journal     WOLFDEN_JOURNAL     Requests the request journal keeps, the
                                    control plane's own aside, for
                                    GET /control/v1/journal: 0 turns it
                                    off, at most 1e6 (default 1000).
                                    Credentials are redacted.
  --journal-body-limit WOLFDEN_JOURNAL_BODY_LIMIT
                                    Bytes of each request and response body
                                    an entry keeps, 1 to 1048576 (default
                                    65536); a longer body is cut and
                                    flagged.
                WOLFDEN_ADMIN_TOKEN The bearer token of the control plane
                                    (/control/v1), which plays the endpoint
                                    agents: at least 16 bytes; unset, the
                                    control plane is off. An environment
                                    variable only, so that it never shows in
                                    a process list.
                WOLFDEN_CALLBACK_ALLOWLIST
                                    Where device deletion callbacks may be
                                    sent (default: nowhere): comma-separated
                                    host names, IP addresses and CIDRs that
                                    a callback URL's host must match. The
                                    address dialed must also be public, or,
                                    if loopback, private or link-local, be
                                    named by an address or CIDR entry (or by
                                    "localhost" for loopback), whatever DNS
                                    answers. Redirects are not followed. A
                                    callback refused is logged, not sent.

The CLI commands work against the same database a running server uses.
`
