package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/i18n"
	"pinghu/internal/volunteer"
)

// volunteerFixtures adds a volunteer with a known mobile in 禾花 (own)
// and in 平湖 (other), so that a page or an answer that shows a number in
// full fails the matrix, and finds the demo's teams, activities and
// pending hours of both communities.
func volunteerFixtures(t *testing.T, e *env, v map[string]string) {
	t.Helper()
	q := e.app.DB.W
	v["vname.own"], v["vname.other"] = "矩阵志愿者甲", "矩阵志愿者乙"
	v["vmobile.own"], v["vmobile.other"] = "13600001111", "13600002222"
	for _, f := range []struct{ key, side, code string }{{"own", "own", "PH-HEHUA"}, {"other", "other", "PH-PINGHU"}} {
		unit := e.unit(f.code).ID
		var n int64
		if err := q.QueryRow(`INSERT INTO volunteers (name, mobile, community_id, registered_on, created_at, updated_at)
			VALUES ($1, $2, $3, '2022-01-01', 0, 0) RETURNING id`, v["vname."+f.side], v["vmobile."+f.side], unit).Scan(&n); err != nil {
			t.Fatal(err)
		}
		v["vol."+f.key] = id(n)
		for key, query := range map[string]string{
			"vteam.":  "SELECT min(id) FROM volunteer_teams WHERE community_id = $1",
			"vact.":   "SELECT min(x.id) FROM volunteer_activities x JOIN volunteer_teams t ON t.id = x.team_id WHERE t.community_id = $1",
			"vhours.": "SELECT min(h.id) FROM volunteer_hours h JOIN volunteer_activities x ON x.id = h.activity_id JOIN volunteer_teams t ON t.id = x.team_id WHERE t.community_id = $1 AND h.status = 'pending'",
		} {
			if err := q.QueryRow(query, unit).Scan(&n); err != nil || n == 0 {
				t.Fatalf("%s%s: %d %v", key, f.key, n, err)
			}
			v[key+f.key] = id(n)
		}
		if err := q.QueryRow("SELECT activity_id FROM volunteer_hours WHERE id = $1", mustInt(v["vhours."+f.key])).Scan(&n); err != nil {
			t.Fatal(err)
		}
		v["vhact."+f.key] = id(n)
	}
	var s string
	if err := q.QueryRow("SELECT name FROM volunteer_teams WHERE id = $1", mustInt(v["vteam.other"])).Scan(&s); err != nil {
		t.Fatal(err)
	}
	v["vteamname.other"] = s
	if err := q.QueryRow("SELECT title FROM volunteer_activities WHERE id = $1", mustInt(v["vact.other"])).Scan(&s); err != nil {
		t.Fatal(err)
	}
	v["vtitle.other"] = s
}

