package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "/",
		"/":                       "/",
		"/appeals?status=open#x":  "/appeals?status=open#x",
		"/enterprises/12":         "/enterprises/12",
		"//evil.example":          "/",
		"/\\evil.example":         "/",
		"/\t/evil.example":        "/", // browsers drop the tab: //evil.example
		"/\n/evil.example":        "/",
		"/a/../\\evil.example":    "/", // http.Redirect cleans it to /\evil.example
		"/a\\b":                   "/",
		"https://evil.example/":   "/",
		"evil.example":            "/",
		"javascript:alert(1)":     "/",
		"/%2F%2Fevil.example":     "/%2F%2Fevil.example", // a path segment, not a host
		"/x?next=//evil.example":  "/x?next=//evil.example",
		"/\u00a0/evil.example":    "/\u00a0/evil.example", // a no-break space is a path character
		"/%zz":                    "/",
		"/login?next=%2Fappeals":  "/login?next=%2Fappeals",
		"/\x7f/evil.example":      "/",
		"/ok/\u2028/evil.example": "/ok/\u2028/evil.example",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// Whatever a link carries as next or back, the redirect made of it stays
// on this site as a browser reads the Location header: tabs and line
// breaks dropped, backslashes read as slashes.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/", "/appeals", "//evil.example", "/\\evil", "/\t/evil", "/a/../\\evil", "https://x/",
		"/./\t/evil", "/%09/evil", "/..//evil", "/a/..//evil", "/ /x", "/\r\n/evil", "?x", "#/x", "/:80/x"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://pinghu.example/login?next=x")
	f.Fuzz(func(t *testing.T, next string) {
		p := localPath(next)
		if p != "/" && p != next {
			t.Fatalf("localPath(%q) = %q: neither the input nor /", next, p)
		}
		w := httptest.NewRecorder()
		http.Redirect(w, httptest.NewRequest("POST", "/login", nil), p, http.StatusSeeOther)
		loc := w.Header().Get("Location")
		seen := strings.Map(func(r rune) rune {
			switch r {
			case '\t', '\n', '\r':
				return -1
			case '\\':
				return '/'
			}
			return r
		}, loc)
		u, err := base.Parse(seen)
		if err != nil {
			t.Fatalf("localPath(%q) = %q: Location %q does not parse: %v", next, p, loc, err)
		}
		if u.Scheme != "https" || u.Host != "pinghu.example" || !strings.HasPrefix(loc, "/") {
			t.Fatalf("localPath(%q) = %q leaves the site: Location %q reads as %s", next, p, loc, u)
		}
	})
}
