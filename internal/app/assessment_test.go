package app_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/i18n"
)

// cstDay is the start of a China Standard Time day in stored microseconds.
func cstDay(d string) int64 {
	t, err := time.ParseInLocation(time.DateOnly, d, i18n.Zone)
	if err != nil {
		panic(err)
	}
	return t.UnixMicro()
}

// assessmentRow is one cadre's line as the API answers it.
type assessmentRow struct {
	UserID            int64  `json:"user_id"`
	Username          string `json:"username"`
	ProjectsLed       int    `json:"projects_led"`
	MilestonesOnTime  int    `json:"milestones_on_time"`
	MilestonesLate    int    `json:"milestones_late"`
	MilestonesOverdue int    `json:"milestones_overdue"`
	MilestonesPending int    `json:"milestones_pending"`
	NoticesReceived   int    `json:"notices_received"`
	Invited           int    `json:"activities_invited"`
	Attended          int    `json:"activities_attended"`
	Rates             map[string]struct {
		Num int `json:"numerator"`
		Den int `json:"denominator"`
	} `json:"rates"`
}

// The demo's 2022 reference: the parts come from the projects, the
// supervision notices and the campaign's activities, each summing to what
// the modules hold; one cadre's records are the items behind their line;
// the ledger holds the same lines; a cadre sees only their own.
func TestAssessmentOnTheDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		leader := e.token("leader")
		r := e.api("GET", "/api/v1/assessment/cadres?year=2022", leader, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("reference: %d %s", r.Status, r.Body)
		}
		var rep struct {
			Cadres []assessmentRow `json:"cadres"`
		}
		if err := json.Unmarshal([]byte(r.Body), &rep); err != nil {
			t.Fatal(err)
		}
		var ms, led, invited, notices int
		for _, c := range rep.Cadres {
			ms += c.MilestonesOnTime + c.MilestonesLate + c.MilestonesOverdue + c.MilestonesPending
			led += c.ProjectsLed
			invited += c.Invited
			notices += c.NoticesReceived
			if m := c.Rates["milestones_on_time_rate"]; m.Den != c.MilestonesOnTime+c.MilestonesLate+c.MilestonesOverdue || m.Num != c.MilestonesOnTime {
				t.Errorf("%s: milestone rate %+v does not follow its parts %+v", c.Username, m, c)
			}
		}
		// The sums equal the records of the year owned by active cadres.
		cadres := "SELECT id FROM users WHERE active AND role IN ('leader','office','dept','community','specialist')"
		wantMs := e.count(t, "SELECT count(*) FROM project_milestones WHERE due_date BETWEEN '2022-01-01' AND '2022-12-31' AND owner_id IN ("+cadres+")")
		wantInv := e.count(t, `SELECT count(*) FROM activity_invitations i JOIN activities a ON a.id = i.activity_id
			WHERE a.starts_at >= $1 AND a.starts_at < $2 AND i.user_id IN (`+cadres+")", cstDay("2022-01-01"), cstDay("2023-01-01"))
		if ms != wantMs || ms == 0 {
			t.Errorf("milestones in the reference %d, owned by cadres in 2022 %d", ms, wantMs)
		}
		if invited != wantInv || invited == 0 {
			t.Errorf("invitations in the reference %d, of cadres in 2022 %d", invited, wantInv)
		}
		if led == 0 {
			t.Error("no cadre leads a project in the demo's 2022")
		}
		// One cadre with milestones: the records behind the line.
		var busy assessmentRow
		for _, c := range rep.Cadres {
			if c.MilestonesOnTime+c.MilestonesLate+c.MilestonesOverdue > busy.MilestonesOnTime+busy.MilestonesLate+busy.MilestonesOverdue {
				busy = c
			}
		}
		r = e.api("GET", "/api/v1/assessment/cadres/"+strconv.FormatInt(busy.UserID, 10)+"?year=2022", leader, nil)
		var one struct {
			Records []struct{ Kind, Outcome string } `json:"records"`
		}
		if err := json.Unmarshal([]byte(r.Body), &one); err != nil || r.Status != 200 {
			t.Fatalf("one cadre: %d %s", r.Status, r.Body)
		}
		kinds := map[string]int{}
		for _, rec := range one.Records {
			kinds[rec.Kind]++
		}
		if kinds["milestone"] != busy.MilestonesOnTime+busy.MilestonesLate+busy.MilestonesOverdue+busy.MilestonesPending ||
			kinds["activity"] != busy.Invited || kinds["notice"] != busy.NoticesReceived {
			t.Errorf("%s: records %v, line %+v", busy.Username, kinds, busy)
		}
		// The ledger has one line per cadre and shows the formula.
		r = e.api("GET", "/api/v1/assessment/cadres.xlsx?year=2022", leader, nil)
		if r.Status != 200 {
			t.Fatalf("ledger: %d %s", r.Status, r.Body)
		}
		header, rows := readLedger(t, r.Body)
		if header[0] != "姓名" || len(rows) != len(rep.Cadres)+2 || !strings.HasPrefix(rows[len(rows)-1][0], "节点按期完成率") {
			t.Errorf("ledger header %v, %d rows for %d cadres; last %v", header, len(rows), len(rep.Cadres), rows[len(rows)-1])
		}
		// A community secretary sees their own line only, and not the leader's.
		community := e.token("community")
		r = e.api("GET", "/api/v1/assessment/cadres?year=2022", community, nil)
		var own struct {
			Cadres []assessmentRow `json:"cadres"`
		}
		_ = json.Unmarshal([]byte(r.Body), &own)
		if len(own.Cadres) != 1 || own.Cadres[0].Username != "community" {
			t.Errorf("community sees %+v", own.Cadres)
		}
		// The page states the formula beside the figures.
		page := e.browser().login("leader").get("/assessment?year=2022")
		if page.Status != 200 || !strings.Contains(page.Body, "节点按期完成率 = ") {
			t.Errorf("page: %d", page.Status)
		}
	})
}
