package edge

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"pinghu/internal/i18n"
)

// Middleware wraps a handler.
type Middleware func(http.Handler) http.Handler

// Chain applies middleware so that the first listed is the outermost.
func Chain(h http.Handler, m ...Middleware) http.Handler {
	for i := len(m) - 1; i >= 0; i-- {
		h = m[i](h)
	}
	return h
}

// statusWriter remembers the status for logs and metrics.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Observe is the outermost layer: it gives the request its state and id,
// recovers panics, and reports each request to log and metrics once.
func Observe(trustProxy bool, report func(st *State, method string, d time.Duration)) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			st := &State{RequestID: newRequestID(), IP: clientIP(r, trustProxy), Lang: i18n.Default, Pattern: "unmatched"}
			sw := &statusWriter{ResponseWriter: w}
			w.Header().Set("X-Request-Id", st.RequestID)
			defer func() {
				if p := recover(); p != nil {
					slog.Error("panic", "request_id", st.RequestID, "route", st.Pattern, "panic", p, "stack", string(debug.Stack()))
					if sw.status == 0 {
						http.Error(sw, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
					}
				}
				st.Status = sw.status
				if st.Status == 0 {
					st.Status = http.StatusOK
				}
				report(st, r.Method, time.Since(start))
			}()
			next.ServeHTTP(sw, withState(r, st))
		})
	}
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// clientIP is the peer address, or the first X-Forwarded-For hop when the
// server is configured to sit behind a trusted proxy.
func clientIP(r *http.Request, trustProxy bool) string {
	if trustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			first, _, _ := strings.Cut(xff, ",")
			if ip := net.ParseIP(strings.TrimSpace(first)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// SecurityHeaders sets the headers every response carries. The CSP allows
// no inline script or style: the pages load only our own files.
func SecurityHeaders(next http.Handler) http.Handler { return SecurityHeadersWith()(next) }

// SecurityHeadersWith is SecurityHeaders whose CSP also lets images come
// from the given origins (scheme://host): the red map's tile server, when
// one is configured.
func SecurityHeadersWith(imgOrigins ...string) Middleware {
	img := "'self' data:"
	for _, o := range imgOrigins {
		if o != "" {
			img += " " + o
		}
	}
	csp := "default-src 'self'; script-src 'self'; style-src 'self'; img-src " + img + "; font-src 'self'; " +
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Security-Policy", csp)
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
			if r.TLS != nil {
				h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
			}
			next.ServeHTTP(w, r)
		})
	}
}

// LimitBody caps every request body. It keeps the uncapped body in the
// request's state so that a route taking uploads (Route.MaxBody) can set a
// larger cap once it knows the route and the signed-in user.
func LimitBody(max int64) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Body != nil {
				StateOf(r).body = r.Body
				r.Body = http.MaxBytesReader(w, r.Body, max)
			}
			next.ServeHTTP(w, r)
		})
	}
}

// raiseBodyLimit replaces the server-wide cap on the body with max, for a
// route that takes uploads. Without LimitBody in the chain it does nothing.
func raiseBodyLimit(w http.ResponseWriter, r *http.Request, max int64) {
	if raw := StateOf(r).body; raw != nil {
		r.Body = http.MaxBytesReader(w, raw, max)
	}
}

// LangCookie is the cookie holding the chosen language.
const LangCookie = "pinghu_lang"

// Language picks the language: ?lang= for one request, then the cookie,
// then Accept-Language.
func Language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		choice := r.URL.Query().Get("lang")
		if choice == "" {
			if c, err := r.Cookie(LangCookie); err == nil {
				choice = c.Value
			}
		}
		StateOf(r).Lang = i18n.Pick(choice, r.Header.Get("Accept-Language"))
		next.ServeHTTP(w, r)
	})
}
