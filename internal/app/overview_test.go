package app_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/overview"
	"pinghu/internal/pii"
)

// The overview of the visiting week as of 1 July 2022 gives the seed's
// figures under enterprise_service, with the other modules beside them
// and no party figures where the party module is not wired.
func TestOverviewSeedFigures(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		r := e.api("GET", "/api/v1/stats/overview?"+visitWeek, e.token("leader"), nil)
		if r.Status != http.StatusOK {
			t.Fatalf("overview: %d %s", r.Status, r.Body)
		}
		var got struct {
			UnitName          string         `json:"unit_name"`
			EnterpriseService map[string]any `json:"enterprise_service"`
			Projects          map[string]any `json:"projects"`
			Community         map[string]any `json:"community"`
			Party             *struct{}      `json:"party"`
		}
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatal(err)
		}
		for k, want := range map[string]float64{"above_scale_enterprises": 324, "enterprises_visited": 324,
			"appeals_collected": 326, "appeals_resolved": 317, "appeals_in_progress": 9} {
			if got.EnterpriseService[k] != want {
				t.Errorf("enterprise_service.%s = %v, want %v", k, got.EnterpriseService[k], want)
			}
		}
		if got.UnitName != "平湖街道" || got.Projects["total"] == nil || got.Community["communities"] == nil || got.Party == nil {
			t.Errorf("overview: %+v", got)
		}
		// The page shows the same figures, each a link to its records.
		page := e.browser().login("leader").get("/overview?" + visitWeek)
		m := regexp.MustCompile(`href="([^"]+)" data-figure="enterprise_service\.appeals_resolved">(\d+)</a>`).FindStringSubmatch(page.Body)
		if m == nil || m[2] != "317" {
			t.Fatalf("resolved on the page: %v", m)
		}
		if href := html.UnescapeString(m[1]); pageTotal(t, e.browser().login("leader"), href) != 317 {
			t.Errorf("the list behind the resolved figure (%s) does not hold 317 appeals", href)
		}
		// The period's visits: the visit list behind them has as many.
		v := regexp.MustCompile(`href="([^"]+)" data-figure="enterprise_service\.visits">(\d+)</a>`).FindStringSubmatch(page.Body)
		if v == nil {
			t.Fatal("no visits figure on the page")
		}
		if n, _ := strconv.Atoi(v[2]); n < 324 || pageTotal(t, e.browser().login("leader"), html.UnescapeString(v[1])) != n {
			t.Errorf("visits %s, their list %s", v[2], v[1])
		}
		if strings.Contains(page.Body, "党建数据暂未接入") || !strings.Contains(page.Body, `data-figure="party.organisations"`) {
			t.Error("the page lacks the party figures")
		}
	})
}

