package app_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/i18n"
	"pinghu/internal/pii"
)

// demoIDs are records of the demo the page tests fill path parameters
// with: the enterprise the demo's enterprise account speaks for (in 禾花,
// so that the community and specialist accounts see it too), one of its
// visits, and an attachment when there is one (the demo has no photos,
// so the attachment route is walked with an id that answers 404).
type demoIDs struct {
	enterprise, visit, attachment string
}

func demoEnterpriseIDs(t *testing.T, e *env) demoIDs {
	t.Helper()
	var ent, visit, att int64
	q := e.app.DB.R
	if err := q.QueryRow("SELECT enterprise_id FROM users WHERE username = 'enterprise'").Scan(&ent); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRow("SELECT min(id) FROM visits WHERE enterprise_id = $1", ent).Scan(&visit); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRow("SELECT COALESCE(min(id), 999999) FROM attachments").Scan(&att); err != nil {
		t.Fatal(err)
	}
	s := func(n int64) string { return strconv.FormatInt(n, 10) }
	return demoIDs{s(ent), s(visit), s(att)}
}

// demoFacts are the records of the demo the scope scenarios use, found
// by what they are rather than by id.
type demoFacts struct {
	own        int64 // the enterprise of the demo's enterprise account, in 禾花
	hehua      int64 // another of 禾花's enterprises served by the demo specialist
	pinghu     int64 // an above-scale enterprise of 平湖社区, with a visit
	pinghuVis  int64 // that visit
	ownVisit   int64
	deptSees   int64 // assigned to 经济服务办公室, the demo dept's department
	deptBlind  int64 // neither assigned to it nor with an appeal it handles
	specialist int64 // the demo specialist's account
}

func (e *env) facts(t *testing.T) demoFacts {
	t.Helper()
	var f demoFacts
	q := e.app.DB.R
	for _, s := range []struct {
		dst   *int64
		query string
	}{
		{&f.specialist, "SELECT id FROM users WHERE username = 'specialist'"},
		{&f.own, "SELECT enterprise_id FROM users WHERE username = 'enterprise'"},
		{&f.hehua, `SELECT max(e.id) FROM enterprises e JOIN units c ON c.id = e.community_id JOIN users s ON s.id = e.specialist_id
			WHERE c.code = 'PH-HEHUA' AND s.username = 'specialist'`},
		{&f.pinghu, `SELECT min(e.id) FROM enterprises e JOIN units c ON c.id = e.community_id WHERE c.code = 'PH-PINGHU' AND e.above_scale = TRUE`},
		{&f.deptSees, `SELECT min(e.id) FROM enterprises e JOIN units d ON d.id = e.department_id JOIN units c ON c.id = e.community_id
			WHERE d.code = 'PH-D-JJB' AND c.code NOT IN ('PH-HEHUA', 'PH-PINGHU')`},
		{&f.deptBlind, `SELECT min(e.id) FROM enterprises e JOIN units c ON c.id = e.community_id
			WHERE c.code NOT IN ('PH-HEHUA', 'PH-PINGHU') AND e.department_id <> (SELECT id FROM units WHERE code = 'PH-D-JJB')
			AND NOT EXISTS (SELECT 1 FROM appeals p JOIN units d ON d.id = p.department_id WHERE p.enterprise_id = e.id AND d.code = 'PH-D-JJB')`},
	} {
		if err := q.QueryRow(s.query).Scan(s.dst); err != nil || *s.dst == 0 {
			t.Fatalf("%s: %d, %v", s.query, *s.dst, err)
		}
	}
	if err := q.QueryRow("SELECT min(id) FROM visits WHERE enterprise_id = $1", f.pinghu).Scan(&f.pinghuVis); err != nil {
		t.Fatal(err)
	}
	if err := q.QueryRow("SELECT min(id) FROM visits WHERE enterprise_id = $1", f.own).Scan(&f.ownVisit); err != nil {
		t.Fatal(err)
	}
	return f
}

