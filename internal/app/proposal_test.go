package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// A resident sends a proposal on the public form and follows it by its
// receipt; a flood from the same address is refused with nothing written;
// the office adopts the proposal and makes it a rule, which is revised,
// compared and put in force, and then read by a department elsewhere.
func TestProposalBecomesRule(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		resident := e.browser()
		if r := resident.get("/p/proposals/new"); r.Status != http.StatusOK || !strings.Contains(r.Body, "禾花社区") {
			t.Fatalf("public form: %d %s", r.Status, snippet(r.Body))
		}
		hehua := strconv.FormatInt(e.unit("PH-HEHUA").ID, 10)
		send := func(title string) resp {
			return resident.post("/p/proposals", url.Values{"name": {"王小红"}, "mobile": {"13512345678"}, "title": {title},
				"body": {"详见标题：" + title}, "community_id": {hehua}, "website": {""}})
		}
		r := send("设立企业诉求快速响应窗口")
		loc := r.Header.Get("Location")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, "/p/proposals/JD-") {
			t.Fatalf("submit: %d %q %s", r.Status, loc, snippet(r.Body))
		}
		receipt := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/p/proposals/")
		st := resident.get(loc)
		if st.Status != http.StatusOK || !strings.Contains(st.Body, receipt) || strings.Contains(st.Body, "快速响应") ||
			strings.Contains(st.Body, "王") {
			t.Fatalf("status page shows more than the state: %d %s", st.Status, snippet(st.Body))
		}
		// The honeypot is refused, and spends the address's budget too.
		if r := resident.post("/p/proposals", url.Values{"title": {"t"}, "body": {"b"}, "community_id": {hehua}, "website": {"x"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("honeypot: %d", r.Status)
		}
		budget := e.app.Config.PublicFormLimit.N
		for i := 2; i < budget; i++ {
			if r := send("第 " + strconv.Itoa(i) + " 条"); r.Status != http.StatusSeeOther {
				t.Fatalf("submission %d of %d: %d", i+1, budget, r.Status)
			}
		}
		before := count(t, e, "SELECT count(*) FROM proposals")
		r = send("洪水")
		if r.Status != http.StatusTooManyRequests || retryAfter(t, r) <= 0 {
			t.Fatalf("flood: %d %s", r.Status, snippet(r.Body))
		}
		if after := count(t, e, "SELECT count(*) FROM proposals"); after != before {
			t.Fatalf("flood wrote %d proposals", after-before)
		}

		office := e.token("office")
		var list struct {
			Items []struct {
				ID             int64  `json:"id"`
				ResidentMobile string `json:"resident_mobile"`
			} `json:"items"`
		}
		decode(t, e.api("GET", "/api/v1/proposals?source=resident&q="+url.QueryEscape("快速响应窗口"), office, nil), http.StatusOK, &list)
		if len(list.Items) != 1 || list.Items[0].ResidentMobile != "135****5678" {
			t.Fatalf("office's list: %+v", list)
		}
		pid := list.Items[0].ID
		path := "/api/v1/proposals/" + strconv.FormatInt(pid, 10)
		if r := e.api("POST", path+"/actions", office, map[string]any{"action": "adopt"}); r.Status != http.StatusConflict ||
			!strings.Contains(r.Body, `"evaluate"`) {
			t.Fatalf("adopt unevaluated: %d %s", r.Status, r.Body)
		}
		dept := e.unit("PH-D-JJB").ID
		decode(t, e.api("POST", path+"/actions", office, map[string]any{"action": "evaluate", "unit_id": dept}), http.StatusOK, nil)
		decode(t, e.api("POST", path+"/actions", e.token("dept"), map[string]any{"action": "comment", "feasibility": 5, "value": 4,
			"comment": "可行"}), http.StatusOK, nil)
		decode(t, e.api("POST", path+"/actions", office, map[string]any{"action": "adopt"}), http.StatusOK, nil)
		if s := resident.get("/p/proposals/" + strings.ToLower(receipt) + "?lang=en"); !strings.Contains(s.Body, "Adopted") {
			t.Fatalf("status after adoption: %s", snippet(s.Body))
		}

		var ru struct {
			ID          int64   `json:"id"`
			Status      string  `json:"status"`
			Version     int     `json:"version"`
			ProposalIDs []int64 `json:"proposal_ids"`
		}
		decode(t, e.api("POST", "/api/v1/rules", office, map[string]any{"number": "平湖办〔2022〕12号", "title": "企业诉求快速响应机制",
			"unit_id": dept, "body": "第一条 为快速响应企业诉求，制定本机制。\n第二条 诉求一个工作日内签收。", "proposal_ids": []int64{pid}}),
			http.StatusCreated, &ru)
		if ru.Status != "draft" || len(ru.ProposalIDs) != 1 || ru.ProposalIDs[0] != pid {
			t.Fatalf("rule: %+v", ru)
		}
		rpath := "/api/v1/rules/" + strconv.FormatInt(ru.ID, 10)
		decode(t, e.api("POST", rpath+"/versions", office, map[string]any{"body": "第一条 为快速响应企业诉求，制定本机制。\n第二条 诉求半个工作日内签收。\n第三条 本机制自发布之日起施行。",
			"comment": "缩短签收时限", "version": 1}), http.StatusCreated, &ru)
		if ru.Version != 2 {
			t.Fatalf("version %d", ru.Version)
		}
		var diff struct {
			Lines []struct{ Op, Text string } `json:"lines"`
		}
		decode(t, e.api("GET", rpath+"/diff?from=1&to=2", office, nil), http.StatusOK, &diff)
		var changes []string
		for _, l := range diff.Lines {
			if l.Op == "+" || l.Op == "-" {
				changes = append(changes, l.Op+l.Text)
			}
		}
		if strings.Join(changes, "|") != "-第二条 诉求一个工作日内签收。|+第二条 诉求半个工作日内签收。|+第三条 本机制自发布之日起施行。" {
			t.Fatalf("diff: %q", changes)
		}
		// A draft is its unit's; once in force every staff member reads it.
		community := e.token("community")
		if r := e.api("GET", rpath, community, nil); r.Status != http.StatusNotFound {
			t.Fatalf("another unit reads the draft: %d", r.Status)
		}
		decode(t, e.api("POST", rpath+"/actions", e.token("leader"), map[string]any{"action": "enact", "effective_on": "2022-07-01"}), http.StatusOK, &ru)
		if ru.Status != "in_force" {
			t.Fatalf("enacted: %+v", ru)
		}
		if r := e.api("GET", rpath, community, nil); r.Status != http.StatusOK {
			t.Fatalf("another unit reads the rule in force: %d", r.Status)
		}
		page := e.browser().login("office").get("/rules/" + strconv.FormatInt(ru.ID, 10) + "/diff?from=1&to=2")
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "诉求半个工作日内签收") {
			t.Fatalf("diff page: %d %s", page.Status, snippet(page.Body))
		}
	})
}

func count(t *testing.T, e *env, query string) int {
	t.Helper()
	var n int
	if err := e.app.DB.R.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func decode(t *testing.T, r resp, status int, into any) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if into != nil {
		if err := json.Unmarshal([]byte(r.Body), into); err != nil {
			t.Fatal(err)
		}
	}
}
