package app_test

import (
	"encoding/json"
	"math"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"pinghu/internal/demo"
	"pinghu/internal/party"
)

func (e *env) partyStats(t *testing.T, who, query string) party.Figures {
	t.Helper()
	r := e.api("GET", "/api/v1/stats/party?"+query, e.token(who), nil)
	var f party.Figures
	if r.Status != 200 || json.Unmarshal([]byte(r.Body), &f) != nil {
		t.Fatalf("%s %s: %d %s", who, query, r.Status, snippet(r.Body))
	}
	return f
}

// operatingNonpublic is the independent count of the coverage rates'
// denominator and numerators on a day: plain joins, no shared SQL with
// package party.
const operatingNonpublic = "SELECT count(*) FROM enterprises WHERE status = 'operating' AND nonpublic = TRUE"

const coveredOn = `SELECT count(DISTINCT e.id) FROM enterprises e
	JOIN party_coverage k ON k.enterprise_id = e.id
	JOIN party_orgs p ON p.id = k.org_id
	WHERE e.status = 'operating' AND e.nonpublic = TRUE AND k.from_day <= $1
	AND (k.until_day IS NULL OR k.until_day > $1) AND p.formation LIKE $2`

// TestPartyStatsOnTheDemo is the acceptance: in the first half of
// 2022 Pinghu set up 22 new 两新 organisations, 6 single-built and 15
// joint-built in non-public enterprises and 1 in a social organisation;
// the coverage rates agree with a count of their own.
func TestPartyStatsOnTheDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.partyStats(t, "leader", "from=2022-01-01&to=2022-06-30")
		want := party.NewByKind{NonpublicSingle: demo.NewNonpublicSingle, NonpublicJoint: demo.NewNonpublicJoint, SocialOrg: demo.NewSocialOrgBranches}
		if f.NewOrganisations != 22 || f.NewByKind != want {
			t.Errorf("first half of 2022: %d new, %+v; want 22, %+v", f.NewOrganisations, f.NewByKind, want)
		}
		total := e.count(t, operatingNonpublic)
		for _, c := range []struct {
			name      string
			got       *float64
			formation string
		}{
			{"org_coverage_rate", f.OrgCoverageRate, "_%"},
			{"single_built_rate", f.SingleBuiltRate, "single"},
		} {
			n := e.count(t, coveredOn, "2022-06-30", c.formation)
			if c.got == nil || math.Abs(*c.got-float64(n)/float64(total)) > 1e-9 {
				t.Errorf("%s = %v, want %d/%d", c.name, c.got, n, total)
			}
		}
		if f.Enterprises != total || *f.OrgCoverageRate < 0.6 || *f.OrgCoverageRate > 0.8 {
			t.Errorf("%d enterprises (want %d), coverage %.3f: not the 60–80%% of the demo", f.Enterprises, total, *f.OrgCoverageRate)
		}
		work := e.count(t, `SELECT count(*) FROM enterprises e JOIN party_enterprise_work w ON w.enterprise_id = e.id
			WHERE e.status = 'operating' AND e.nonpublic = TRUE AND w.worker_role <> '' AND w.assigned_on <= '2022-06-30'
			AND NOT EXISTS (SELECT 1 FROM party_coverage k WHERE k.enterprise_id = e.id AND k.from_day <= '2022-06-30'
				AND (k.until_day IS NULL OR k.until_day > '2022-06-30'))`)
		if f.WorkCovered != work || work == 0 || math.Abs(*f.WorkCoverageRate-float64(work)/float64(total)) > 1e-9 {
			t.Errorf("work-covered %d, rate %v; want %d/%d", f.WorkCovered, *f.WorkCoverageRate, work, total)
		}
		if f.Flagged == 0 || f.Positions.ByStatus["under_construction"] != 1 || f.Positions.ByKind["station"] == 0 {
			t.Errorf("flagged %d, positions %+v", f.Flagged, f.Positions)
		}
		t.Logf("mid-2022: %d organisations, %d enterprises, coverage %.3f, single-built %.3f, work %.3f, flagged %d",
			f.Organisations, f.Enterprises, *f.OrgCoverageRate, *f.SingleBuiltRate, *f.WorkCoverageRate, f.Flagged)
		// Before the new organisations the coverage was lower.
		before := e.partyStats(t, "leader", "to=2021-12-31")
		if before.Covered >= f.Covered || before.NewByKind.NonpublicJoint+before.NewByKind.NonpublicSingle == 0 {
			t.Errorf("end of 2021 covered %d, mid-2022 %d", before.Covered, f.Covered)
		}
		// 禾花's community sees its own part alone; 平湖's is not found to it.
		hehua := strconv.FormatInt(e.unit("PH-HEHUA").ID, 10)
		own := e.partyStats(t, "leader", "from=2022-01-01&to=2022-06-30&unit_id="+hehua)
		mine := e.partyStats(t, "community", "from=2022-01-01&to=2022-06-30")
		if own.Enterprises == 0 || mine.Enterprises != own.Enterprises || mine.NewOrganisations != own.NewOrganisations {
			t.Errorf("禾花: the community sees %+v, the leader %+v", mine.Coverage, own.Coverage)
		}
		pinghu := strconv.FormatInt(e.unit("PH-PINGHU").ID, 10)
		for _, c := range []struct {
			who, query string
			status     int
		}{
			{"community", "unit_id=" + pinghu, 404},
			{"specialist", "", 404},
			{"leader", "from=2022-07-01&to=2022-06-30", 422},
			{"leader", "as_of=2022-02-30", 422},
		} {
			if r := e.api("GET", "/api/v1/stats/party?"+c.query, e.token(c.who), nil); r.Status != c.status {
				t.Errorf("%s %s: %d, want %d", c.who, c.query, r.Status, c.status)
			}
		}
	})
}