func (e *env) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := e.app.DB.R.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// TestEnterpriseScope: on the demo data, each role sees exactly the
// enterprises of its scope, in the lists of the pages and of the API, and
// gets 404 for any other enterprise or visit, on GET and on POST.
func TestEnterpriseScope(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		jjb := e.unit("PH-D-JJB").ID
		hehua := e.unit("PH-HEHUA").ID
		totals := map[string]int{
			"leader":     e.count(t, "SELECT count(*) FROM enterprises"),
			"office":     e.count(t, "SELECT count(*) FROM enterprises"),
			"community":  e.count(t, "SELECT count(*) FROM enterprises WHERE community_id = $1", hehua),
			"specialist": e.count(t, "SELECT count(*) FROM enterprises WHERE specialist_id = $1", f.specialist),
			"enterprise": 1,
			"dept": e.count(t, `SELECT count(*) FROM enterprises e WHERE e.department_id = $1
				OR EXISTS (SELECT 1 FROM appeals p WHERE p.enterprise_id = e.id AND p.department_id = $1)`, jjb),
			"admin": 0, "secadmin": 0, "auditor": 0, "expert": 0,
		}
		if totals["leader"] != 474 || totals["specialist"] == 0 || totals["community"] < totals["specialist"] {
			t.Fatalf("demo totals %v", totals)
		}
		// Each role's objects: 200 when in scope, 404 otherwise.
		type obj struct {
			path string
			in   []string
		}
		managers := []string{"leader", "office"}
		hehuaRoles := append([]string{"community", "specialist"}, managers...)
		objects := []obj{
			{"/enterprises/" + id(f.own), append([]string{"enterprise"}, hehuaRoles...)},
			{"/enterprises/" + id(f.hehua), hehuaRoles},
			{"/enterprises/" + id(f.pinghu), managers},
			{"/visits/" + id(f.ownVisit), append([]string{"enterprise"}, hehuaRoles...)},
			{"/visits/" + id(f.pinghuVis), managers},
			{"/enterprises/" + id(f.deptSees), []string{"leader", "office", "dept"}},
			{"/enterprises/" + id(f.deptBlind), nil}, // leader and office are added below
			{"/enterprises/999999", nil},
			{"/visits/999999", nil},
		}
		objects[6].in = managers
		// The department's rule, written here independently of the
		// service: assigned in the 四个一, or handling one of its appeals.
		deptSees := func(ent int64) bool {
			return e.count(t, `SELECT count(*) FROM enterprises e WHERE e.id = $1 AND (e.department_id = $2
				OR EXISTS (SELECT 1 FROM appeals p WHERE p.enterprise_id = e.id AND p.department_id = $2))`, ent, jjb) == 1
		}
		for i, o := range objects {
			var ent int64
			switch {
			case strings.HasPrefix(o.path, "/enterprises/"):
				ent, _ = strconv.ParseInt(strings.TrimPrefix(o.path, "/enterprises/"), 10, 64)
			case o.path == "/visits/"+id(f.ownVisit):
				ent = f.own
			case o.path == "/visits/"+id(f.pinghuVis):
				ent = f.pinghu
			}
			if deptSees(ent) != contains(o.in, "dept") {
				if contains(o.in, "dept") {
					t.Fatalf("%s: the test says dept sees it, the rule does not", o.path)
				}
				objects[i].in = append(append([]string{}, o.in...), "dept")
			}
		}
		if !deptSees(f.deptSees) || deptSees(f.deptBlind) {
			t.Fatal("the demo no longer has the enterprises this test needs for the department")
		}
		for _, who := range demoUsers {
			t.Run(who, func(t *testing.T) {
				b := e.browser().login(who)
				tok := e.token(who)
				var list struct{ Total int }
				r := e.api("GET", "/api/v1/enterprises", tok, nil)
				if err := json.Unmarshal([]byte(r.Body), &list); err != nil || r.Status != 200 || list.Total != totals[who] {
					t.Errorf("API list: %d %d, want %d", r.Status, list.Total, totals[who])
				}
				page := b.get("/enterprises")
				if page.Status != 200 {
					t.Fatalf("/enterprises: %d", page.Status)
				}
				if n := totals[who]; n > 0 && !strings.Contains(page.Body, fmt.Sprintf("共 %d 条", n)) {
					t.Errorf("/enterprises does not say %d in all", n)
				} else if n == 0 && !strings.Contains(page.Body, "没有符合条件的企业") {
					t.Errorf("/enterprises is not empty")
				}
				if r := b.get("/visits"); r.Status != 200 {
					t.Errorf("/visits: %d", r.Status)
				}
				for _, o := range objects {
					want := http.StatusNotFound
					if contains(o.in, who) {
						want = http.StatusOK
					}
					if r := b.get(o.path); r.Status != want {
						t.Errorf("GET %s: %d, want %d", o.path, r.Status, want)
					}
					if r := e.api("GET", "/api/v1"+o.path, tok, nil); r.Status != want {
						t.Errorf("GET /api/v1%s: %d, want %d", o.path, r.Status, want)
					}
				}
				// Recording a visit: only where the role records visits and
				// the enterprise is in scope; anything else is 404 and
				// writes nothing.
				before := e.count(t, "SELECT count(*) FROM visits")
				visit := url.Values{"date": {"2026-03-01"}, "form": {"phone"}, "others": {"张同志"}, "findings": {"电话回访"}}
				recorder := contains([]string{"leader", "office", "community", "specialist"}, who)
				for _, c := range []struct {
					ent int64
					ok  bool
				}{{f.pinghu, recorder && contains(managers, who)}, {f.hehua, recorder}} {
					want := http.StatusNotFound
					if c.ok {
						want = http.StatusSeeOther
					}
					if r := b.post("/visits?enterprise_id="+id(c.ent), visit); r.Status != want {
						t.Errorf("POST visit to %d: %d, want %d", c.ent, r.Status, want)
					}
					want = http.StatusNotFound
					if c.ok {
						want = http.StatusCreated
					}
					body := map[string]any{"date": "2026-03-01", "form": "phone", "people": []map[string]any{{"name": "张同志"}}}
					if r := e.api("POST", "/api/v1/enterprises/"+id(c.ent)+"/visits", tok, body); r.Status != want {
						t.Errorf("API visit to %d: %d, want %d: %s", c.ent, r.Status, want, snippet(r.Body))
					}
					if r := b.get("/visits/new?enterprise_id=" + id(c.ent)); (r.Status == 200) != c.ok {
						t.Errorf("visit form for %d: %d", c.ent, r.Status)
					}
				}
				wrote := e.count(t, "SELECT count(*) FROM visits") - before
				if want := map[bool]int{true: 2, false: 0}[recorder] * map[bool]int{true: 2, false: 1}[contains(managers, who)]; wrote != want {
					t.Errorf("%d visits written, want %d", wrote, want)
				}
			})
		}
	})
}

