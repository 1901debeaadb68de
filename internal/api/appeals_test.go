package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

// apEnv is entEnv with the appeal service wired in, as the server does.
type apEnv struct {
	*entEnv
}

func newApEnv(t *testing.T, d *db.DB) *apEnv {
	t.Helper()
	e := &apEnv{newEntEnv(t, d)}
	e.api.Appeals = &appeal.Service{DB: d, Audit: e.log, Now: e.clock.Now, Calendar: e.api.Calendar}
	e.svc.AppealVisible = e.api.Appeals.Visible
	return e
}

// in returns the env reporting to t, for subtests.
func (e *apEnv) in(t *testing.T) *apEnv {
	c := *e.entEnv
	c.env = c.env.in(t)
	return &apEnv{&c}
}

func apl(id int64) string { return fmt.Sprintf("/api/v1/appeals/%d", id) }

// raise creates an appeal over the API and returns its id.
func (e *apEnv) raise(who string, enterprise int64, channel, title string) int64 {
	e.t.Helper()
	return e.do(http.MethodPost, "/api/v1/appeals", e.token(who), map[string]any{"enterprise_id": enterprise,
		"category": "permits", "channel": channel, "title": title, "description": "需要协调。"}).want(http.StatusCreated).id()
}

// act posts an action and returns the answer.
func (e *apEnv) act(who string, id int64, body map[string]any) *response {
	e.t.Helper()
	return e.do(http.MethodPost, apl(id)+"/actions", e.token(who), body)
}

// allowed returns the allowed list of an error answer, and whether the
// answer carries one.
func allowed(r *response) ([]string, bool) {
	e, _ := r.json["error"].(map[string]any)
	raw, ok := e["allowed"].([]any)
	out := []string{}
	for _, a := range raw {
		out = append(out, a.(string))
	}
	return out, ok
}

func TestAppealCategoriesAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newApEnv(t, d)
		r := e.do(http.MethodGet, "/api/v1/appeal-categories", e.token("ent1"), nil).want(http.StatusOK)
		var codes []string
		for _, c := range r.items() {
			codes = append(codes, c["code"].(string))
		}
		if !slices.Contains(codes, "policy") || !slices.Contains(codes, "other") || len(codes) < 7 {
			t.Errorf("codes %v", codes)
		}
		body := map[string]any{"resolution": map[string]any{"n": 2, "unit": "workdays"}}
		e.do(http.MethodPatch, "/api/v1/appeal-categories/permits", e.token("office"), body).want(http.StatusOK)
		e.do(http.MethodPatch, "/api/v1/appeal-categories/permits", e.token("dept1"), body).wantError(404, "not_found")
		e.do(http.MethodPatch, "/api/v1/appeal-categories/nope", e.token("leader"), body).wantError(404, "not_found")
		e.do(http.MethodPatch, "/api/v1/appeal-categories/permits", e.token("leader"),
			map[string]any{"response": map[string]any{"n": 0, "unit": "hours"}}).wantError(422, "invalid", "response")
	})
}

// TestAppealScopeAPI: who sees and acts on which appeal, as a table. One
// appeal per enterprise; each role sees exactly its scope's in the list
// and gets 404 for any other, on GET and on POST actions alike.
func TestAppealScopeAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newApEnv(t, d)
		a1 := e.raise("ent1", e.e1, "online", "用电增容")         // C1, D1, spec1
		a2 := e.raise("comm1", e.e2, "hotline", "道路破损")       // C1, no department
		a3 := e.raise("spec2", e.e3, "visit", "人才住房")         // C2, D2, spec2
		a4 := e.raise("leader.ot", e.e4, "service_day", "融资") // another sub-district
		all := []int64{a1, a2, a3, a4, 999999}
		sees := map[string][]int64{
			"leader":    {a1, a2, a3},
			"office":    {a1, a2, a3},
			"leader.ot": {a4},
			"comm1":     {a1, a2},
			"comm2":     {a3},
			"spec1":     {a1},
			"spec2":     {a3},
			"dept1":     {a1},
			"dept2":     {a3},
			"ent1":      {a1},
			"expert":    {},
			"sysadmin":  {},
			"auditor":   {},
		}
		for who, want := range sees {
			t.Run(who, func(t *testing.T) {
				e := e.in(t)
				tok := e.token(who)
				r := e.do(http.MethodGet, "/api/v1/appeals?page_size=100", tok, nil).want(http.StatusOK)
				var got []int64
				for _, it := range r.items() {
					got = append(got, int64(it["id"].(float64)))
				}
				if fmt.Sprint(sortIDs(got)) != fmt.Sprint(sortIDs(want)) || int(r.json["total"].(float64)) != len(want) {
					t.Errorf("list: %v (total %v), want %v", got, r.json["total"], want)
				}
				for _, id := range all {
					in := slices.Contains(want, id)
					e.do(http.MethodGet, apl(id), tok, nil).want(map[bool]int{true: 200, false: 404}[in])
					if !in {
						// Out of scope is 404 whatever the action, allowed or not.
						e.act(who, id, map[string]any{"action": "supervise"}).wantError(404, "not_found")
						e.act(who, id, map[string]any{"action": "confirm", "solved": "solved", "satisfaction": "satisfied"}).wantError(404, "not_found")
					}
				}
			})
		}
		// The default department: E1's 四个一 department; E2 has none.
		if r := e.do(http.MethodGet, apl(a1), e.token("leader"), nil); r.json["department_id"] != float64(e.d1.ID) {
			t.Errorf("a1 department: %v", r.json["department_id"])
		}
		if r := e.do(http.MethodGet, apl(a2), e.token("leader"), nil); r.json["department_id"] != nil {
			t.Errorf("a2 department: %v", r.json["department_id"])
		}
	})
}

