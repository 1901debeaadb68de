package piitest_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"pinghu/internal/pii/piitest"
	"pinghu/internal/report/ledger"
)

const (
	mobile = "13912345678"
	idCard = "11010519491231002X"
)

// The scanner finds a planted number in every kind of output the suite
// produces, and reports it masked.
func TestScannerFindsPlantedNumbers(t *testing.T) {
	var xlsx bytes.Buffer
	if err := ledger.WriteXLSX(&xlsx, ledger.Sheet{Columns: []ledger.Column{{Header: "备注"}},
		Rows: [][]any{{"请回电 " + mobile}, {"身份证 " + idCard}}}); err != nil {
		t.Fatal(err)
	}
	var s piitest.Scanner
	for _, c := range []struct {
		name, contentType string
		body              []byte
		want              int
	}{
		{"html", "text/html; charset=utf-8", []byte("<p>电话 " + mobile + "</p>"), 1},
		{"json", "application/json", []byte(`{"d":"\n` + idCard + `","m":"+86 139 1234 5678"}`), 2},
		{"csv", "text/csv", []byte("\ufeff名称,电话\n甲," + mobile + "\n"), 1},
		{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Bytes(), 2},
		{"masked html", "text/html", []byte("<p>139****5678 110105********002X</p>"), 0},
		{"photo", "image/png", []byte("\x89PNG " + mobile), 0},
	} {
		hits := s.Body(c.contentType, c.body)
		if len(hits) != c.want {
			t.Errorf("%s: %d hits %v, want %d", c.name, len(hits), hits, c.want)
		}
		for _, h := range hits {
			if strings.Contains(h.String(), mobile) || strings.Contains(h.String(), idCard) || !strings.Contains(h.String(), "*") {
				t.Errorf("%s: hit %q is not reported masked", c.name, h)
			}
		}
	}
	log := s.Log()
	log.Info("request", "route", "GET /x", "note", "call "+mobile)
	log.With("who", idCard).Info("fine")
	log.Info("clean", "phone", "139****5678")
	hits := s.LogHits()
	if len(hits) != 2 || strings.Contains(strings.Join(hits, ""), mobile) {
		t.Errorf("log hits %q, want 2, masked", hits)
	}
	if again := s.LogHits(); len(again) != 0 {
		t.Errorf("log hits not forgotten: %q", again)
	}
	if a, p, l := s.Counts(); a != 0 || p < 8 || l != 3 {
		t.Errorf("counts %d answers, %d parts, %d log lines", a, p, l)
	}
}

// An answer repeating what the request carried is not a leak; anything
// else is, in the body or in a header, except on a reveal route.
func TestHandlerFailsTheTest(t *testing.T) {
	var s piitest.Scanner
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		switch r.URL.Path {
		case "/echo":
			w.Write([]byte("<textarea>" + r.PostForm.Get("d") + "</textarea>"))
		case "/redirect":
			http.Redirect(w, r, "/x?q="+mobile, http.StatusSeeOther)
		default:
			w.Write([]byte("ok " + mobile))
		}
	})
	for _, c := range []struct {
		path string
		form url.Values
		fail bool
	}{
		{"/echo", url.Values{"d": {"电话 " + mobile}}, false},
		{"/leak", nil, true},
		{"/redirect", nil, true},
		{"/users/1/reveal", nil, false},
	} {
		ft := &fakeT{}
		srv := httptest.NewServer(s.Handler(ft, h))
		res, err := noRedirect.PostForm(srv.URL+c.path, c.form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		srv.Close()
		if (len(ft.errs) > 0) != c.fail {
			t.Errorf("%s: errors %q, want failure %v", c.path, ft.errs, c.fail)
		}
		for _, e := range ft.errs {
			if strings.Contains(e, mobile) {
				t.Errorf("%s: the failure repeats the number: %s", c.path, e)
			}
		}
	}
	if a, _, _ := s.Counts(); a != 4 {
		t.Errorf("%d answers counted, want 4", a)
	}
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// fakeT records failures instead of failing.
type fakeT struct {
	testing.TB
	errs []string
}

func (f *fakeT) Helper() {}

func (f *fakeT) Errorf(format string, args ...any) {
	f.errs = append(f.errs, strings.TrimSpace(fmt.Sprintf(format, args...)))
}