// TestEnterpriseRegistryForms: leaders and the office register and edit
// enterprises through the forms; bad input comes back beside its field
// and writes nothing; nobody else may use the forms.
func TestEnterpriseRegistryForms(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		hehua := id(e.unit("PH-HEHUA").ID)
		var taken string
		if err := e.app.DB.R.QueryRow("SELECT credit_code FROM enterprises WHERE id = $1", f.own).Scan(&taken); err != nil {
			t.Fatal(err)
		}
		code, err := pii.MakeCreditCode("91440307MA5990011")
		if err != nil {
			t.Fatal(err)
		}
		form := func(name, code, community string) url.Values {
			return url.Values{"name": {name}, "credit_code": {code}, "community_id": {community}, "address": {"禾花工业区 9 栋"},
				"industry": {"C"}, "above_scale": {"true"}}
		}
		for _, c := range []struct {
			who, name string
			form      url.Values
			field     string
		}{
			{"leader", "bad code", form("新企业", "91440307MA5TEST001", hehua), "credit_code"},
			{"leader", "duplicate", form("新企业", taken, hehua), "credit_code"},
			{"office", "unknown community", form("新企业", code, "999999"), "community_id"},
			{"office", "no name", form(" ", code, hehua), "name"},
		} {
			before := e.count(t, "SELECT count(*) FROM enterprises")
			r := e.browser().login(c.who).post("/enterprises", c.form)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="`+c.field+`-err"`) {
				t.Errorf("%s: %d, error beside %s? %s", c.name, r.Status, c.field, snippet(r.Body))
			}
			if !strings.Contains(r.Body, `value="禾花工业区 9 栋"`) {
				t.Errorf("%s: the form lost what was typed", c.name)
			}
			if e.count(t, "SELECT count(*) FROM enterprises") != before {
				t.Errorf("%s: an enterprise was written", c.name)
			}
		}
		for _, who := range []string{"community", "specialist", "dept", "enterprise", "expert", "admin"} {
			b := e.browser().login(who)
			if r := b.post("/enterprises", form("新企业", code, hehua)); r.Status != http.StatusNotFound {
				t.Errorf("%s creates: %d", who, r.Status)
			}
			if r := b.get("/enterprises/new"); r.Status != http.StatusNotFound {
				t.Errorf("%s opens the new form: %d", who, r.Status)
			}
			if r := b.get("/enterprises/" + id(f.own) + "/edit"); r.Status != http.StatusNotFound {
				t.Errorf("%s opens the edit form: %d", who, r.Status)
			}
			if r := b.post("/enterprises/"+id(f.own), form("改名", taken, hehua)); r.Status != http.StatusNotFound {
				t.Errorf("%s edits: %d", who, r.Status)
			}
		}
		// The office registers one, the leader edits it.
		b := e.browser().login("office")
		r := b.post("/enterprises", form(" 深圳市禾新电子有限公司 ", strings.ToLower(code), hehua))
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/enterprises/") {
			t.Fatalf("create: %d %s", r.Status, snippet(r.Body))
		}
		loc := strings.TrimSuffix(r.Header.Get("Location"), "?ok=created")
		page := b.get(loc + "?ok=created")
		for _, want := range []string{"深圳市禾新电子有限公司", code, "已创建", "企业登记"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("new enterprise's page lacks %q", want)
			}
		}
		edit := form("深圳市禾新电子有限公司", code, hehua)
		edit.Set("status", "moved_out")
		edit.Del("above_scale")
		if r := e.browser().login("leader").post(loc, edit); r.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", r.Status, snippet(r.Body))
		}
		var status string
		var above bool
		if err := e.app.DB.R.QueryRow("SELECT status, above_scale FROM enterprises WHERE credit_code = $1", code).Scan(&status, &above); err != nil ||
			status != "moved_out" || above {
			t.Errorf("after edit: %s %v %v", status, above, err)
		}
	})
}

// TestEnterpriseDetailForms: the assignment, contacts and output values
// through the detail page's forms.
func TestEnterpriseDetailForms(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		path := "/enterprises/" + id(f.hehua)
		leader := e.browser().login("leader")
		spec := e.browser().login("specialist")

		// Contacts: the specialist keeps them; phones are shown masked.
		if r := spec.post(path+"/contacts", url.Values{"name": {"钱先生"}, "phone": {"12345"}}); r.Status != 422 ||
			!strings.Contains(r.Body, `id="nc-phone-err"`) || !strings.Contains(r.Body, `value="钱先生"`) {
			t.Errorf("bad phone: %d", r.Status)
		}
		if r := spec.post(path+"/contacts", url.Values{"name": {"钱先生"}, "position": {"厂长"}, "phone": {"13912345678"}, "is_primary": {"true"}}); r.Status != 303 {
			t.Fatalf("add contact: %d %s", r.Status, snippet(r.Body))
		}
		page := spec.get(path)
		if !strings.Contains(page.Body, "139****5678") || strings.Contains(page.Body, "13912345678") {
			t.Errorf("the phone is not masked on the page")
		}
		var cid int64
		if err := e.app.DB.R.QueryRow("SELECT id FROM enterprise_contacts WHERE name = '钱先生'").Scan(&cid); err != nil {
			t.Fatal(err)
		}
		// Sending the mask back keeps the number.
		if r := spec.post(path+"/contacts/"+id(cid), url.Values{"name": {"钱先生"}, "position": {"总经理"}, "phone": {"139****5678"}}); r.Status != 303 {
			t.Fatalf("edit contact: %d %s", r.Status, snippet(r.Body))
		}
		var phone, position string
		_ = e.app.DB.R.QueryRow("SELECT phone, position FROM enterprise_contacts WHERE id = $1", cid).Scan(&phone, &position)
		if phone != "13912345678" || position != "总经理" {
			t.Errorf("after edit: %s %s", phone, position)
		}
		// A contact is changed only from its own enterprise's page, and
		// only by those who keep contacts.
		if r := spec.post("/enterprises/"+id(f.own)+"/contacts/"+id(cid)+"/remove", nil); r.Status != 404 {
			t.Errorf("remove through another enterprise: %d", r.Status)
		}
		if r := e.browser().login("community").post(path+"/contacts/"+id(cid)+"/remove", nil); r.Status != 404 {
			t.Errorf("community removes a contact: %d", r.Status)
		}
		if r := spec.post(path+"/contacts/"+id(cid)+"/remove", nil); r.Status != 303 || e.count(t, "SELECT count(*) FROM enterprise_contacts WHERE id = $1", cid) != 0 {
			t.Errorf("remove: %d", r.Status)
		}

		// Output values in 万元, stored in yuan.
		if r := leader.post(path+"/outputs", url.Values{"year": {"2023"}, "value_wan": {"abc"}}); r.Status != 422 || !strings.Contains(r.Body, "万元") {
			t.Errorf("bad output: %d", r.Status)
		}
		if r := spec.post(path+"/outputs", url.Values{"year": {"2023"}, "value_wan": {"1"}}); r.Status != 404 {
			t.Errorf("specialist sets output: %d", r.Status)
		}
		if r := leader.post(path+"/outputs", url.Values{"year": {"2023"}, "value_wan": {"1,234.5678"}}); r.Status != 303 {
			t.Fatalf("output: %d %s", r.Status, snippet(r.Body))
		}
		if n := e.count(t, "SELECT value_yuan FROM enterprise_outputs WHERE enterprise_id = $1 AND year = 2023", f.hehua); n != 12345678 {
			t.Errorf("stored %d yuan", n)
		}
		if !strings.Contains(leader.get(path).Body, "1,234.57") {
			t.Errorf("the output is not shown in 万元")
		}

		// The assignment: a leader where a specialist belongs is refused
		// beside the field; "0" unassigns.
		leaderID := userID(t, e, "leader")
		if r := leader.post(path+"/assignment", url.Values{"leader_id": {leaderID}, "department_id": {"0"}, "specialist_id": {leaderID}}); r.Status != 422 ||
			!strings.Contains(r.Body, `id="specialist_id-err"`) {
			t.Errorf("bad specialist: %d", r.Status)
		}
		before := e.count(t, "SELECT count(*) FROM assignment_history WHERE enterprise_id = $1", f.hehua)
		if r := leader.post(path+"/assignment", url.Values{"leader_id": {leaderID}, "department_id": {"0"}, "specialist_id": {id(f.specialist)}, "note": {"部门调整"}}); r.Status != 303 {
			t.Fatalf("assign: %d %s", r.Status, snippet(r.Body))
		}
		if e.count(t, "SELECT count(*) FROM enterprises WHERE id = $1 AND department_id IS NULL", f.hehua) != 1 ||
			e.count(t, "SELECT count(*) FROM assignment_history WHERE enterprise_id = $1", f.hehua) != before+1 {
			t.Errorf("the assignment did not change once")
		}
		if r := leader.get("/enterprises?incomplete=true&q=" + url.QueryEscape(e.name(t, f.hehua))); !strings.Contains(r.Body, "/enterprises/"+id(f.hehua)+`"`) {
			t.Errorf("not on the incomplete list")
		}
		if r := spec.post(path+"/assignment", url.Values{"leader_id": {"0"}}); r.Status != 404 {
			t.Errorf("specialist assigns: %d", r.Status)
		}
	})
}