// A volunteer's hour on its whole way: registered by the community,
// signed up, signed in and out, hours longer than the activity refused
// with the figures, reported, approved (once); then the certificate shows
// the hours without the number, and the figures grow by exactly them.
func TestVolunteerHoursEndToEnd(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		b := e.browser().login("community")
		hehua := e.unit("PH-HEHUA")
		sub := e.unit("LG-PH")
		leader := access.Actor{UserID: 1, Role: access.Leader, UnitID: sub.ID, ScopePath: sub.Path}
		year := time.Date(2022, 1, 1, 0, 0, 0, 0, i18n.Zone)
		before, err := e.app.Volunteers.CommunityFigures(ctx, leader, year, year.AddDate(1, 0, 0), hehua.ID)
		if err != nil || before.Activities == 0 {
			t.Fatalf("figures: %+v %v", before, err)
		}

		r := b.post("/volunteers", url.Values{"name": {"端到端志愿者"}, "mobile": {"13600003333"}, "community_id": {id(hehua.ID)},
			"organisation": {"禾花社区物业服务中心"}, "registered_on": {"2022-01-05"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("register: %d %s", r.Status, snippet(r.Body))
		}
		vid := strings.TrimPrefix(strings.SplitN(r.Header.Get("Location"), "?", 2)[0], "/volunteers/")
		// The page shows the number masked; a reveal with a reason shows
		// it once and is audited without it.
		if r := b.get("/volunteers/" + vid); r.Status != http.StatusOK || !strings.Contains(r.Body, "136****3333") || strings.Contains(r.Body, "13600003333") {
			t.Fatalf("volunteer page: %d, number not masked", r.Status)
		}
		if r := b.post("/volunteers/"+vid+"/reveal", url.Values{"reason": {"contact"}, "note": {"电话确认活动安排"}}); r.Status != http.StatusOK ||
			!strings.Contains(r.Body, "13600003333") {
			t.Fatalf("reveal: %d", r.Status)
		}
		var entity, record string
		if err := e.app.DB.R.QueryRow(`SELECT entity, after_data FROM audit_log WHERE action = 'pi.reveal' ORDER BY seq DESC LIMIT 1`).
			Scan(&entity, &record); err != nil || entity != "volunteer" || strings.Contains(record, "3333") {
			t.Fatalf("reveal record: %q %q %v", entity, record, err)
		}
		var team, org int64
		if err := e.app.DB.R.QueryRow(`SELECT t.id, min(o.id) FROM volunteer_teams t JOIN volunteer_team_orgs o ON o.team_id = t.id
			WHERE t.community_id = $1 GROUP BY t.id`, hehua.ID).Scan(&team, &org); err != nil {
			t.Fatal(err)
		}
		r = b.post("/volunteer-activities", url.Values{"team_id": {id(team)}, "kind": {"care_visit"}, "title": {"端到端关爱走访"},
			"day": {"2022-11-20"}, "start": {"09:00"}, "end": {"11:00"}, "place": {"禾花社区"}, "capacity": {"2"}, "org_ids": {id(org)}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("plan: %d %s", r.Status, snippet(r.Body))
		}
		path := strings.SplitN(r.Header.Get("Location"), "?", 2)[0]
		aid := strings.TrimPrefix(path, "/volunteer-activities/")
		// The coordinator corrects the plan from its form.
		if r := b.get(path + "/edit"); r.Status != http.StatusOK || !strings.Contains(r.Body, `value="端到端关爱走访"`) {
			t.Fatalf("edit form: %d %s", r.Status, snippet(r.Body))
		}
		plan := url.Values{"kind": {"care_visit"}, "title": {"端到端关爱走访"}, "day": {"2022-11-20"}, "start": {"09:00"}, "end": {"11:00"},
			"place": {"禾花社区长者服务站"}, "capacity": {"3"}, "org_ids": {id(org)}}
		if r := b.post(path, plan); r.Status != http.StatusSeeOther || e.count(t, "SELECT count(*) FROM volunteer_activities WHERE id = $1 AND capacity = 3 AND place = '禾花社区长者服务站'", mustInt(aid)) != 1 {
			t.Fatalf("correct the plan: %d %s", r.Status, snippet(r.Body))
		}
		for _, step := range []url.Values{{"volunteer_id": {vid}}} {
			if r := b.post(path+"/signups", step); r.Status != http.StatusSeeOther {
				t.Fatalf("sign-up: %d %s", r.Status, snippet(r.Body))
			}
		}
		for _, at := range [][2]string{{"sign_in", "09:00"}, {"sign_out", "10:30"}} {
			if r := b.post(path+"/attendance", url.Values{"volunteer_id": {vid}, "action": {at[0]}, "at": {at[1]}}); r.Status != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", at[0], r.Status, snippet(r.Body))
			}
		}
		// With attendance taken the times stay.
		plan.Set("end", "12:00")
		if r := b.post(path, plan); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="day-err"`) {
			t.Fatalf("new times after a sign-in: %d %s", r.Status, snippet(r.Body))
		}
		tok := e.token("community")
		n := count(t, e, "SELECT count(*) FROM volunteer_hours")
		vidN, _ := strconv.ParseInt(vid, 10, 64)
		r = e.api("POST", "/api/v1/volunteer-activities/"+aid+"/hours", tok, map[string]any{"volunteer_id": vidN, "hours": 3})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "申报时长 3 小时，超过活动时长 2 小时") {
			t.Fatalf("hours longer than the activity: %d %s", r.Status, r.Body)
		}
		if count(t, e, "SELECT count(*) FROM volunteer_hours") != n {
			t.Fatal("refused hours were written")
		}
		if r := b.post(path+"/hours", url.Values{"volunteer_id": {vid}}); r.Status != http.StatusSeeOther {
			t.Fatalf("report: %d %s", r.Status, snippet(r.Body))
		}
		cert := b.get("/volunteers/" + vid + "/certificate?year=2022")
		if cert.Status != http.StatusOK || !strings.Contains(cert.Body, "端到端志愿者") || strings.Contains(cert.Body, "端到端关爱走访") {
			t.Fatalf("certificate before approval: %d %s", cert.Status, snippet(cert.Body))
		}
		var hid int64
		if err := e.app.DB.R.QueryRow("SELECT id FROM volunteer_hours WHERE activity_id = $1 AND volunteer_id = $2", mustInt(aid), vidN).Scan(&hid); err != nil {
			t.Fatal(err)
		}
		act := "/api/v1/volunteer-activities/" + aid + "/hours/" + id(hid) + "/actions"
		if r := e.api("POST", act, tok, map[string]string{"action": "approve"}); r.Status != http.StatusOK || !strings.Contains(r.Body, `"hours":1.5`) {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		if r := e.api("POST", act, tok, map[string]string{"action": "approve"}); r.Status != http.StatusConflict {
			t.Fatalf("approve twice: %d %s", r.Status, r.Body)
		}
		cert = b.get("/volunteers/" + vid + "/certificate?year=2022")
		if cert.Status != http.StatusOK || !strings.Contains(cert.Body, "端到端关爱走访") || !strings.Contains(cert.Body, "共计 1.5 小时") ||
			!strings.Contains(cert.Body, "禾花社区") || strings.Contains(cert.Body, "3333") {
			t.Fatalf("certificate: %d %s", cert.Status, cert.Body)
		}
		after, err := e.app.Volunteers.CommunityFigures(ctx, leader, year, year.AddDate(1, 0, 0), hehua.ID)
		if err != nil || after.Activities != before.Activities+1 || after.Hours != before.Hours+1.5 || after.Volunteers != before.Volunteers+1 ||
			after.ByType["care_visit"].Hours != before.ByType["care_visit"].Hours+1.5 {
			t.Fatalf("figures: %+v → %+v, %v", before, after, err)
		}
		// The list behind the figure of the type holds the activity.
		l, err := e.app.Volunteers.Activities(ctx, leader, volunteer.ActivityFilter{UnitID: hehua.ID, Kind: volunteer.CareVisit, From: year, To: year.AddDate(1, 0, 0)})
		if err != nil || l.Total != after.ByType["care_visit"].Activities {
			t.Fatalf("list %d, figure %d: %v", l.Total, after.ByType["care_visit"].Activities, err)
		}
		if r := b.get("/ledgers/volunteer-hours.xlsx?unit_id=" + id(hehua.ID)); r.Status != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheet") {
			t.Fatalf("ledger: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
	})
}
