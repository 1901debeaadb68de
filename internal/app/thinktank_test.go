package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/i18n"
	"pinghu/internal/thinktank"
)

// The think tank end to end: the demo holds 禾花's 13 experts of 2022;
// the community re-appoints one for a new term and links an expert's
// account; an enterprise asks for advice; the community is shown the
// experts of the field, least busy first, and assigns one; another expert
// cannot see or answer it; the assigned expert answers; the enterprise
// rates the answer once; the figures and the ledger follow.
func TestThinkTankConsultation(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		hehua, sub := e.unit("PH-HEHUA"), e.unit("LG-PH")
		leader := access.Actor{UserID: 1, Role: access.Leader, UnitID: sub.ID, ScopePath: sub.Path}
		y2022 := [2]time.Time{time.Date(2022, 1, 1, 0, 0, 0, 0, i18n.Zone), time.Date(2023, 1, 1, 0, 0, 0, 0, i18n.Zone)}
		f, err := e.app.ThinkTank.CommunityFigures(ctx, leader, y2022[0], y2022[1], hehua.ID)
		if err != nil {
			t.Fatal(err)
		}
		if f.Experts != 13 || f.Consultations < 15 || f.Answered >= f.Consultations || f.MeanRating < 4 || len(f.ByField) != 6 {
			t.Fatalf("禾花's figures of 2022: %+v", f)
		}
		hid := strconv.FormatInt(hehua.ID, 10)
		var list struct {
			Total int `json:"total"`
			Items []struct {
				Mobile string `json:"mobile"`
			} `json:"items"`
		}
		decode(t, e.api("GET", "/api/v1/experts?active_on=2022-12-31&unit_id="+hid, e.token("leader"), nil), http.StatusOK, &list)
		if list.Total != f.Experts || !strings.Contains(list.Items[0].Mobile, "****") {
			t.Fatalf("禾花's experts: %+v", list)
		}

		// A new term for an environmental expert, linked to a new account.
		e.addUser("expert2", access.Expert, hehua.ID)
		var uid int64
		if err := e.app.DB.R.QueryRow("SELECT id FROM users WHERE username = 'expert2'").Scan(&uid); err != nil {
			t.Fatal(err)
		}
		comm := e.browser().login("community")
		form := url.Values{"name": {"林海涛"}, "field": {"environment"}, "organisation": {"深圳市环境科学研究院"}, "title": {"高级工程师"},
			"community_id": {hid}, "appointed_from": {"2025-06-23"}, "appointed_to": {"2028-06-22"}, "mobile": {"13923456789"},
			"user_id": {strconv.FormatInt(uid, 10)}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("appointed_to", "2025-06-01")
		if r := comm.post("/experts", bad); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "聘期结束日期不能早于开始日期") {
			t.Fatalf("a term ending before it starts: %d %s", r.Status, snippet(r.Body))
		}
		r := comm.post("/experts", form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("appoint: %d %s", r.Status, snippet(r.Body))
		}
		expertPage := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
		if p := comm.get(expertPage); p.Status != http.StatusOK || strings.Contains(p.Body, "13923456789") || !strings.Contains(p.Body, "139****6789") {
			t.Fatalf("expert page: %d, the mobile is not masked", p.Status)
		}

		// The enterprise asks; the community assigns the suggested expert.
		ent := e.token("enterprise")
		var k struct {
			ID             int64    `json:"id"`
			State          string   `json:"state"`
			CommunityID    int64    `json:"community_id"`
			AllowedActions []string `json:"allowed_actions"`
			Rating         int      `json:"rating"`
			ResponseHours  float64  `json:"response_hours"`
		}
		decode(t, e.api("POST", "/api/v1/consultations", ent, map[string]any{"topic": "喷涂废气治理", "description": "喷涂车间需要治理VOCs。",
			"field": "environment", "urgency": "urgent"}), http.StatusCreated, &k)
		if k.State != "requested" || k.CommunityID != hehua.ID || !equalStrings(k.AllowedActions, "withdraw") {
			t.Fatalf("requested: %+v", k)
		}
		path := fmt.Sprintf("/consultations/%d", k.ID)
		page := comm.get(path)
		if page.Status != http.StatusOK || !strings.Contains(page.Body, `name="expert_id"`) || !strings.Contains(page.Body, "同领域") {
			t.Fatalf("consultation page without suggestions: %d %s", page.Status, snippet(page.Body))
		}
		var xid int64
		if err := e.app.DB.R.QueryRow("SELECT id FROM experts WHERE user_id = $1", uid).Scan(&xid); err != nil {
			t.Fatal(err)
		}
		if r := comm.post(path+"/actions", url.Values{"action": {"assign"}, "expert_id": {strconv.FormatInt(xid, 10)}}); r.Status != http.StatusSeeOther {
			t.Fatalf("assign: %d %s", r.Status, snippet(r.Body))
		}
		// Another expert neither sees nor answers it, and nothing is written.
		other := e.token("expert")
		before := count(t, e, "SELECT count(*) FROM consultation_events")
		if r := e.api("GET", "/api/v1"+path, other, nil); r.Status != http.StatusNotFound {
			t.Fatalf("another expert reads it: %d", r.Status)
		}
		if r := e.api("POST", "/api/v1"+path+"/actions", other, map[string]any{"action": "answer", "advice": "越权"}); r.Status != http.StatusNotFound {
			t.Fatalf("another expert answers: %d %s", r.Status, r.Body)
		}
		if after := count(t, e, "SELECT count(*) FROM consultation_events"); after != before {
			t.Fatalf("a refused answer wrote %d events", after-before)
		}
		e.clock.Advance(30 * time.Hour)
		if p := e.browser().login("expert2").get(path); p.Status != http.StatusOK || !strings.Contains(p.Body, `name="advice"`) {
			t.Fatalf("the assigned expert's page has no answer form: %d %s", p.Status, snippet(p.Body))
		}
		mine := e.token("expert2")
		decode(t, e.api("POST", "/api/v1"+path+"/actions", mine, map[string]any{"action": "answer",
			"advice": "建议采用活性炭吸附加催化燃烧。"}), http.StatusOK, &k)
		if k.State != "answered" || k.ResponseHours != 30 {
			t.Fatalf("answered: %+v", k)
		}
		var own struct{ Total int }
		decode(t, e.api("GET", "/api/v1/consultations", mine, nil), http.StatusOK, &own)
		if own.Total != 1 {
			t.Fatalf("the expert sees %d consultations, want their one", own.Total)
		}
		ent = e.token("enterprise") // a new session: the old one idled out meanwhile
		// The community may not rate the enterprise's consultation; the
		// enterprise rates it once.
		if r := e.api("POST", "/api/v1"+path+"/actions", e.token("community"), map[string]any{"action": "rate", "rating": 1}); r.Status != http.StatusConflict {
			t.Fatalf("the community rates: %d %s", r.Status, r.Body)
		}
		decode(t, e.api("POST", "/api/v1"+path+"/actions", ent, map[string]any{"action": "rate", "rating": 5, "comment": "很好"}), http.StatusOK, &k)
		if k.State != "rated" || k.Rating != 5 {
			t.Fatalf("rated: %+v", k)
		}
		if r := e.api("POST", "/api/v1"+path+"/actions", ent, map[string]any{"action": "rate", "rating": 4}); r.Status != http.StatusConflict {
			t.Fatalf("rating twice: %d %s", r.Status, r.Body)
		}

		// The figures of the year count it, and so does the list behind them.
		y := [2]time.Time{time.Date(2026, 1, 1, 0, 0, 0, 0, i18n.Zone), time.Date(2027, 1, 1, 0, 0, 0, 0, i18n.Zone)}
		f, err = e.app.ThinkTank.CommunityFigures(ctx, leader, y[0], y[1], hehua.ID)
		if err != nil {
			t.Fatal(err)
		}
		if f.Experts != 1 || f.Consultations != 1 || f.Answered != 1 || f.MeanRating != 5 || f.MeanResponseHours != 30 ||
			f.ConsultationsByField[string(thinktank.Environment)] != 1 {
			t.Fatalf("figures of 2026: %+v", f)
		}
		decode(t, e.api("GET", "/api/v1/consultations?answered=true&from=2026-01-01&to=2026-12-31&unit_id="+hid, e.token("leader"), nil), http.StatusOK, &own)
		if own.Total != f.Answered {
			t.Fatalf("the list behind the figure holds %d, the figure %d", own.Total, f.Answered)
		}
		lb := e.browser().login("leader")
		if p := lb.get("/consultations?from=2026-01-01&to=2026-12-31&unit_id=" + hid); p.Status != http.StatusOK ||
			!strings.Contains(p.Body, "按领域统计") || !strings.Contains(p.Body, "answered=true") {
			t.Fatalf("the list's figures: %d %s", p.Status, snippet(p.Body))
		}
		if r := lb.get("/ledgers/consultations.xlsx?field=environment"); r.Status != http.StatusOK ||
			!strings.Contains(r.Header.Get("Content-Type"), "spreadsheet") {
			t.Fatalf("ledger: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
	})
}

func equalStrings(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}