// The pages: a community registers a branch in its own unit, covers one
// of its enterprises, and dissolves it only once it ticks the
// confirmation; the coverage page's figures open their enterprises.
func TestPartyPages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		b := e.browser().login("community")
		hehua := strconv.FormatInt(e.unit("PH-HEHUA").ID, 10)
		r := b.post("/party/organisations", url.Values{"name": {"禾花测试企业党支部"}, "unit_id": {hehua}, "level": {"branch"},
			"sector": {"nonpublic"}, "formation": {"single"}, "founded_on": {"2023-05-01"}, "secretary": {"赵书记"}, "member_count": {"4"}})
		if r.Status != 303 {
			t.Fatalf("create: %d %s", r.Status, snippet(r.Body))
		}
		page := r.Header.Get("Location")
		path := page[:strings.Index(page, "?")]
		// An uncovered operating enterprise of 禾花.
		ent := e.count(t, `SELECT min(e.id) FROM enterprises e JOIN units c ON c.id = e.community_id WHERE c.code = 'PH-HEHUA'
			AND e.status = 'operating' AND NOT EXISTS (SELECT 1 FROM party_coverage k WHERE k.enterprise_id = e.id)`)
		if r := b.post(path+"/cover", url.Values{"enterprise_id": {strconv.Itoa(ent)}, "from": {"2023-06-01"}}); r.Status != 303 {
			t.Fatalf("cover: %d %s", r.Status, snippet(r.Body))
		}
		if r := b.get(path); r.Status != 200 || !strings.Contains(r.Body, "禾花测试企业党支部") || !strings.Contains(r.Body, "2023-06-01") {
			t.Errorf("detail: %d %s", r.Status, snippet(r.Body))
		}
		if r := b.post(path+"/dissolve", url.Values{"day": {"2024-01-01"}}); r.Status != 422 || !strings.Contains(r.Body, "请勾选确认") {
			t.Errorf("dissolve unconfirmed: %d", r.Status)
		}
		if n := e.count(t, "SELECT count(*) FROM party_orgs WHERE name = '禾花测试企业党支部' AND status = 'active'"); n != 1 {
			t.Errorf("dissolved without confirmation")
		}
		if r := b.post(path+"/dissolve", url.Values{"day": {"2024-01-01"}, "confirm": {"yes"}}); r.Status != 303 {
			t.Errorf("dissolve: %d %s", r.Status, snippet(r.Body))
		}
		if n := e.count(t, "SELECT count(*) FROM party_coverage k JOIN party_orgs p ON p.id = k.org_id WHERE p.name = '禾花测试企业党支部' AND k.until_day = '2024-01-01'"); n != 1 {
			t.Errorf("the dissolution left the coverage open")
		}
		// The coverage page links each figure to its enterprises, whose
		// total is the figure.
		f := e.partyStats(t, "leader", "as_of=2022-06-30")
		lb := e.browser().login("leader")
		if r := lb.get("/party/coverage?as_of=2022-06-30"); r.Status != 200 || !strings.Contains(r.Body, "figure=flagged") {
			t.Errorf("coverage page: %d", r.Status)
		}
		r = lb.get("/party/coverage/enterprises?figure=flagged&as_of=2022-06-30")
		if r.Status != 200 || !strings.Contains(r.Body, "共 "+strconv.Itoa(f.Flagged)+" 条") {
			t.Errorf("flagged list: %d, want %d rows: %s", r.Status, f.Flagged, snippet(r.Body))
		}
		if r := lb.get("/ledgers/party-organisations.xlsx?sector=nonpublic"); r.Status != 200 || !strings.Contains(r.Header.Get("Content-Type"), "spreadsheet") {
			t.Errorf("ledger: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
	})
}