// TestAppealLifeCycleAPI: the enterprise submits online, its department
// accepts, starts, resolves; the enterprise confirms and rates. Then a
// second appeal is reopened within 15 days and not after, and a third is
// rejected with an exclusion reason.
func TestAppealLifeCycleAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newApEnv(t, d)
		id := e.raise("ent1", e.e1, "online", "厂房消防验收")
		steps := []struct {
			who   string
			body  map[string]any
			state string
		}{
			{"dept1", map[string]any{"action": "accept"}, "accepted"},
			{"dept1", map[string]any{"action": "start", "note": "已联系企业"}, "in_progress"},
			{"office", map[string]any{"action": "supervise"}, "in_progress"},
			{"dept1", map[string]any{"action": "resolve", "note": "已协调消防部门现场验收。"}, "resolved"},
			{"ent1", map[string]any{"action": "confirm", "solved": "solved", "satisfaction": "satisfied"}, "closed"},
		}
		for _, s := range steps {
			r := e.act(s.who, id, s.body).want(http.StatusOK)
			if r.json["state"] != s.state {
				t.Fatalf("%s %v: state %v, want %s", s.who, s.body["action"], r.json["state"], s.state)
			}
		}
		r := e.do(http.MethodGet, apl(id), e.token("ent1"), nil).want(http.StatusOK)
		if r.json["solved"] != "solved" || r.json["satisfaction"] != "satisfied" || r.json["supervised"] != true {
			t.Errorf("closed appeal: %s", r.body)
		}
		var actions []string
		for _, ev := range r.json["events"].([]any) {
			actions = append(actions, ev.(map[string]any)["action"].(string))
		}
		if fmt.Sprint(actions) != "[submit accept start supervise resolve confirm]" {
			t.Errorf("events %v", actions)
		}
		if al := r.json["allowed_actions"].([]any); len(al) != 0 {
			t.Errorf("a closed appeal allows %v", al)
		}

		// Reopen within 15 days; after that, a conflict.
		re := e.raise("ent1", e.e1, "online", "用工招聘")
		for _, b := range []map[string]any{{"action": "accept"}, {"action": "resolve", "note": "已推荐招聘渠道。"}} {
			e.act("dept1", re, b).want(http.StatusOK)
		}
		e.clock.Advance(14 * 24 * time.Hour)
		clear(e.tok) // the sessions have timed out: sign in again
		e.act("ent1", re, map[string]any{"action": "reopen"}).wantError(422, "invalid", "reason")
		if r := e.act("ent1", re, map[string]any{"action": "reopen", "reason": "招聘仍未落实"}).want(http.StatusOK); r.json["state"] != "in_progress" {
			t.Errorf("reopened: %v", r.json["state"])
		}
		e.act("dept1", re, map[string]any{"action": "resolve", "note": "已对接人才市场。"}).want(http.StatusOK)
		e.clock.Advance(16 * 24 * time.Hour)
		clear(e.tok)
		e.act("ent1", re, map[string]any{"action": "reopen", "reason": "仍未解决"}).wantError(409, "conflict")

		// Reject, with an exclusion reason and a note.
		rj := e.raise("ent1", e.e1, "online", "劳动仲裁")
		e.act("dept1", rj, map[string]any{"action": "reject", "reason": "litigation"}).wantError(422, "invalid", "note")
		e.act("dept1", rj, map[string]any{"action": "reject", "reason": "nonsense", "note": "x"}).wantError(422, "invalid", "reason")
		r = e.act("dept1", rj, map[string]any{"action": "reject", "reason": "litigation", "note": "已进入劳动仲裁程序。"}).want(http.StatusOK)
		if r.json["state"] != "rejected" || r.json["reject_reason"] != "litigation" {
			t.Errorf("rejected: %s", r.body)
		}
	})
}

