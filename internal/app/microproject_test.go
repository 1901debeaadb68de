package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// microprojectFixtures adds micro-projects for the matrix: own is 禾花's,
// reviewed and still editable; pub is 禾花's, in publication; other is
// 平湖's, just collected. Each has a proposer whose name and mobile must
// never show in full, and never at all on a public page.
func microprojectFixtures(t *testing.T, e *env, v map[string]string) {
	t.Helper()
	q := e.app.DB.W
	now := e.clock.Now()
	v["mptitle.own"], v["mptitle.other"], v["mptitle.pub"] = "矩阵微实事甲", "矩阵微实事乙", "矩阵微实事丙"
	v["mpname"], v["mpmobile"] = "矩阵提议人", "13700002222"
	for _, p := range []struct{ key, receipt, title, community, stage string }{
		{"mp.own", "WS-MX00-0001", v["mptitle.own"], v["unit.own"], "reviewed"},
		{"mp.pub", "WS-MX00-0002", v["mptitle.pub"], v["unit.own"], "published"},
		{"mp.other", "WS-MX00-0003", v["mptitle.other"], v["unit.other"], "collected"},
	} {
		var published, ends any
		if p.stage == "published" {
			published, ends = now.UnixMicro(), now.Add(5*24*time.Hour).UnixMicro()
		}
		var n int64
		if err := q.QueryRow(`INSERT INTO microprojects (receipt, year, community_id, kind, category, title, description, location,
			budget, source, proposer_name, proposer_mobile, stage, published_at, publicity_ends, created_at, updated_at)
			VALUES ($1, $2, $3, 'goods', 'convenience', $4, '矩阵', '矩阵', 1000, 'public', $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			p.receipt, now.Year(), mustInt(p.community), p.title, v["mpname"], v["mpmobile"], p.stage, published, ends, now.UnixMicro()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		v[p.key] = id(n)
	}
}

// On the demo, every community's 2022 micro-projects stay within its
// 2,000,000-yuan fund and each project within its type's cap; the fund
// usage page says so for all twelve.
func TestDemoMicroprojectsWithinFunds(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		rows, err := e.app.DB.R.Query(`SELECT c.code, count(*), COALESCE(SUM(CASE WHEN p.stage <> 'rejected' THEN p.budget ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN (p.kind = 'works' AND p.budget > 400000) OR (p.kind <> 'works' AND p.budget > 200000) THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN p.spent > p.budget THEN 1 ELSE 0 END), 0)
			FROM microprojects p JOIN units c ON c.id = p.community_id WHERE p.year = 2022 GROUP BY c.code ORDER BY c.code`)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = rows.Close() }()
		n := 0
		for rows.Next() {
			var code string
			var projects, overCap, overBudget int
			var committed int64
			if err := rows.Scan(&code, &projects, &committed, &overCap, &overBudget); err != nil {
				t.Fatal(err)
			}
			n++
			if projects < 4 || projects > 8 || committed <= 0 || committed > 2_000_000 || overCap != 0 || overBudget != 0 {
				t.Errorf("%s: %d projects committing %d yuan, %d over the cap, %d spent over the budget", code, projects, committed, overCap, overBudget)
			}
		}
		if n != 12 {
			t.Errorf("%d communities have micro-projects, want 12", n)
		}
		stages := count(t, e, "SELECT count(DISTINCT stage) FROM microprojects WHERE year = 2022")
		if stages != 8 {
			t.Errorf("the demo has %d of the 8 stages", stages)
		}
		leader := e.browser().login("leader")
		if r := leader.get("/ledgers/microprojects.xlsx?year=2022"); r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("ledger: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		page := leader.get("/microprojects/funds?year=2022")
		if page.Status != 200 || strings.Count(page.Body, "2,000,000") != 12 || strings.Contains(page.Body, ">-") {
			t.Errorf("fund usage page: %d %s", page.Status, snippet(page.Body))
		}
	})
}

// The public pages show no proposer, and the public forms share the
// address's budget: past it a submission gets 429 and nothing is written.
func TestPublicMicroprojectPages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		resident := e.browser()
		list := resident.get("/p/microprojects?size=100")
		if list.Status != 200 || !strings.Contains(list.Body, "民生大盆菜·交通业务自助机驿站") {
			t.Fatalf("public list: %d %s", list.Status, snippet(list.Body))
		}
		var ids []int64
		rows, err := e.app.DB.R.Query("SELECT id FROM microprojects WHERE stage IN ('published', 'confirmed', 'implementing', 'accepted') ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		var people []string
		prow, err := e.app.DB.R.Query("SELECT proposer_name, proposer_mobile FROM microprojects WHERE proposer_name <> ''")
		if err != nil {
			t.Fatal(err)
		}
		for prow.Next() {
			var name, mobile string
			if err := prow.Scan(&name, &mobile); err != nil {
				t.Fatal(err)
			}
			people = append(people, name, mobile, mobile[len(mobile)-4:])
		}
		if err := prow.Close(); err != nil {
			t.Fatal(err)
		}
		if len(ids) == 0 || len(people) == 0 {
			t.Fatalf("demo: %d public projects, %d proposers", len(ids), len(people)/3)
		}
		pages := []resp{list}
		for _, id := range ids {
			pages = append(pages, resident.get("/p/microprojects/"+strconv.FormatInt(id, 10)))
		}
		for i, p := range pages {
			if p.Status != 200 {
				t.Errorf("public page %d: %d", i, p.Status)
			}
			for _, s := range people {
				if strings.Contains(p.Body, s) {
					t.Errorf("public page %d shows %q", i, s)
				}
			}
		}
		// Not yet published: not found.
		var collected int64
		if err := e.app.DB.R.QueryRow("SELECT min(id) FROM microprojects WHERE stage = 'collected'").Scan(&collected); err != nil {
			t.Fatal(err)
		}
		if r := resident.get("/p/microprojects/" + strconv.FormatInt(collected, 10)); r.Status != 404 {
			t.Errorf("a collected project is public: %d", r.Status)
		}
		hehua := strconv.FormatInt(e.unit("PH-HEHUA").ID, 10)
		propose := func(title string) resp {
			return resident.post("/p/microprojects", url.Values{"title": {title}, "community_id": {hehua}, "kind": {"goods"},
				"category": {"facilities"}, "description": {"小区缺少休息座椅"}, "name": {"周小梅"}, "mobile": {"13566667777"}, "website": {""}})
		}
		r := propose("增设休息座椅")
		loc := r.Header.Get("Location")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, "/p/microprojects/receipts/WS-") {
			t.Fatalf("proposal: %d %q %s", r.Status, loc, snippet(r.Body))
		}
		receipt := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/p/microprojects/receipts/")
		if st := resident.get(loc); st.Status != 200 || !strings.Contains(st.Body, receipt) || strings.Contains(st.Body, "周") ||
			strings.Contains(st.Body, "休息座椅") {
			t.Fatalf("the receipt's page shows more than the stage: %d %s", st.Status, snippet(st.Body))
		}
		// An objection to the published project and a bad rating spend
		// the same budget.
		var published int64
		if err := e.app.DB.R.QueryRow("SELECT min(id) FROM microprojects WHERE stage = 'published'").Scan(&published); err != nil {
			t.Fatal(err)
		}
		if r := resident.post("/p/microprojects/"+strconv.FormatInt(published, 10), url.Values{"form": {"rating"}, "stars": {"9"}}); r.Status != 422 {
			t.Errorf("rating a published project with 9 stars: %d", r.Status)
		}
		pub := "/p/microprojects/" + strconv.FormatInt(published, 10)
		// The demo's publications ended in 2022: this one runs two more days.
		if _, err := e.app.DB.W.Exec("UPDATE microprojects SET publicity_ends = $1 WHERE id = $2",
			e.clock.Now().Add(48*time.Hour).UnixMicro(), published); err != nil {
			t.Fatal(err)
		}
		if r := resident.post(pub, url.Values{"form": {"objection"}, "body": {"建议避开消防通道"}}); r.Status != http.StatusSeeOther ||
			r.Header.Get("Location") != pub+"?done=objection" {
			t.Fatalf("objection: %d %s", r.Status, snippet(r.Body))
		}
		if p := resident.get(pub + "?done=objection"); p.Status != 200 || !strings.Contains(p.Body, "已收到您的异议") {
			t.Errorf("public page after the objection: %d", p.Status)
		}
		if n := count(t, e, "SELECT count(*) FROM microproject_objections WHERE body = '建议避开消防通道' AND public = TRUE"); n != 1 {
			t.Errorf("%d objections stored", n)
		}
		for i := 3; i < e.app.Config.PublicFormLimit.N; i++ {
			if r := propose("第 " + strconv.Itoa(i) + " 条"); r.Status != http.StatusSeeOther {
				t.Fatalf("proposal %d: %d", i, r.Status)
			}
		}
		before := count(t, e, "SELECT count(*) FROM microprojects")
		for _, r := range []resp{propose("洪水"), resident.post("/p/microprojects/"+strconv.FormatInt(published, 10), url.Values{"form": {"objection"}, "body": {"洪水"}})} {
			if r.Status != http.StatusTooManyRequests || retryAfter(t, r) <= 0 {
				t.Errorf("over the budget: %d", r.Status)
			}
		}
		if after := count(t, e, "SELECT count(*) FROM microprojects"); after != before {
			t.Errorf("the flood wrote %d projects", after-before)
		}
		if n := count(t, e, "SELECT count(*) FROM microproject_objections WHERE body = '洪水'"); n != 0 {
			t.Errorf("the flood wrote %d objections", n)
		}
		// Staff see the resident masked.
		var l struct {
			Items []struct {
				ProposerName   string `json:"proposer_name"`
				ProposerMobile string `json:"proposer_mobile"`
			} `json:"items"`
		}
		decode(t, e.api("GET", "/api/v1/microprojects?q="+url.QueryEscape("增设休息座椅"), e.token("community"), nil), http.StatusOK, &l)
		if len(l.Items) != 1 || l.Items[0].ProposerName != "周**" || l.Items[0].ProposerMobile != "135****7777" {
			t.Errorf("community's list: %+v", l.Items)
		}
	})
}
