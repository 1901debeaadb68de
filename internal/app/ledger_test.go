package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/enterprise"
	"pinghu/internal/pii"
	"pinghu/internal/report/ledger"
)

// readLedger opens an exported .xlsx as an import would and returns its
// rows below the title and the header.
func readLedger(t *testing.T, body string) (header []string, rows [][]string) {
	t.Helper()
	wb, err := ledger.ReadXLSX(strings.NewReader(body), ledger.Limits{MaxBytes: 50 << 20})
	if err != nil {
		t.Fatalf("the ledger does not open: %v", err)
	}
	defer wb.Close()
	all, err := wb.Rows("")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 2 {
		t.Fatalf("ledger has %d rows, want a title and a header at least", len(all))
	}
	return all[1], all[2:]
}

// noUnmaskedMobile fails for any cell holding a mobile number in full.
func noUnmaskedMobile(t *testing.T, what string, header []string, rows [][]string) {
	t.Helper()
	for _, c := range header {
		if pii.ContainsUnmaskedMobile(c) {
			t.Errorf("%s: header %q holds a mobile number", what, c)
		}
	}
	for i, r := range rows {
		for j, c := range r {
			if pii.ContainsUnmaskedMobile(c) {
				t.Errorf("%s: row %d, column %d holds a mobile number: %q", what, i+1, j+1, c)
			}
		}
	}
}