// A district leader sees every sub-district under the district and
// compares them; a sub-district's leader sees only its own, and another
// sub-district's unit is not found to it.
func TestOverviewSubdistricts(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		root := e.unit("root")
		admin := access.Actor{UserID: 1, Username: "admin", Role: access.Sysadmin, UnitID: root.ID, ScopePath: root.Path}
		unit := func(parent int64, kind org.Kind, name, code string) org.Unit {
			active := true
			u, err := e.app.Units.Create(ctx, admin, org.Input{ParentID: &parent, Kind: &kind, Name: &name, Code: &code, Active: &active})
			if err != nil {
				t.Fatalf("unit %s: %v", code, err)
			}
			return u
		}
		bantian := unit(e.unit("LG").ID, org.Subdistrict, "坂田街道", "LG-BT")
		community := unit(bantian.ID, org.Community, "马蹄山社区", "LG-BT-MTS")
		district, _, err := e.app.Accounts.Authenticate(ctx, e.token("district"), "api")
		if err != nil {
			t.Fatal(err)
		}
		name, addr, above, status := "坂田精密制造有限公司", "坂田马蹄山路1号", true, enterprise.Operating
		code, err := pii.MakeCreditCode("91440300MA5FBT001")
		if err != nil {
			t.Fatal(err)
		}
		ent, err := e.app.Enterprises.Create(ctx, district, enterprise.Input{Name: &name, CreditCode: &code, CommunityID: &community.ID,
			Address: &addr, AboveScale: &above, Status: &status})
		if err != nil {
			t.Fatalf("enterprise: %v", err)
		}
		if _, err := e.app.Appeals.Create(ctx, district, appeal.Input{EnterpriseID: ent.ID, Category: "policy",
			Channel: appeal.ChannelHotline, Title: "申请技改补贴"}); err != nil {
			t.Fatalf("appeal: %v", err)
		}

		type row struct {
			UnitID           int64  `json:"unit_id"`
			Name             string `json:"name"`
			AppealsCollected int    `json:"appeals_collected"`
			AboveScale       int    `json:"above_scale_enterprises"`
		}
		compare := func(who string) []row {
			r := e.api("GET", "/api/v1/stats/overview/subdistricts", e.token(who), nil)
			if r.Status != http.StatusOK {
				t.Fatalf("%s: %d %s", who, r.Status, r.Body)
			}
			var out struct{ Subdistricts []row }
			if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
				t.Fatal(err)
			}
			return out.Subdistricts
		}
		rows := compare("district")
		byName := map[string]row{}
		for _, r := range rows {
			byName[r.Name] = r
		}
		if len(rows) != 2 || byName["坂田街道"].AppealsCollected != 1 || byName["坂田街道"].AboveScale != 1 ||
			byName["平湖街道"].AboveScale != 324 {
			t.Fatalf("district's comparison: %+v", rows)
		}
		if rows := compare("leader"); len(rows) != 1 || rows[0].Name != "平湖街道" {
			t.Fatalf("Pinghu leader's comparison: %+v", rows)
		}

		bt := strconv.FormatInt(bantian.ID, 10)
		if r := e.api("GET", "/api/v1/stats/overview?unit_id="+bt, e.token("leader"), nil); r.Status != http.StatusNotFound {
			t.Errorf("Pinghu leader asking for Bantian: %d", r.Status)
		}
		if r := e.api("GET", "/api/v1/stats/overview?unit_id="+bt, e.token("district"), nil); r.Status != http.StatusOK ||
			!strings.Contains(r.Body, `"unit_name":"坂田街道"`) {
			t.Errorf("district asking for Bantian: %d %s", r.Status, snippet(r.Body))
		}
		leader := e.browser().login("leader")
		if r := leader.get("/overview?unit_id=" + bt); r.Status != http.StatusNotFound {
			t.Errorf("Pinghu leader's page for Bantian: %d", r.Status)
		}
		if r := leader.get("/overview"); strings.Contains(r.Body, "坂田街道") || strings.Contains(r.Body, `data-section="subdistricts"`) {
			t.Error("the Pinghu leader's overview shows the comparison")
		}
		page := e.browser().login("district").get("/overview")
		if !strings.Contains(page.Body, `data-section="subdistricts"`) || !strings.Contains(page.Body, "平湖街道") ||
			!strings.Contains(page.Body, "unit_id="+bt) {
			t.Fatalf("district's overview lacks the comparison: %s", snippet(page.Body))
		}
	})
}

// Where the party figures are wired, the overview carries them under
// party and the report writes its party section from them; a party
// module that answers not found to a reader leaves them out, and the
// rest of the overview stands.
func TestOverviewPartyFigures(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		var asked overview.Query
		e.app.Overview.PartyFigures = func(_ context.Context, _ access.Actor, q overview.Query) (overview.Party, error) {
			asked = q
			return overview.Party{Organisations: 96, NewOrganisations: 22, Positions: 2,
				NewByKind: overview.NewByKind{NonpublicSingle: 6, NonpublicJoint: 15, SocialOrg: 1}}, nil
		}
		tok := e.token("leader")
		r := e.api("GET", "/api/v1/stats/overview?from=2022-01-01&to=2022-06-30&as_of=2022-07-01", tok, nil)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `"new_by_kind":{"nonpublic_single":6,"nonpublic_joint":15,"social_org":1,"other":0}`) {
			t.Fatalf("overview with party: %d %s", r.Status, snippet(r.Body))
		}
		if asked != (overview.Query{From: "2022-01-01", To: "2022-06-30", AsOf: "2022-07-01"}) {
			t.Errorf("the party figures were asked for %+v", asked)
		}
		rep := e.api("GET", "/api/v1/reports/summary?from=2022-01-01&to=2022-06-30&as_of=2022-07-01", tok, nil)
		if !strings.Contains(rep.Body, "新成立“两新”组织党组织22个，其中非公企业单独组建6个、联合组建15个，社会组织1个。") {
			t.Errorf("the report lacks the party section: %s", snippet(rep.Body))
		}
		if page := e.browser().login("leader").get("/overview"); !strings.Contains(page.Body, `data-figure="party.new_organisations"`) {
			t.Error("the overview page lacks the party figures")
		}

		e.app.Overview.PartyFigures = func(context.Context, access.Actor, overview.Query) (overview.Party, error) {
			return overview.Party{}, errs.E(errs.NotFound)
		}
		r = e.api("GET", "/api/v1/stats/overview", tok, nil)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `"party":null`) {
			t.Errorf("overview for a reader without party figures: %d %s", r.Status, snippet(r.Body))
		}
	})
}

