package api_test

import (
	"net/http"
	"strconv"
	"testing"

	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/demo"
	"pinghu/internal/enterprise"
	"pinghu/internal/org"
)

// statsEnv is the API over the Pinghu 2022 demo, with the appeal service
// wired in as the server wires it.
func statsEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	e := newEnv(t, d)
	e.api.Enterprises = &enterprise.Service{DB: d, Audit: e.log, Now: e.clock.Now, Files: &enterprise.FileStore{Dir: t.TempDir()}}
	e.api.Appeals = &appeal.Service{DB: d, Audit: e.log, Now: e.clock.Now,
		Calendar: e.api.Calendar}
	if _, err := demo.Load(e.ctx, demo.Env{DB: d, Accounts: e.acc, Audit: e.log, Now: e.clock.Now, Password: testPassword}); err != nil {
		t.Fatalf("demo: %v", err)
	}
	return e
}

func num(t *testing.T, r *response, name string) float64 {
	t.Helper()
	v, ok := r.json[name].(float64)
	if !ok {
		t.Fatalf("%s: %s is %v, want a number", r.req, name, r.json[name])
	}
	return v
}

// The seed's figures through the API, on every database: between 26 and
// 31 May 2022 all 324 above-scale industrial enterprises were visited and
// 326 appeals collected, of which, as of 1 July, 317 were resolved and 9
// in progress; in the first half of 2022 more than 500 were resolved.
func TestStatsEnterpriseService(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := statsEnv(t, d)
		tok := e.login("leader")
		const path = "/api/v1/stats/enterprise-service"

		r := e.do(http.MethodGet, path+"?from=2022-05-26&to=2022-05-31&as_of=2022-07-01", tok, nil).want(http.StatusOK)
		for name, want := range map[string]float64{"above_scale_enterprises": 324, "enterprises_visited": 324,
			"appeals_collected": 326, "appeals_resolved": 317, "appeals_in_progress": 9} {
			if got := num(t, r, name); got != want {
				t.Errorf("visiting week: %s = %v, want %v", name, got, want)
			}
		}
		for _, name := range []string{"closure_rate", "response_rate", "on_time_rate", "resolution_rate", "satisfaction_rate"} {
			if v := num(t, r, name); v < 0 || v > 1 {
				t.Errorf("%s = %v, want a fraction", name, v)
			}
		}
		if got := num(t, r, "closure_rate"); got != 317.0/326 {
			t.Errorf("closure rate %v, want 317/326", got)
		}
		if r.json["as_of"] != "2022-07-01T15:59:59.999999Z" {
			t.Errorf("as_of %v, want the end of 1 July in China Standard Time", r.json["as_of"])
		}

		half := e.do(http.MethodGet, path+"?from=2022-01-01&to=2022-06-30&as_of=2022-07-01", tok, nil).want(http.StatusOK)
		if got := num(t, half, "appeals_resolved"); got <= 500 {
			t.Errorf("first half of 2022: %v resolved, want above 500", got)
		}

		// A period without appeals has no rates: null, not 0.
		none := e.do(http.MethodGet, path+"?from=2021-01-01&to=2021-01-31&as_of=2022-07-01", tok, nil).want(http.StatusOK)
		if v, present := none.json["closure_rate"]; !present || v != nil {
			t.Errorf("empty period: closure_rate = %v, want null", v)
		}

		// The breakdown adds up to the figure.
		b := e.do(http.MethodGet, path+"/breakdown?by=community&from=2022-05-26&to=2022-05-31&as_of=2022-07-01", tok, nil).want(http.StatusOK)
		sum := 0.0
		for _, x := range b.json["rows"].([]any) {
			sum += x.(map[string]any)["appeals_collected"].(float64)
		}
		if sum != 326 {
			t.Errorf("by community: %v collected in all, want 326", sum)
		}
	})
}

// Bad parameters answer 422 naming each one; roles without the figures
// answer 404; a community sees its own community only.
func TestStatsEnterpriseServiceRefuses(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := statsEnv(t, d)
		tok := e.login("leader")
		const path = "/api/v1/stats/enterprise-service"
		for _, c := range []struct {
			query  string
			fields []string
		}{
			{"?from=2022-13-01", []string{"from"}},
			{"?to=yesterday", []string{"to"}},
			{"?as_of=2022-07-32", []string{"as_of"}},
			{"?from=2022-06-01&to=2022-05-01", []string{"to"}},
			{"?from=x&to=y&as_of=z", []string{"from", "to", "as_of"}},
			{"?unit_id=abc", []string{"unit_id"}},
			{"?unit_id=999999", []string{"unit_id"}},
		} {
			e.do(http.MethodGet, path+c.query, tok, nil).wantError(http.StatusUnprocessableEntity, "invalid", c.fields...)
		}
		e.do(http.MethodGet, path+"/breakdown?by=month", tok, nil).wantError(http.StatusUnprocessableEntity, "invalid", "by")
		e.do(http.MethodGet, path+"/breakdown", tok, nil).wantError(http.StatusUnprocessableEntity, "invalid", "by")
		e.do(http.MethodGet, path, "", nil).wantError(http.StatusUnauthorized, "unauthenticated")
		for _, who := range []string{"secadmin", "auditor", "expert", "enterprise"} {
			e.do(http.MethodGet, path, e.login(who), nil).wantError(http.StatusNotFound, "not_found")
		}
		week := "?from=2022-05-26&to=2022-05-31&as_of=2022-07-01"
		all := e.do(http.MethodGet, path+week, tok, nil).want(http.StatusOK)
		mine := e.do(http.MethodGet, path+week, e.login("community"), nil).want(http.StatusOK)
		if a, m := num(t, all, "appeals_collected"), num(t, mine, "appeals_collected"); m <= 0 || m >= a {
			t.Errorf("community: %v collected of the sub-district's %v, want a part", m, a)
		}
		// The leader narrowed to that community sees the same figures; the
		// community's user may not look at another community.
		hehua, err := org.FindByCode(e.ctx, d.R, "PH-HEHUA")
		if err != nil {
			t.Fatal(err)
		}
		pinghu, err := org.FindByCode(e.ctx, d.R, "PH-PINGHU")
		if err != nil {
			t.Fatal(err)
		}
		narrowed := e.do(http.MethodGet, path+week+"&unit_id="+strconv.FormatInt(hehua.ID, 10), tok, nil).want(http.StatusOK)
		for _, f := range []string{"above_scale_enterprises", "enterprises_visited", "appeals_collected", "appeals_resolved"} {
			if num(t, narrowed, f) != num(t, mine, f) {
				t.Errorf("%s: leader narrowed to 禾花 %v, community user %v", f, num(t, narrowed, f), num(t, mine, f))
			}
		}
		e.do(http.MethodGet, path+week+"&unit_id="+strconv.FormatInt(pinghu.ID, 10), e.login("community"), nil).
			wantError(http.StatusUnprocessableEntity, "invalid", "unit_id")
	})
}