func (e *env) name(t *testing.T, enterpriseID int64) string {
	t.Helper()
	var s string
	if err := e.app.DB.R.QueryRow("SELECT name FROM enterprises WHERE id = $1", enterpriseID).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestBulkAssignment: the bulk form asks for confirmation, changes
// nothing until it is given, then changes every ticked enterprise.
func TestBulkAssignment(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		b := e.browser().login("office")
		spec := id(f.specialist)
		form := url.Values{"ids": {id(f.pinghu), id(f.deptBlind)}, "specialist_id": {spec}, "leader_id": {""}, "department_id": {""},
			"back": {"/enterprises?incomplete=true"}}
		history := func() int { return e.count(t, "SELECT count(*) FROM assignment_history") }
		before := history()
		r := b.post("/enterprises/bulk-assignment", form)
		if r.Status != 200 || !strings.Contains(r.Body, e.name(t, f.pinghu)) || !strings.Contains(r.Body, `name="confirm" value="yes"`) {
			t.Fatalf("confirmation: %d %s", r.Status, snippet(r.Body))
		}
		if history() != before {
			t.Fatal("the confirmation step wrote")
		}
		for _, bad := range []url.Values{
			{"specialist_id": {spec}}, // nothing ticked
			{"ids": {id(f.pinghu)}},   // nothing to change
			{"ids": {id(f.pinghu)}, "specialist_id": {userID(t, e, "leader")}, "confirm": {"yes"}}, // not a specialist
			{"ids": {id(f.pinghu), "999999"}, "specialist_id": {spec}, "confirm": {"yes"}},         // unknown enterprise
		} {
			if r := b.post("/enterprises/bulk-assignment", bad); r.Status != 422 || strings.Contains(r.Body, "⟦") {
				t.Errorf("%v: %d %s", bad, r.Status, snippet(r.Body))
			}
		}
		if history() != before {
			t.Fatal("a refused bulk assignment wrote")
		}
		form.Set("confirm", "yes")
		r = b.post("/enterprises/bulk-assignment", form)
		if r.Status != 303 || r.Header.Get("Location") != "/enterprises?incomplete=true&ok=saved" {
			t.Fatalf("apply: %d %s %s", r.Status, r.Header.Get("Location"), snippet(r.Body))
		}
		if history() != before+2 || e.count(t, "SELECT count(*) FROM enterprises WHERE specialist_id = $1 AND id IN ($2, $3)", f.specialist, f.pinghu, f.deptBlind) != 2 {
			t.Error("the bulk assignment did not change both")
		}
		for _, who := range []string{"community", "specialist", "dept"} {
			if r := e.browser().login(who).post("/enterprises/bulk-assignment", form); r.Status != 404 {
				t.Errorf("%s bulk-assigns: %d", who, r.Status)
			}
		}
	})
}

