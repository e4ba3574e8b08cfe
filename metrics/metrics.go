// Package metrics holds a server's Prometheus metrics: a registry of its
// own (never the process-wide default, so that several servers in one
// process, as in tests, do not collide), the Go and process collectors,
// and wolfden's counters and histograms, which the API, the background
// worker and the SQL store's group commit feed through the methods of
// Metrics. Handler serves the registry in the Prometheus exposition
// format, as the API's GET /metrics (docs/metrics.md).
//
// Labels never carry tenant data: a request is labelled by its route's
// pattern ("/devices/v2/{device}"), never by its path, and nothing is
// labelled by tenant, partner or application. Every method is safe on a
// nil *Metrics and then does nothing, so that metrics off cost a nil
// check.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is one server's registry and the metrics in it; safe for
// concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	requests       *prometheus.CounterVec
	duration       *prometheus.HistogramVec
	rateLimited    *prometheus.CounterVec
	exchanges      *prometheus.CounterVec
	internalErrors *prometheus.CounterVec
	commitBatch    prometheus.Histogram
	workerRuns     *prometheus.CounterVec
	workerItems    *prometheus.CounterVec
	workerErrors   *prometheus.CounterVec
}

// NoRoute is the route label of a request answered without a route: a
// path the route table does not know (404), or an answer given before
// routing (a malformed URL, a fault rule that names no tenant).
const NoRoute = "none"

// Rate limiters, the limiter label of wolfden_rate_limited_total.
const (
	LimitAccount      = "account"       // a tenant's or partner's request rate
	LimitAuthFailures = "auth_failures" // an address's failed authentications
	LimitUploads      = "uploads"       // package uploads read at once
	LimitFaultRule    = "fault_rule"    // a 429 a fault rule fakes
)

// Token exchanges, the exchange label of wolfden_token_exchanges_total.
const (
	ExchangeTenant  = "tenant"  // POST /auth/v2/token
	ExchangePartner = "partner" // POST /public/…/auth
)

// Causes of a 500, the cause label of wolfden_internal_errors_total.
const (
	CauseError     = "error"      // an error a handler returned: in practice a storage failure
	CausePanic     = "panic"      // a handler panicked
	CauseFaultRule = "fault_rule" // a 500 a fault rule fakes
)

// Worker tasks, the task label of the wolfden_worker_* metrics.
const (
	TaskDeletions       = "device_deletions"
	TaskCallbacks       = "deletion_callbacks"
	TaskInactiveDevices = "inactive_devices"
	TaskTokenIDs        = "token_id_purge"
)

// New returns a registry with the Go and process collectors and every
// wolfden metric.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wolfden_http_requests_total",
			Help: "HTTP requests answered, by route pattern (none: no route), method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "wolfden_http_request_duration_seconds",
			Help:    "Time from a request's arrival to its handler's return, by route pattern and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wolfden_rate_limited_total",
			Help: "Requests answered 429, by the limit that refused them: account (a tenant's or partner's rate), auth_failures (an address's failed authentications), uploads (package uploads at once), fault_rule.",
		}, []string{"limiter"}),
		exchanges: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wolfden_token_exchanges_total",
			Help: "Token exchanges, by exchange (tenant: POST /auth/v2/token, partner: the partner API's auth) and outcome (issued, refused: any answer but a token).",
		}, []string{"exchange", "outcome"}),
		internalErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wolfden_internal_errors_total",
			Help: "Requests answered 500, by route pattern and cause: error (an error a handler returned, in practice a storage failure), panic, fault_rule.",
		}, []string{"route", "cause"}),
		commitBatch: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "wolfden_sqlite_group_commit_jobs",
			Help:    "Write transactions per SQLite group commit (one disk flush each).",
			Buckets: prometheus.ExponentialBuckets(1, 2, 9), // 1 … 256, the largest batch
		}),
		workerRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wolfden_worker_runs_total",
			Help: "Runs of the background worker's tasks, by task.",
		}, []string{"task"}),
		workerItems: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wolfden_worker_items_total",
			Help: "What the background worker's tasks processed, by task: deletion requests completed, callbacks sent, inactive devices removed, token ids purged.",
		}, []string{"task"}),
		workerErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wolfden_worker_errors_total",
			Help: "Failures of the background worker's tasks, by task.",
		}, []string{"task"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.rateLimited, m.exchanges, m.internalErrors, m.commitBatch,
		m.workerRuns, m.workerItems, m.workerErrors,
	)
	// Series that exist before their first event, so that rate() and
	// alerts see a 0 rather than nothing.
	for _, l := range []string{LimitAccount, LimitAuthFailures, LimitUploads, LimitFaultRule} {
		m.rateLimited.WithLabelValues(l)
	}
	for _, e := range []string{ExchangeTenant, ExchangePartner} {
		m.exchanges.WithLabelValues(e, "issued")
		m.exchanges.WithLabelValues(e, "refused")
	}
	for _, t := range []string{TaskDeletions, TaskCallbacks, TaskInactiveDevices, TaskTokenIDs} {
		m.workerRuns.WithLabelValues(t)
		m.workerItems.WithLabelValues(t)
		m.workerErrors.WithLabelValues(t)
	}
	return m
}

// Registry is the registry, for callers that add collectors of their own.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Request counts a request answered with status and observes its
// duration. route is the route's pattern, "" when no route answered.
func (m *Metrics) Request(route, method string, status int, d time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = NoRoute
	}
	method = knownMethod(method)
	m.requests.WithLabelValues(route, method, statusText(status)).Inc()
	m.duration.WithLabelValues(route, method).Observe(d.Seconds())
}

// RateLimited counts a 429 that limiter (LimitAccount, …) caused.
func (m *Metrics) RateLimited(limiter string) {
	if m == nil {
		return
	}
	m.rateLimited.WithLabelValues(limiter).Inc()
}

// TokenExchange counts an exchange (ExchangeTenant, ExchangePartner) that
// issued a token or not.
func (m *Metrics) TokenExchange(exchange string, issued bool) {
	if m == nil {
		return
	}
	outcome := "refused"
	if issued {
		outcome = "issued"
	}
	m.exchanges.WithLabelValues(exchange, outcome).Inc()
}

// InternalError counts a 500 of route ("" when no route answered) for
// cause (CauseError, …).
func (m *Metrics) InternalError(route, cause string) {
	if m == nil {
		return
	}
	if route == "" {
		route = NoRoute
	}
	m.internalErrors.WithLabelValues(route, cause).Inc()
}

// CommitBatch observes a group commit of jobs write transactions.
func (m *Metrics) CommitBatch(jobs int) {
	if m == nil {
		return
	}
	m.commitBatch.Observe(float64(jobs))
}

// WorkerRun counts a run of the worker's task (TaskDeletions, …) that
// processed items and met errors failures.
func (m *Metrics) WorkerRun(task string, items, errors int) {
	if m == nil {
		return
	}
	m.workerRuns.WithLabelValues(task).Inc()
	m.workerItems.WithLabelValues(task).Add(float64(items))
	m.workerErrors.WithLabelValues(task).Add(float64(errors))
}

// knownMethod keeps the method label bounded: a client may send any
// token as its method.
func knownMethod(method string) string {
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete,
		http.MethodPatch, http.MethodHead, http.MethodOptions:
		return method
	}
	return "other"
}

// statusTexts are the status labels, made once.
var statusTexts = func() (t [600]string) {
	for i := range t {
		t[i] = strconv.Itoa(i)
	}
	return t
}()

func statusText(status int) string {
	if status >= 0 && status < len(statusTexts) {
		return statusTexts[status]
	}
	return strconv.Itoa(status)
}
