package edge

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pinghu/internal/account"
	"pinghu/internal/errs"
)

// SessionCookie holds a browser session's token.
const SessionCookie = "pinghu_session"

// IsAPI reports whether a path belongs to the JSON API.
func IsAPI(path string) bool { return strings.HasPrefix(path, "/api/") }

// Authenticate resolves the session cookie (pages) or the bearer token
// (API) into the request's actor. A request without a valid one goes on
// unsigned; the route decides whether that is enough.
func Authenticate(acc *account.Service) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st := StateOf(r)
			var token, kind string
			if IsAPI(r.URL.Path) {
				if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
					token, kind = strings.TrimSpace(h[7:]), account.APISession
				}
			} else if c, err := r.Cookie(SessionCookie); err == nil {
				token, kind = c.Value, account.WebSession
			}
			if token != "" {
				a, u, err := acc.Authenticate(r.Context(), token, kind)
				switch {
				case err == nil:
					st.Actor, st.User, st.Signed = a, u, true
				case errs.CodeOf(err) == errs.Internal:
					// A database failure must not look like "signed out"
					// and never like "signed in".
					if IsAPI(r.URL.Path) {
						WriteError(w, r, err)
					} else {
						http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
					}
					return
				case kind == account.WebSession:
					ClearCookie(w, r, SessionCookie)
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Mount registers routes on mux. Each handler records its pattern for logs
// and metrics, enforces the route's access level and then, for a costly
// route, the budget of its class (limiter nil: no budgets). page shows a
// refusal on a page; API routes answer it as JSON.
func Mount(mux *http.ServeMux, routes []Route, limiter *Limiter, page func(http.ResponseWriter, *http.Request, error)) {
	for _, rt := range routes {
		mux.HandleFunc(rt.Key(), func(w http.ResponseWriter, r *http.Request) {
			st := StateOf(r)
			st.Pattern = rt.Key()
			if rt.Access == Signed && !st.Signed {
				if rt.API {
					WriteError(w, r, errs.E(errs.Unauthenticated))
					return
				}
				next := r.URL.Path
				if r.Method != http.MethodGet {
					next = "/"
				}
				http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
				return
			}
			if rt.Cost != Cheap && limiter != nil {
				if ok, wait := limiter.Allow(budgetHolder(st), rt.Cost); !ok {
					err := tooMany(rt.Cost, wait)
					if rt.API || page == nil {
						WriteError(w, r, err)
					} else {
						SetRetryAfter(w, err)
						page(w, r, err)
					}
					return
				}
			}
			if rt.MaxBody > 0 {
				raiseBodyLimit(w, r, rt.MaxBody)
			}
			rt.Handler(w, r)
		})
	}
}

// budgetHolder is whose budget a request spends: the signed-in user's,
// whichever session or token it comes with, or else its address's.
func budgetHolder(st *State) string {
	if st.Signed {
		return "user:" + strconv.FormatInt(st.User.ID, 10)
	}
	return "ip:" + st.IP
}

// SetCookie sets an HttpOnly, SameSite=Lax cookie, Secure under TLS or
// when the server is told it sits behind a TLS proxy.
func SetCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int, secure bool) {
	// #nosec G124 -- Secure whenever the connection or the proxy in front is TLS; plain HTTP is for loopback.
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: secure || r.TLS != nil})
}

// ClearCookie removes a cookie.
func ClearCookie(w http.ResponseWriter, r *http.Request, name string) {
	// #nosec G124 -- it removes the cookie; a removal carries no value to protect.
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
}