// multipart builds a visit form with photos.
func multipartForm(t *testing.T, fields url.Values, photos map[string][]byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	for name, data := range photos {
		part, err := w.CreateFormFile("photos", name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = part.Write(data)
	}
	_ = w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

func (b *browser) postMultipart(path, contentType string, body []byte) resp {
	b.e.t.Helper()
	req, err := http.NewRequest("POST", b.e.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		b.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return resp{Status: res.StatusCode, Header: res.Header, Body: string(data)}
}

// png is a valid 1×1 PNG.
var png = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" +
	"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// TestVisitWithPhotos: the specialist records a visit with a photo from
// the phone form; the photo is served only to those who see the visit,
// as what it is, inline; a photo too large is refused with the typed text
// kept and nothing written.
func TestVisitWithPhotos(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		b := e.browser().login("specialist")
		fields := url.Values{"date": {"2026-03-01"}, "form": {"on_site"}, "people": {id(f.specialist)},
			"others": {"区工信局 李同志\n\n社区 网格员"}, "findings": {"企业反映用电紧张。"}}
		ct, body := multipartForm(t, fields, map[string][]byte{"现场.png": png})
		r := b.postMultipart("/visits?enterprise_id="+id(f.own), ct, body)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/visits/") {
			t.Fatalf("record: %d %s", r.Status, snippet(r.Body))
		}
		page := b.get(r.Header.Get("Location"))
		for _, want := range []string{"企业反映用电紧张。", "区工信局 李同志", "社区 网格员", "企业服务专员（演示）", `<img src="/attachments/`, "已创建"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the visit page lacks %q", want)
			}
		}
		var att int64
		if err := e.app.DB.R.QueryRow("SELECT max(id) FROM attachments").Scan(&att); err != nil {
			t.Fatal(err)
		}
		for who, want := range map[string]int{"specialist": 200, "community": 200, "enterprise": 200, "leader": 200, "office": 200,
			"expert": 404, "admin": 404, "secadmin": 404, "auditor": 404} {
			r := e.browser().login(who).get("/attachments/" + id(att))
			if r.Status != want {
				t.Errorf("%s: attachment %d, want %d", who, r.Status, want)
				continue
			}
			if want == 200 && (r.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(r.Header.Get("Content-Disposition"), "inline") ||
				r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Body != string(png)) {
				t.Errorf("%s: served as %q, %q, %q, %d bytes", who, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"),
					r.Header.Get("X-Content-Type-Options"), len(r.Body))
			}
		}

		// One photo over the limit: refused, the text kept, nothing written.
		rows := func() int {
			return e.count(t, "SELECT count(*) FROM visits") + e.count(t, "SELECT count(*) FROM attachments")
		}
		before := rows()
		big := append(append([]byte{}, png...), make([]byte, 10<<20)...)
		ct, body = multipartForm(t, fields, map[string][]byte{"big.png": big})
		r = b.postMultipart("/visits?enterprise_id="+id(f.own), ct, body)
		if r.Status != 422 || !strings.Contains(r.Body, `id="photos-err"`) || !strings.Contains(r.Body, "企业反映用电紧张。") {
			t.Errorf("large photo: %d %s", r.Status, snippet(r.Body))
		}
		// A file that is no picture, whatever it claims.
		ct, body = multipartForm(t, fields, map[string][]byte{"x.png": []byte("<script>alert(1)</script>")})
		if r := b.postMultipart("/visits?enterprise_id="+id(f.own), ct, body); r.Status != 422 || !strings.Contains(r.Body, `id="photos-err"`) {
			t.Errorf("not a picture: %d", r.Status)
		}
		if rows() != before {
			t.Error("a refused visit wrote")
		}
	})
}

