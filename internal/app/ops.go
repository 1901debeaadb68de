package app

import (
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"pinghu/internal/db"
	"pinghu/internal/edge"
)

type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	handler  http.Handler
}

// newMetrics registers request counts and latency by route, the database
// pools, and the Go runtime, on a registry of our own (no globals, so
// tests can build many apps in one process).
func newMetrics(d *db.DB) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "pinghu_http_requests_total",
		Help: "HTTP requests by route pattern, method and status."}, []string{"route", "method", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "pinghu_http_request_duration_seconds",
		Help: "HTTP request latency by route pattern.", Buckets: prometheus.DefBuckets}, []string{"route"})
	m.reg.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(d.W, "writer"))
	if d.R != d.W {
		m.reg.MustRegister(collectors.NewDBStatsCollector(d.R, "reader"))
	}
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

// observe reports one finished request to the metrics and the log. The log
// line carries the route pattern, never the raw URL, whose query may hold
// names or numbers a user typed.
func (m *metrics) observe(st *edge.State, method string, d time.Duration) {
	status := http.StatusText(st.Status)
	if status == "" {
		status = "unknown"
	}
	m.requests.WithLabelValues(st.Pattern, method, strings.ToLower(strings.ReplaceAll(status, " ", "_"))).Inc()
	m.latency.WithLabelValues(st.Pattern).Observe(d.Seconds())
	logRequest(st, method, d)
}

func (a *App) opsRoutes() []edge.Route {
	return []edge.Route{
		{Method: "GET", Pattern: "/healthz", Access: edge.Public, Handler: a.healthz},
		{Method: "GET", Pattern: "/readyz", Access: edge.Public, Handler: a.readyz},
		{Method: "GET", Pattern: "/metrics", Access: edge.Public, Handler: a.metricsHandler},
	}
}

// healthz says the process is up; it touches nothing else.
func (a *App) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// readyz says the database answers, so a load balancer can route here.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := a.DB.Ping(r.Context()); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

// metricsHandler serves Prometheus metrics to loopback callers, or to
// anyone presenting PINGHU_METRICS_TOKEN as a bearer token.
func (a *App) metricsHandler(w http.ResponseWriter, r *http.Request) {
	ip := net.ParseIP(edge.StateOf(r).IP)
	allowed := ip != nil && ip.IsLoopback()
	if tok := a.Config.MetricsToken; tok != "" {
		got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		allowed = allowed || subtle.ConstantTimeCompare([]byte(got), []byte(tok)) == 1
	}
	if !allowed {
		http.NotFound(w, r)
		return
	}
	a.metrics.handler.ServeHTTP(w, r)
}