// TestAppealBadInputAPI: each bad request gets its clear answer and
// writes nothing; a refused action lists what is allowed instead.
func TestAppealBadInputAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newApEnv(t, d)
		own := e.raise("ent1", e.e1, "online", "厂区道路")
		other := e.raise("leader", e.e3, "hotline", "停车难")
		good := func(k string, v any) map[string]any {
			b := map[string]any{"enterprise_id": e.e1, "category": "policy", "channel": "hotline", "title": "政策咨询"}
			if k != "" {
				b[k] = v
			}
			return b
		}
		create := []struct {
			name   string
			who    string
			body   map[string]any
			status int
			fields []string
		}{
			{"unknown category", "leader", good("category", "magic"), 422, []string{"category"}},
			{"unknown channel", "leader", good("channel", "fax"), 422, []string{"channel"}},
			{"unknown enterprise", "leader", good("enterprise_id", 999999), 422, []string{"enterprise_id"}},
			{"enterprise out of scope", "leader", good("enterprise_id", e.e4), 422, []string{"enterprise_id"}},
			{"specialist of another", "spec2", good("", nil), 422, []string{"enterprise_id"}},
			{"enterprise by hotline", "ent1", good("", nil), 422, []string{"channel"}},
			{"enterprise for another", "ent1", good("enterprise_id", e.e2), 422, []string{"channel", "enterprise_id"}},
			{"everything missing", "leader", map[string]any{}, 422, []string{"enterprise_id", "category", "channel", "title"}},
			{"department does not raise", "dept1", good("", nil), 404, nil},
			{"expert does not raise", "expert", good("", nil), 404, nil},
			{"unknown field", "leader", good("priority", "high"), 400, []string{"priority"}},
		}
		for _, c := range create {
			t.Run(c.name, func(t *testing.T) {
				e := e.in(t)
				tok := e.token(c.who)
				before := [3]int{e.count("appeals"), e.count("appeal_events"), e.count("audit_log")}
				r := e.do(http.MethodPost, "/api/v1/appeals", tok, c.body)
				switch c.status {
				case 422:
					r.wantError(422, "invalid", c.fields...)
				case 400:
					r.wantError(400, "malformed", c.fields...)
				default:
					r.wantError(c.status, "not_found")
				}
				if after := [3]int{e.count("appeals"), e.count("appeal_events"), e.count("audit_log")}; after != before {
					t.Errorf("wrote: %v → %v", before, after)
				}
			})
		}

		acts := []struct {
			name    string
			who     string
			id      int64
			body    map[string]any
			status  int
			fields  []string
			allowed []string // for 409: the allowed list, exactly
		}{
			{"enterprise accepts", "ent1", own, map[string]any{"action": "accept"}, 409, nil, []string{}},
			{"rating an open appeal", "ent1", own, map[string]any{"action": "confirm", "solved": "solved", "satisfaction": "satisfied"}, 409, nil, []string{}},
			{"department confirms", "dept1", own, map[string]any{"action": "confirm", "solved": "solved", "satisfaction": "satisfied"}, 409, nil, []string{"accept", "transfer", "reject"}},
			{"department starts before accepting", "dept1", own, map[string]any{"action": "start"}, 409, nil, []string{"accept", "transfer", "reject"}},
			{"leader resolves a submitted appeal", "leader", own, map[string]any{"action": "resolve", "note": "x"}, 409, nil, []string{"accept", "transfer", "reject", "supervise"}},
			{"unknown action", "dept1", own, map[string]any{"action": "approve"}, 422, []string{"action"}, nil},
			{"transfer without reason", "dept1", own, map[string]any{"action": "transfer", "department_id": e.d2.ID}, 422, []string{"reason"}, nil},
			{"transfer without department", "dept1", own, map[string]any{"action": "transfer", "reason": "职责不符"}, 422, []string{"department_id"}, nil},
			{"transfer to the same", "dept1", own, map[string]any{"action": "transfer", "department_id": e.d1.ID, "reason": "x"}, 422, []string{"department_id"}, nil},
			{"transfer to another sub-district", "leader", own, map[string]any{"action": "transfer", "department_id": e.c1.ID, "reason": "x"}, 422, []string{"department_id"}, nil},
			{"reject without reason", "dept1", own, map[string]any{"action": "reject", "note": "x"}, 422, []string{"reason"}, nil},
			{"another enterprise's appeal", "ent1", other, map[string]any{"action": "confirm", "solved": "solved", "satisfaction": "satisfied"}, 404, nil, nil},
			{"another department's appeal", "dept1", other, map[string]any{"action": "accept"}, 404, nil, nil},
			{"unknown appeal", "leader", 999999, map[string]any{"action": "supervise"}, 404, nil, nil},
		}
		for _, c := range acts {
			t.Run(c.name, func(t *testing.T) {
				e := e.in(t)
				tok := e.token(c.who)
				before := [3]int{e.count("appeals"), e.count("appeal_events"), e.count("audit_log")}
				r := e.do(http.MethodPost, apl(c.id)+"/actions", tok, c.body)
				switch c.status {
				case 409:
					r.wantError(409, "conflict")
					got, ok := allowed(r)
					if !ok || fmt.Sprint(got) != fmt.Sprint(c.allowed) {
						t.Errorf("allowed %v (present %v), want %v: %s", got, ok, c.allowed, r.body)
					}
				case 422:
					r.wantError(422, "invalid", c.fields...)
				default:
					r.wantError(c.status, "not_found")
				}
				if _, ok := allowed(r); ok && c.status != 409 {
					t.Errorf("allowed on a %d answer: %s", c.status, r.body)
				}
				if after := [3]int{e.count("appeals"), e.count("appeal_events"), e.count("audit_log")}; after != before {
					t.Errorf("wrote: %v → %v", before, after)
				}
			})
		}

		// A transfer hands the appeal on: the first department no longer
		// sees it, the second does, and the answer says so.
		r := e.act("dept1", own, map[string]any{"action": "transfer", "department_id": e.d2.ID, "reason": "属人才住房事项"}).want(http.StatusOK)
		if r.json["department_id"] != float64(e.d2.ID) || len(r.json["events"].([]any)) != 0 {
			t.Errorf("transfer answer: %s", r.body)
		}
		e.do(http.MethodGet, apl(own), e.token("dept1"), nil).wantError(404, "not_found")
		e.do(http.MethodGet, apl(own), e.token("dept2"), nil).want(http.StatusOK)
	})
}