// The whole form over its cap: the text typed before the photos comes
// back, with the photos' error beside them.
func TestVisitFormOverCap(t *testing.T) {
	e := newEnv(t, db.SQLite)
	f := e.facts(t)
	b := e.browser().login("specialist")
	fields := url.Values{"date": {"2026-03-01"}, "form": {"meeting"}, "people": {id(f.specialist)}, "findings": {"座谈三项问题"}}
	photos := map[string][]byte{}
	for i := range 5 {
		photos[fmt.Sprintf("p%d.png", i)] = append(append([]byte{}, png...), make([]byte, 9<<20)...)
	}
	ct, body := multipartForm(t, fields, photos)
	before := e.count(t, "SELECT count(*) FROM visits")
	r := b.postMultipart("/visits?enterprise_id="+id(f.own), ct, body)
	if r.Status != 422 || !strings.Contains(r.Body, `id="photos-err"`) || !strings.Contains(r.Body, "座谈三项问题") ||
		!strings.Contains(r.Body, `value="meeting" required checked`) {
		t.Errorf("over the cap: %d %s", r.Status, snippet(r.Body))
	}
	if e.count(t, "SELECT count(*) FROM visits") != before {
		t.Error("wrote a visit")
	}
}

// TestVisitFormOnPhone: the visit form has what a phone needs — the
// viewport, the camera, large choices — and the stylesheet's enterprise
// section sets no width a 375 px screen cannot hold.
func TestVisitFormOnPhone(t *testing.T) {
	e := newEnv(t, db.SQLite)
	f := e.facts(t)
	page := e.browser().login("specialist").get("/visits/new?enterprise_id=" + id(f.own))
	if page.Status != 200 {
		t.Fatalf("visit form: %d", page.Status)
	}
	for _, want := range []string{`name="viewport" content="width=device-width, initial-scale=1"`, `enctype="multipart/form-data"`,
		`type="file" accept="image/*" capture="environment" multiple`, `type="radio" name="form" value="on_site"`,
		`type="radio" name="form" value="meeting"`, `type="radio" name="form" value="phone"`, `type="date"`,
		`value="` + e.app.Now().In(i18n.Zone).Format(time.DateOnly) + `"`, `name="people" value="` + id(f.specialist) + `" checked`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the visit form lacks %s", want)
		}
	}
	if regexp.MustCompile(`style="|<style`).MatchString(page.Body) {
		t.Error("inline style on the visit form")
	}
	css := e.browser().get("/static/app.css").Body
	i := strings.Index(css, "/* Enterprise service:")
	if i < 0 {
		t.Fatal("no enterprise section in app.css")
	}
	section := css[i:]
	if j := strings.Index(section[1:], "\n/* "); j >= 0 && !strings.Contains(section[:j+1], "@media") {
		section = section[:j+1] // the next module's section, if any
	}
	px := regexp.MustCompile(`(?:^|[;{\s])((?:min-|max-)?width|flex(?:-basis)?|grid-template-columns)\s*:[^;}]*`)
	num := regexp.MustCompile(`(\d+(?:\.\d+)?)(px|rem|em)`)
	for _, decl := range px.FindAllString(section, -1) {
		for _, m := range num.FindAllStringSubmatch(decl, -1) {
			v, _ := strconv.ParseFloat(m[1], 64)
			if m[2] != "px" {
				v *= 15 // the root font size
			}
			if v > 375 {
				t.Errorf("app.css enterprise section: %q is wider than 375 px", strings.TrimSpace(decl))
			}
		}
	}
}