// Ledgers open, hold exactly the list's records, mask every mobile number
// (in fields and in text people typed), escape formulas, and carry a UTF-8
// file name; CSV starts with the BOM. Scope applies.
func TestLedgers(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		leader := leaderActor(t, e)
		f := e.facts(t)
		for _, title := range []string{"=1+1", "请回电 13912345678 或 139-1234-5679", "@SUM(A1)"} {
			if _, err := e.app.Appeals.Create(ctx, leader, appeal.Input{EnterpriseID: f.own, Category: "policy",
				Channel: appeal.ChannelHotline, Title: title, Description: "联系人手机 13800138000"}); err != nil {
				t.Fatalf("appeal %q: %v", title, err)
			}
		}
		b := e.browser().login("leader")

		// Appeals: the whole list.
		r := b.get("/ledgers/appeals.xlsx")
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/vnd.openxmlformats") {
			t.Fatalf("appeals.xlsx: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="appeals-`) ||
			!strings.Contains(cd, `filename*=UTF-8''%E8%AF%89%E6%B1%82%E5%8F%B0%E8%B4%A6-`) {
			t.Errorf("Content-Disposition %q", cd)
		}
		header, rows := readLedger(t, r.Body)
		wantHeader := []string{"编号", "企业", "统一社会信用代码", "社区", "类别", "渠道", "标题", "状态", "承办部门", "提交时间",
			"响应时限", "办结时限", "签收时间", "办结时间", "是否超期", "督办", "解决情况", "满意度"}
		if strings.Join(header, ",") != strings.Join(wantHeader, ",") {
			t.Errorf("header %v, want %v", header, wantHeader)
		}
		total, err := e.app.Appeals.List(ctx, leader, appeal.Filter{Page: db.NewPage(1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != total.Total || total.Total < 500 {
			t.Errorf("appeals ledger: %d rows, the list has %d", len(rows), total.Total)
		}
		noUnmaskedMobile(t, "appeals.xlsx", header, rows)
		titles := map[string]bool{}
		for _, row := range rows {
			titles[row[6]] = true
		}
		for _, want := range []string{"'=1+1", "'@SUM(A1)", "请回电 139****5678 或 139-****-5679"} {
			if !titles[want] {
				t.Errorf("no title %q in the ledger", want)
			}
		}
		if titles["=1+1"] {
			t.Errorf("a formula came out unescaped")
		}

		// CSV: BOM, the same rows, nothing unmasked.
		csv := b.get("/ledgers/appeals.csv")
		if !strings.HasPrefix(csv.Body, "\ufeff编号,") || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("CSV starts %q, type %s", snippet(csv.Body)[:20], csv.Header.Get("Content-Type"))
		}
		if n := strings.Count(csv.Body, "\r\n") - 1; n != total.Total {
			t.Errorf("appeals.csv: %d rows, want %d", n, total.Total)
		}
		if pii.ContainsUnmaskedMobile(csv.Body) {
			t.Errorf("appeals.csv holds a mobile number in full")
		}
		if !strings.Contains(csv.Body, ",'=1+1,") {
			t.Errorf("appeals.csv: formula not escaped")
		}

		// A drill-down ledger holds the figure's appeals.
		_, resolved := readLedger(t, b.get("/ledgers/appeals.xlsx?figure=appeals_resolved&"+visitWeek).Body)
		if len(resolved) != 317 {
			t.Errorf("resolved in the visiting week: %d rows, want 317", len(resolved))
		}

		// Enterprises: the registry with phones masked.
		r = b.get("/ledgers/enterprises.xlsx")
		header, rows = readLedger(t, r.Body)
		ents, err := e.app.Enterprises.List(ctx, leader, enterprise.Filter{Page: db.NewPage(1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != ents.Total {
			t.Errorf("enterprises ledger: %d rows, the list has %d", len(rows), ents.Total)
		}
		noUnmaskedMobile(t, "enterprises.xlsx", header, rows)
		phone := -1
		for i, h := range header {
			if strings.HasPrefix(h, "联系电话") {
				phone = i
			}
		}
		masked := regexp.MustCompile(`^1\d\d\*{4}\d{4}$`)
		withPhone := 0
		for _, row := range rows {
			if phone < len(row) && row[phone] != "" {
				withPhone++
				if !masked.MatchString(row[phone]) {
					t.Errorf("phone %q is not masked as 138****1234", row[phone])
				}
			}
		}
		if withPhone == 0 {
			t.Errorf("no enterprise has a contact phone in the ledger")
		}
		_, above := readLedger(t, b.get("/ledgers/enterprises.xlsx?above_scale=true").Body)
		if len(above) != 324 {
			t.Errorf("above-scale ledger: %d rows, want 324", len(above))
		}
		if csv := b.get("/ledgers/enterprises.csv"); !strings.HasPrefix(csv.Body, "\ufeff") || pii.ContainsUnmaskedMobile(csv.Body) {
			t.Errorf("enterprises.csv: no BOM or a mobile number in full")
		}

		// Visits of the visiting week.
		header, rows = readLedger(t, b.get("/ledgers/visits.xlsx?from=2022-05-26&to=2022-05-31").Body)
		if len(rows) != 324 {
			t.Errorf("visits ledger: %d rows, want 324", len(rows))
		}
		noUnmaskedMobile(t, "visits.xlsx", header, rows)

		// Scope: a community's ledger is its community's list.
		community := e.browser().login("community")
		_, mine := readLedger(t, community.get("/ledgers/appeals.xlsx").Body)
		var cActor = actorOf(t, e, "community")
		own, err := e.app.Appeals.List(ctx, cActor, appeal.Filter{Page: db.NewPage(1, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != own.Total || own.Total == 0 || own.Total >= total.Total {
			t.Errorf("community ledger: %d rows, its list %d, the leader's %d", len(mine), own.Total, total.Total)
		}
		for _, row := range mine {
			if row[3] != "禾花社区" {
				t.Errorf("community ledger holds an appeal of %s", row[3])
				break
			}
		}
		// A refused filter is refused, not ignored.
		if r := b.get("/ledgers/appeals.xlsx?figure=nonsense"); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("unknown figure: %d", r.Status)
		}
	})
}

func actorOf(t *testing.T, e *env, username string) access.Actor {
	t.Helper()
	a, _, err := e.app.Accounts.Authenticate(context.Background(), e.token(username), "api")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// importFile builds an import workbook of the template's header and rows.
func importFile(t *testing.T, rows [][]string) []byte {
	t.Helper()
	headers := []string{"企业名称", "统一社会信用代码", "所属社区", "地址", "行业门类", "规上工业", "百强", "状态"}
	s := ledger.Template(headers, nil)
	for _, r := range rows {
		row := make([]any, len(r))
		for i, c := range r {
			row[i] = c
		}
		s.Rows = append(s.Rows, row)
	}
	var buf bytes.Buffer
	if err := ledger.WriteXLSX(&buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// upload posts a file to the import form.
func (b *browser) upload(path string, file []byte) resp {
	b.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", "企业.xlsx")
	if err != nil {
		b.e.t.Fatal(err)
	}
	_, _ = part.Write(file)
	_ = w.Close()
	req, _ := http.NewRequest("POST", b.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return resp{Status: res.StatusCode, Header: res.Header, Body: string(data)}
}

// creditCode makes the i-th valid test credit code.
func creditCode(t *testing.T, i int) string {
	t.Helper()
	c, err := pii.MakeCreditCode(fmt.Sprintf("91440300MA%07d", i))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// An import of 10,000 rows with one bad row writes nothing and names the
// row, its column and the reason; a good import registers every row in
// one go, with an audit record each; the template's example row, a
// duplicate and an unknown community are refused; only leaders and the
// office may import.
func TestEnterpriseImport(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		b := e.browser().login("leader")
		count := func() int { return e.count(t, "SELECT count(*) FROM enterprises") }
		before := count()
		audits := e.count(t, "SELECT count(*) FROM audit_log")

		if r := b.get("/enterprises/import"); r.Status != http.StatusOK || !strings.Contains(r.Body, "/enterprises/import/template.xlsx") {
			t.Fatalf("import form: %d", r.Status)
		}
		tpl := b.get("/enterprises/import/template.xlsx")
		header, example := readTemplate(t, tpl.Body)
		if strings.Join(header, ",") != "企业名称,统一社会信用代码,所属社区,地址,行业门类,规上工业,百强,状态" || len(example) != 1 {
			t.Fatalf("template: %v %v", header, example)
		}
		// The template as downloaded: its example row is refused.
		if r := b.upload("/enterprises/import", []byte(tpl.Body)); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "示例行") {
			t.Errorf("unchanged template: %d %s", r.Status, snippet(r.Body))
		}

		// 10,000 rows, one of them bad.
		const n, bad = 10000, 6543
		rows := make([][]string, n)
		for i := range rows {
			rows[i] = []string{fmt.Sprintf("导入测试企业%05d有限公司", i), creditCode(t, i), "平湖社区", "平湖街道", "C", "是", "否", "在营"}
		}
		good := rows[bad][1]
		rows[bad][1] = good[:17] + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[(strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", good[17])+1)%31])
		r := b.upload("/enterprises/import?lang=zh-Hans", importFile(t, rows))
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("one bad row: %d %s", r.Status, snippet(r.Body))
		}
		row := strconv.Itoa(bad + 2) // the header is row 1
		if !regexp.MustCompile(`<td class="num">` + row + `</td><td>统一社会信用代码</td><td class="wrap">[^<]*校验`).MatchString(r.Body) {
			t.Errorf("the report does not name row %s, its column and the reason: %s", row, problemsOf(r.Body))
		}
		if strings.Count(r.Body, `<td class="num">`) != 1 {
			t.Errorf("want exactly one problem: %s", problemsOf(r.Body))
		}
		if got := count(); got != before {
			t.Fatalf("a refused import wrote %d enterprises", got-before)
		}

		// The same file corrected goes in whole.
		rows[bad][1] = good
		big := b.upload("/enterprises/import?lang=zh-Hans", importFile(t, rows))
		if big.Status != http.StatusOK || !strings.Contains(big.Body, "已登记 10000 家企业") {
			t.Fatalf("10,000 good rows: %d %s", big.Status, problemsOf(big.Body))
		}
		if got := count(); got != before+n {
			t.Fatalf("%d enterprises registered, want %d", got-before, n)
		}
		if got := e.count(t, "SELECT count(*) FROM audit_log WHERE action = 'enterprise.import'"); got != n {
			t.Errorf("%d import audit records, want one per enterprise (%d)", got, n)
		}

		// A few rows with every field, checked one by one.
		few := [][]string{
			{"平湖新材料有限公司", creditCode(t, 20001), "禾花社区", "禾花路 8 号", "制造业", "是", "是", "在营"},
			{"平湖软件有限公司", creditCode(t, 20002), "凤凰社区", "", "I", "否", "", ""},
			{"平湖物流有限公司", creditCode(t, 20003), "新南社区", "新南大道", "Transport, storage and postal services", "", "否", "已迁出"},
		}
		if r := b.upload("/enterprises/import", importFile(t, few)); r.Status != http.StatusOK {
			t.Fatalf("a few rows: %d %s", r.Status, problemsOf(r.Body))
		}
		var name, community, industry, status string
		var aboveScale, top100 bool
		err := e.app.DB.R.QueryRow(`SELECT e.name, c.name, e.industry, e.above_scale, e.top100, e.status FROM enterprises e
			JOIN units c ON c.id = e.community_id WHERE e.credit_code = $1`, few[0][1]).Scan(&name, &community, &industry, &aboveScale, &top100, &status)
		if err != nil || name != few[0][0] || community != "禾花社区" || industry != "C" || !aboveScale || !top100 || status != "operating" {
			t.Errorf("first row stored as %s %s %s %v %v %s (%v)", name, community, industry, aboveScale, top100, status, err)
		}
		if err := e.app.DB.R.QueryRow("SELECT industry, status FROM enterprises WHERE credit_code = $1", few[2][1]).Scan(&industry, &status); err != nil ||
			industry != "G" || status != "moved_out" {
			t.Errorf("third row stored as %s %s (%v)", industry, status, err)
		}
		if got := e.count(t, "SELECT count(*) FROM audit_log"); got != audits+n+3 {
			t.Errorf("%d audit records written, want %d", got-audits, n+3)
		}

		// Problems of every kind, all reported at once; nothing written.
		mixed := [][]string{
			{"重复企业甲", creditCode(t, 30001), "平湖社区", "", "", "", "", ""},
			{"重复企业乙", creditCode(t, 30001), "平湖社区", "", "", "", "", ""},
			{"已登记企业", few[1][1], "平湖社区", "", "", "", "", ""},
			{"外社区企业", creditCode(t, 30002), "不存在社区", "", "Z", "也许", "否", "倒闭"},
			{"", "", "", "", "", "", "", ""},
			{"", creditCode(t, 30003), "平湖社区", "", "", "", "", ""},
		}
		before = count()
		r = b.upload("/enterprises/import?lang=zh-Hans", importFile(t, mixed))
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("mixed: %d", r.Status)
		}
		for _, want := range []string{"文件中前面的行重复", "该统一社会信用代码已登记", "没有该名称的社区", "无法识别的行业门类", "请填写“是”或“否”", "无法识别的状态", "此项必填"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("mixed import: no %q in %s", want, problemsOf(r.Body))
			}
		}
		if count() != before {
			t.Errorf("a refused import wrote")
		}

		// Not a spreadsheet, and nobody but leaders and the office.
		if r := b.upload("/enterprises/import", []byte("名称,代码\n甲,乙\n")); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("a CSV upload: %d", r.Status)
		}
		for _, who := range []string{"community", "dept", "specialist", "enterprise", "admin"} {
			c := e.browser().login(who)
			if r := c.get("/enterprises/import"); r.Status != http.StatusNotFound {
				t.Errorf("%s import form: %d", who, r.Status)
			}
			if r := c.upload("/enterprises/import", importFile(t, few)); r.Status != http.StatusNotFound {
				t.Errorf("%s import: %d", who, r.Status)
			}
		}
		if r := e.browser().login("office").get("/enterprises/import"); r.Status != http.StatusOK {
			t.Errorf("office import form: %d", r.Status)
		}
	})
}

func readTemplate(t *testing.T, body string) ([]string, [][]string) {
	t.Helper()
	wb, err := ledger.ReadXLSX(strings.NewReader(body), ledger.Limits{})
	if err != nil {
		t.Fatalf("template does not open: %v", err)
	}
	defer wb.Close()
	rows, err := wb.Rows("")
	if err != nil || len(rows) == 0 {
		t.Fatalf("template rows: %v", err)
	}
	return rows[0], rows[1:]
}

// problemsOf is the problem table of an import page, for messages.
func problemsOf(body string) string {
	i := strings.Index(body, "<tbody>")
	if i < 0 {
		return snippet(body)
	}
	return snippet(body[i:])
}
