package main

// The help text. "wolfden help" prints it all; "wolfden COMMAND -h" prints
// the command's part (and serve's, the settings too).

const helpIntro = `wolfden: a self-hosted server that speaks the Aurora Endpoint Defense API
(formerly Cylance User API v2), for building and testing integrations.
`

const serveHelp = `  wolfden serve [--db DB] [--addr ADDR] [--public-url URL] [--tls-cert FILE
                --tls-key FILE] [--rate-limit N] [--auth-failure-rate N]
                [--auth-failure-burst N] [--no-demo] [--agent-delay-scale F]
                [--clock-skew D] [--token-lifetime D] [--token-requests N]
                [--journal N] [--journal-body-limit BYTES] [--credentials FILE]
                [--overwrite-credentials] [--log-format text|json]
                [--metrics=false] [--pprof ADDR] [--config FILE]
      Serve the API. It binds its address first, so that a taken port
      creates nothing. On first start with an empty database it creates the
      tenant "default" with one application holding every privilege and
      prints its credentials once; they are also written, mode 0600, to a
      file named after the database: DB.credentials.json beside a SQLite
      file, wolfden-postgres-HOST-PORT-DB.credentials.json in the working
      directory for PostgreSQL, or the --credentials file. A file already
      there is never replaced without --overwrite-credentials. Unless
      --no-demo is given, the default tenant starts with a small demo set
      of devices, zones, threats and memory-protection events. SIGINT or
      SIGTERM stops the server after in-flight requests finish.
`

const tenantCreateHelp = `  wolfden tenant create --name NAME [--db DB]
      Create a tenant with one all-privilege application and print
      {"tenant_id": ..., "app_id": ..., "app_secret": ...}. A name already
      in use (case-insensitive) exits with status 1 and changes nothing.
`

const tenantListHelp = `  wolfden tenant list [--db DB]
      Print every tenant: id, name and creation time.
`

const tenantCredentialsHelp = `  wolfden tenant credentials NAME|ID [--db DB]
      Print the credentials of the tenant's first application again, as
      tenant create printed them. wolfden keeps application secrets: it
      verifies clients' HS256 signatures with them.
`

const tenantDeleteHelp = `  wolfden tenant delete NAME|ID [--db DB]
      Delete the tenant and everything it owns. Its access tokens are
      refused once a server verifies them afresh (at once on the server
      that deletes through the control plane).
`

const partnerCreateHelp = `  wolfden partner create --name NAME [--db DB]
      Create a partner of the Multi-Tenant Console API (/public/v2/{region})
      with one application and print {"partner_id": ..., "app_id": ...,
      "app_secret": ...}. A name already in use exits with status 1.
`

const appCreateHelp = `  wolfden app create --tenant TENANT_ID --name NAME [--scopes LIST] [--db DB]
      Create an application of a tenant and print {"app_id": ..., "app_secret": ...}.
      LIST is comma-separated (user:read,user:list); default: every scope.
`

const tokenHelp = `  wolfden token [--db DB]
      Trade the default tenant's credentials, read from the
      credentials file serve wrote on first start (--credentials FILE to
      name another), for an access
      token (valid 30 minutes, every privilege), and print one line,
      export TOKEN=<token>, so that eval "$(wolfden token)" sets $TOKEN for
      curl -H "Authorization: Bearer $TOKEN". The exchange runs in-process
      against the database, as POST /auth/v2/token does; no server need be
      running. Without the credentials file it exits with status 1.
`

const seedHelp = `  wolfden seed --tenant NAME|ID [--devices N] [--threats M] [--sightings F]
               [--memory-events K] [--detections D] [--seed S] [--db DB]
      Fill a tenant with realistic, varied agent data — zones, devices
      (operating systems, host names, addresses, agent versions), M threats
      (the distinct files GET /threats/v2 lists) found F times over the
      devices (default 4*M), memory-protection events, D OPTICS detections
      raised by seeded rules — through the same code as the control plane.
      The same --seed (default 1) gives the same data; dates are recent
      whenever it runs. Shows a progress bar in a terminal.
`

const benchHelp = `  wolfden bench [--quick] [--postgres URL] [--devices N] [--threats M]
                [--scale-small N] [--scale-large N] [--connections C]
                [--duration D] [--max-requests N] [--only LIST]
                [--json FILE] [--profile DIR] [--journal-off] [--metrics-off]
      The load tool. Starts, on loopback, a bare net/http server (the
      ceiling), wolfden on a new SQLite file and, with --postgres, wolfden
      on a new database beside the one URL names (dropped afterwards);
      seeds them through the control plane; drives each scenario over C
      keep-alive connections for D or N requests; measures the storage's
      own ceiling for the writes; prints one table and the targets met.
      --quick: the whole run within a minute. See docs/performance.md.
`

const keyRotateHelp = `  wolfden key rotate [--db DB]
      Replace the server's access-token signing key: every access token
      issued so far stops working (running servers notice within 5 s).
      Clients get new tokens with their application credentials.
`

const settingsHelp = `Settings: a flag wins over its environment variable, which wins over the
configuration file, which wins over the default.
  --config      WOLFDEN_CONFIG      A configuration file for any command:
                                    NAME=value lines (NAME one of the variables
                                    below; # comments), as a docker-compose
                                    env_file holds them. A name it does not
                                    know is an error.
  --db          WOLFDEN_DB          The database: a SQLite file (a path, or
                                    sqlite:PATH or file:PATH; default
                                    wolfden.db), a postgres:// or
                                    postgresql:// URL, or :memory: for a
                                    throwaway database, removed when the
                                    server stops.
  --addr        WOLFDEN_ADDR        Listen address (default 127.0.0.1:8080;
                                    0.0.0.0:8080 in the container image).
  --tls-cert, --tls-key  WOLFDEN_TLS_CERT, WOLFDEN_TLS_KEY
                                    Serve HTTPS with this PEM certificate
                                    and key (wolfden tls init makes a local
                                    CA and a certificate for the vendor's
                                    host names: docs/tls.md).
  --credentials WOLFDEN_CREDENTIALS The default tenant's credentials file
                                    (serve writes it, token reads it).
  --log-format  WOLFDEN_LOG_FORMAT  text (default) or json: one line per
                                    request with its id, route pattern,
                                    tenant, status and latency; never a
                                    credential.
  --metrics     WOLFDEN_METRICS     Prometheus metrics at /metrics, no token
                                    needed, no tenant data: on (default) or
                                    off (--metrics=false).
  --public-url  WOLFDEN_PUBLIC_URL  Where clients reach the server: an
                                    absolute http or https URL, with a path
                                    prefix if a proxy strips one, and no
                                    query or fragment. The download and
                                    upload links the API hands out start
                                    with it (never with a request's Host
                                    header). Default: http:// (https:// with
                                    --tls-cert) and the listen address.
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