// TestEnterpriseAccountLink: the sysadmin links a new enterprise account
// to its enterprise by credit code; a code outside the registry is refused
// beside the field; the secadmin removes the link.
func TestEnterpriseAccountLink(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		var code string
		if err := e.app.DB.R.QueryRow("SELECT credit_code FROM enterprises WHERE id = $1", f.hehua).Scan(&code); err != nil {
			t.Fatal(err)
		}
		hehua := id(e.unit("PH-HEHUA").ID)
		admin := e.browser().login("admin")
		user := url.Values{"username": {"ent.two"}, "display_name": {"企业联系人二"}, "role": {"enterprise"}, "unit_id": {hehua},
			"password": {testPassword}, "enterprise_code": {"91440307MA5XXXXXX0"}}
		if r := admin.post("/users", user); r.Status != 422 || !strings.Contains(r.Body, `id="enterprise_code-err"`) {
			t.Errorf("unknown code: %d", r.Status)
		}
		user.Set("enterprise_code", strings.ToLower(code))
		if r := admin.post("/users", user); r.Status != 303 {
			t.Fatalf("create: %d %s", r.Status, snippet(r.Body))
		}
		if n := e.count(t, "SELECT count(*) FROM users WHERE username = 'ent.two' AND enterprise_id = $1", f.hehua); n != 1 {
			t.Fatal("not linked")
		}
		tok := e.token("ent.two")
		if r := e.api("GET", "/api/v1/enterprises/"+id(f.hehua), tok, nil); r.Status != 200 {
			t.Errorf("the linked account does not see its enterprise: %d", r.Status)
		}
		if r := e.api("GET", "/api/v1/enterprises/"+id(f.own), tok, nil); r.Status != 404 {
			t.Errorf("the linked account sees another enterprise: %d", r.Status)
		}
		// The secadmin sees the link by name and removes it.
		sec := e.browser().login("secadmin")
		uid := userID(t, e, "ent.two")
		page := sec.get("/users/" + uid)
		if !strings.Contains(page.Body, e.name(t, f.hehua)) || !strings.Contains(page.Body, `value="`+code+`"`) {
			t.Errorf("the account form does not show the link")
		}
		if r := sec.post("/users/"+uid, url.Values{"role": {"enterprise"}, "unit_id": {hehua}, "enterprise_code": {""},
			"enterprise_code_was": {code}}); r.Status != 303 {
			t.Fatalf("unlink: %d %s", r.Status, snippet(r.Body))
		}
		if n := e.count(t, "SELECT count(*) FROM users WHERE username = 'ent.two' AND enterprise_id IS NULL"); n != 1 {
			t.Error("still linked")
		}
		if r := e.api("GET", "/api/v1/enterprises", e.token("ent.two"), nil); !strings.Contains(r.Body, `"total":0`) {
			t.Errorf("an unlinked enterprise account sees: %s", snippet(r.Body))
		}
	})
}