// On the demo, the overview's party figures are the party module's own:
// the 22 organisations of the first half of 2022 by kind, in the API and
// in the report's words; and every party figure on the page opens a list
// that holds as many records.
func TestOverviewPartyOnTheDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		const half = "from=2022-01-01&to=2022-06-30&as_of=2022-06-30"
		tok := e.token("leader")
		r := e.api("GET", "/api/v1/stats/overview?"+half, tok, nil)
		var got struct {
			Party struct {
				Organisations    int `json:"organisations"`
				NewOrganisations int `json:"new_organisations"`
				Positions        int `json:"positions"`
			} `json:"party"`
		}
		if err := json.Unmarshal([]byte(r.Body), &got); r.Status != http.StatusOK || err != nil {
			t.Fatalf("overview: %d %v %s", r.Status, err, snippet(r.Body))
		}
		if got.Party.NewOrganisations != 22 || !strings.Contains(r.Body, `"new_by_kind":{"nonpublic_single":6,"nonpublic_joint":15,"social_org":1,"other":0}`) {
			t.Errorf("party figures: %+v\n%s", got.Party, snippet(r.Body))
		}
		rep := e.api("GET", "/api/v1/reports/summary?"+half, tok, nil)
		if !strings.Contains(rep.Body, "新成立“两新”组织党组织22个，其中非公企业单独组建6个、联合组建15个，社会组织1个。") {
			t.Errorf("the report lacks the party sentence: %s", snippet(rep.Body))
		}
		b := e.browser().login("leader")
		page := b.get("/overview?" + half)
		for fig, want := range map[string]int{"party.organisations": got.Party.Organisations, "party.new_organisations": 22,
			"party.positions": got.Party.Positions} {
			m := regexp.MustCompile(`href="([^"]+)" data-figure="` + regexp.QuoteMeta(fig) + `">(\d+)</a>`).FindStringSubmatch(page.Body)
			if m == nil || m[2] != strconv.Itoa(want) {
				t.Errorf("%s on the page: %v, want %d", fig, m, want)
				continue
			}
			if n := pageTotal(t, b, html.UnescapeString(m[1])); n != want {
				t.Errorf("the list behind %s (%s) holds %d, want %d", fig, m[1], n, want)
			}
		}
		// A rate opens the enterprises it counts: as many as the party
		// statistics say are covered.
		var stats struct {
			Covered     int `json:"covered"`
			SingleBuilt int `json:"single_built"`
		}
		s := e.api("GET", "/api/v1/stats/party?"+half, tok, nil)
		if err := json.Unmarshal([]byte(s.Body), &stats); err != nil || stats.Covered == 0 {
			t.Fatalf("stats/party: %v %s", err, snippet(s.Body))
		}
		for fig, want := range map[string]int{"party.org_coverage_rate": stats.Covered, "party.single_built_rate": stats.SingleBuilt} {
			m := regexp.MustCompile(`href="([^"]+)" data-figure="` + regexp.QuoteMeta(fig) + `">`).FindStringSubmatch(page.Body)
			if m == nil {
				t.Errorf("%s is no link", fig)
				continue
			}
			if n := pageTotal(t, b, html.UnescapeString(m[1])); n != want {
				t.Errorf("the enterprises behind %s hold %d, want %d", fig, n, want)
			}
		}
	})
}