// TestAppealListFiltersAPI: filters, the drill-down parameters and their
// refusals.
func TestAppealListFiltersAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newApEnv(t, d)
		a1 := e.raise("ent1", e.e1, "online", "用电增容")
		e.raise("comm1", e.e2, "hotline", "道路破损")
		e.act("dept1", a1, map[string]any{"action": "accept"}).want(http.StatusOK)
		e.act("dept1", a1, map[string]any{"action": "resolve", "note": "已办理"}).want(http.StatusOK)
		tok := e.token("leader")
		day := e.clock.Now().Format(time.DateOnly)
		cases := []struct {
			query string
			total int
		}{
			{"", 2},
			{"?state=resolved", 1},
			{"?state=open", 1},
			{"?channel=hotline", 1},
			{"?q=道路", 1},
			{"?unassigned=true", 1},
			{fmt.Sprintf("?department_id=%d", e.d1.ID), 1},
			{fmt.Sprintf("?community_id=%d&sort=resolution_due_at", e.c1.ID), 2},
			{"?figure=appeals_collected&from=" + day + "&to=" + day, 2},
			{"?figure=appeals_resolved&from=" + day + "&to=" + day + "&as_of=" + day, 1},
			{"?figure=appeals_in_progress&from=" + day + "&to=" + day, 1},
			{"?figure=appeals_resolved&from=2000-01-01&to=2000-01-02", 0},
			{fmt.Sprintf("?figure=appeals_collected&by=department&key=%d", e.d1.ID), 1},
			{"?figure=appeals_collected&by=department&key=none", 1},
			{"?figure=appeals_collected&by=category&key=permits&channel=online", 1},
		}
		for _, c := range cases {
			r := e.do(http.MethodGet, "/api/v1/appeals"+c.query, tok, nil).want(http.StatusOK)
			if got := int(r.json["total"].(float64)); got != c.total || len(r.items()) != c.total {
				t.Errorf("%s: total %d, want %d", c.query, got, c.total)
			}
		}
		for q, fields := range map[string][]string{
			"?state=lost":                    {"state"},
			"?channel=fax&sort=name":         {"channel", "sort"},
			"?from=2022-13-01":               {"from"},
			"?figure=everything":             {"figure"},
			"?by=week":                       {"figure"},
			"?figure=rated&by=week&key=x":    {"key"},
			"?figure=rated&by=year&key=2022": {"by"},
			"?as_of=yesterday":               {"as_of"},
			"?figure=rated&by=category&key=policy&category=permits": {"category"},
			"?unit_id=999999": {"unit_id"},
			"?figure=rated&from=2022-02-01&to=2022-01-01": {"to"},
		} {
			e.do(http.MethodGet, "/api/v1/appeals"+q, tok, nil).wantError(422, "invalid", fields...)
		}
	})
}