// The bad input over the API: an enterprise covered by two
// single-built organisations, a dissolved organisation covering an
// enterprise; each is refused naming the field, and nothing is written.
func TestPartyBadInputOverTheAPI(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tok := e.token("office")
		// An enterprise the demo covers by a single-built branch, and a new
		// single-built branch of its community that covers nothing yet.
		ent := e.count(t, `SELECT min(k.enterprise_id) FROM party_coverage k JOIN party_orgs p ON p.id = k.org_id
			WHERE p.formation = 'single' AND p.sector = 'nonpublic' AND k.until_day IS NULL`)
		community := e.count(t, "SELECT community_id FROM enterprises WHERE id = $1", ent)
		r := e.api("POST", "/api/v1/party-organisations", tok, map[string]any{"name": "新单建党支部", "unit_id": community,
			"level": "branch", "sector": "nonpublic", "formation": "single", "founded_on": "2022-01-01"})
		var created party.Org
		if r.Status != 201 || json.Unmarshal([]byte(r.Body), &created) != nil {
			t.Fatalf("create: %d %s", r.Status, snippet(r.Body))
		}
		other := int(created.ID)
		dissolved := e.count(t, "SELECT min(id) FROM party_orgs WHERE status = 'dissolved'")
		before := e.count(t, "SELECT count(*) FROM party_coverage") + e.count(t, "SELECT count(*) FROM audit_log")
		for _, c := range []struct {
			name, path string
			body       any
			says       string
		}{
			{"two single-built", "/api/v1/party-organisations/" + strconv.Itoa(other) + "/coverage",
				map[string]any{"enterprise_id": ent, "from": "2022-07-01"}, "不能被两个单建党组织覆盖"},
			{"dissolved covering", "/api/v1/party-organisations/" + strconv.Itoa(dissolved) + "/coverage",
				map[string]any{"enterprise_id": ent, "from": "2022-07-01"}, "已合并或撤销"},
			{"dissolving again", "/api/v1/party-organisations/" + strconv.Itoa(dissolved) + "/dissolve",
				map[string]any{"day": "2022-07-01"}, "已合并或撤销"},
			{"a formation in a community", "/api/v1/party-organisations", map[string]any{"name": "x", "unit_id": e.unit("PH-HEHUA").ID,
				"level": "branch", "sector": "community", "formation": "single", "founded_on": "2022-01-01"}, "只有两新组织"},
		} {
			r := e.api("POST", c.path, tok, c.body)
			if r.Status != 422 || !strings.Contains(r.Body, c.says) {
				t.Errorf("%s: %d %s, want 422 naming %s", c.name, r.Status, snippet(r.Body), c.says)
			}
		}
		if after := e.count(t, "SELECT count(*) FROM party_coverage") + e.count(t, "SELECT count(*) FROM audit_log"); after != before {
			t.Errorf("%d rows written", after-before)
		}
	})
}
