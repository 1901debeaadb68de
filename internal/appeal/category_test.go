package appeal_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/calendar"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

func TestCategories(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cats, err := e.svc.Categories(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, c := range cats {
			codes = append(codes, c.Code)
			if !c.Active || !c.Response.Valid() || !c.Resolution.Valid() || c.Name == "" || c.NameEn == "" {
				t.Errorf("shipped category %+v", c)
			}
		}
		if got := strings.Join(codes, " "); got != "policy space_land financing talent_housing permits infrastructure labour other" {
			t.Errorf("categories in order: %s", got)
		}
		if cats[0].Response != (calendar.Limit{N: 24, Unit: calendar.Hours}) || cats[1].Resolution != (calendar.Limit{N: 3, Unit: calendar.Workdays}) {
			t.Errorf("shipped limits: %+v, %+v", cats[0], cats[1])
		}
	})
}

func TestUpdateCategory(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		old := e.create(e.leader, in(e.E1)) // space_land: 3 working days
		records := e.count("SELECT count(*) FROM audit_log")
		c, err := e.svc.UpdateCategory(e.ctx, e.office, "space_land", appeal.CategoryInput{Name: ptr(" 空间与用地 "),
			Resolution: &calendar.Limit{N: 5, Unit: calendar.Workdays}, SortOrder: ptr(20)})
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != "空间与用地" || c.NameEn != "Space and land" || c.Resolution.N != 5 || c.Response.N != 1 || c.SortOrder != 20 || !c.Active {
			t.Errorf("updated %+v", c)
		}
		recs := e.auditSince(records)
		if len(recs) != 1 || recs[0].Action != "appeal_category.update" || recs[0].EntityID != "space_land" ||
			!strings.Contains(recs[0].Before, `"n":3`) || !strings.Contains(recs[0].After, `"n":5`) {
			t.Errorf("audit %+v", recs)
		}
		// The new limit applies to appeals raised from now on only.
		p := e.create(e.leader, in(e.E1)) // Monday 23 May: 5 working days end on Monday 30 May
		if p.ResolutionDueAt != endOf("2022-05-30") {
			t.Errorf("new appeal due %s", p.ResolutionDueAt)
		}
		if got, _ := e.svc.Get(e.ctx, e.leader, old.ID); got.ResolutionDueAt != old.ResolutionDueAt {
			t.Errorf("an earlier appeal's deadline moved: %s → %s", old.ResolutionDueAt, got.ResolutionDueAt)
		}
		// A leader deactivates one; it stays listed.
		if c, err := e.svc.UpdateCategory(e.ctx, e.leader, "labour", appeal.CategoryInput{Active: ptr(false)}); err != nil || c.Active {
			t.Errorf("deactivate: %+v, %v", c, err)
		}
		cats, _ := e.svc.Categories(e.ctx)
		if len(cats) != 8 {
			t.Errorf("%d categories listed after deactivating one", len(cats))
		}

		type fields = map[string]string
		refused := []struct {
			name  string
			actor access.Actor
			code  string
			in    appeal.CategoryInput
			code2 errs.Code
			want  fields
		}{
			{"a department", e.dept1, "policy", appeal.CategoryInput{Name: ptr("x")}, errs.NotFound, nil},
			{"a community", e.comm1, "policy", appeal.CategoryInput{Name: ptr("x")}, errs.NotFound, nil},
			{"an enterprise", e.ent1, "policy", appeal.CategoryInput{Name: ptr("x")}, errs.NotFound, nil},
			{"the sysadmin", e.sysadmin, "policy", appeal.CategoryInput{Name: ptr("x")}, errs.NotFound, nil},
			{"a leader without a scope", func() access.Actor { a := e.leader; a.ScopePath = ""; return a }(), "policy",
				appeal.CategoryInput{Name: ptr("x")}, errs.NotFound, nil},
			{"an unknown code", e.leader, "tax", appeal.CategoryInput{Name: ptr("x")}, errs.NotFound, nil},
			{"blank names", e.leader, "policy", appeal.CategoryInput{Name: ptr(" "), NameEn: ptr("")}, errs.Invalid,
				fields{"name": "err.required", "name_en": "err.required"}},
			{"long names", e.leader, "policy", appeal.CategoryInput{Name: ptr(strings.Repeat("名", 21)), NameEn: ptr(strings.Repeat("n", 61))},
				errs.Invalid, fields{"name": "err.too_long", "name_en": "err.too_long"}},
			{"bad limits", e.leader, "policy", appeal.CategoryInput{Response: &calendar.Limit{N: 0, Unit: calendar.Hours},
				Resolution: &calendar.Limit{N: 3, Unit: "weeks"}}, errs.Invalid,
				fields{"response": "err.appeal_limit", "resolution": "err.appeal_limit"}},
			{"a limit too large", e.leader, "policy", appeal.CategoryInput{Resolution: &calendar.Limit{N: 1001, Unit: calendar.Hours}},
				errs.Invalid, fields{"resolution": "err.appeal_limit"}},
			{"response longer than resolution", e.leader, "other", appeal.CategoryInput{Response: &calendar.Limit{N: 4, Unit: calendar.Workdays}},
				errs.Invalid, fields{"response": "err.appeal_limit_order"}},
			{"sort order out of range", e.leader, "other", appeal.CategoryInput{SortOrder: ptr(100001)},
				errs.Invalid, fields{"sort_order": "err.out_of_range"}},
		}
		for _, r := range refused {
			before := e.categoryRows() + e.written()
			c, err := e.svc.UpdateCategory(e.ctx, r.actor, r.code, r.in)
			wantCode(t, r.name, err, r.code2, r.want)
			if c != (appeal.Category{}) {
				t.Errorf("%s: returned %+v", r.name, c)
			}
			if after := e.categoryRows() + e.written(); after != before {
				t.Errorf("%s: a refused update wrote something", r.name)
			}
		}
	})
}

// categoryRows is the dictionary as stored, for comparisons.
func (e *env) categoryRows() string {
	e.t.Helper()
	cats, err := e.svc.Categories(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range cats {
		b.WriteString(strings.Join([]string{c.Code, c.Name, c.NameEn, strconv.Itoa(c.Response.N), string(c.Response.Unit),
			strconv.Itoa(c.Resolution.N), string(c.Resolution.Unit), strconv.Itoa(c.SortOrder), strconv.FormatBool(c.Active)}, "|"))
		b.WriteString("\n")
	}
	return b.String()
}

// TestCatalogHasEveryKey: every message key this package uses, and every
// state, action, channel, rating, exclusion reason, figure and breakdown a
// page will name, is in both catalogs.
func TestCatalogHasEveryKey(t *testing.T) {
	cat := i18n.MustLoad()
	keys := map[string]bool{}
	files, _ := filepath.Glob("*.go")
	literal := regexp.MustCompile(`^"(err\.[a-z0-9_.]+)"$`)
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if m := literal.FindStringSubmatch(lit.Value); m != nil && !strings.HasSuffix(m[1], ".") {
					keys[m[1]] = true
				}
			}
			return true
		})
	}
	if len(keys) < 25 {
		t.Fatalf("found only %d keys: the scan is broken", len(keys))
	}
	for _, s := range appeal.States {
		keys["appeal.state."+string(s)] = true
	}
	for _, a := range append(appeal.Actions, appeal.Submit) {
		keys["appeal.action."+string(a)] = true
		keys["audit.action.appeal."+string(a)] = a != appeal.Submit
	}
	keys["audit.action.appeal.create"] = true
	keys["audit.action.appeal_category.update"] = true
	for _, c := range appeal.Channels {
		keys["appeal.channel."+string(c)] = true
	}
	for _, s := range appeal.SolvedValues {
		keys["appeal.solved."+string(s)] = true
	}
	for _, s := range appeal.Satisfactions {
		keys["appeal.satisfaction."+string(s)] = true
	}
	for _, r := range appeal.RejectReasons {
		keys["appeal.reject_reason."+string(r)] = true
	}
	for _, by := range []string{appeal.ByCommunity, appeal.ByDepartment, appeal.ByCategory, appeal.ByWeek} {
		keys["appeal.by."+by] = true
	}
	for _, s := range appeal.SortKeys {
		keys["appeal.sort."+s] = true
	}
	figures := []string{appeal.FigureAboveScale, appeal.FigureVisited, appeal.FigureCollected, appeal.FigureResolved,
		appeal.FigureInProgress, appeal.FigureRejected, appeal.FigureOverdue, appeal.FigureResponseDue,
		appeal.FigureRespondedInTime, appeal.FigureResolvedOnTime, appeal.FigureRated, appeal.FigureRatedSolved,
		appeal.FigureRatedSatisfied}
	for rate := range appeal.Rates {
		figures = append(figures, rate)
	}
	for _, fig := range figures {
		keys["appeal.figure."+fig] = true
		keys["appeal.figure."+fig+".help"] = true
	}
	for k, need := range keys {
		if !need {
			continue
		}
		for _, lang := range []string{i18n.Hans, i18n.En} {
			if !cat.Has(lang, k) {
				t.Errorf("%s lacks %s", lang, k)
			}
		}
	}
}
