package enterprise_test

import (
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
	"pinghu/internal/pii"
)

// visit is a valid visit input for enterprise id, dated today.
func (e *env) visit(id int64, people ...enterprise.Person) enterprise.VisitInput {
	if len(people) == 0 {
		people = []enterprise.Person{{UserID: e.f.spec1.ID}}
	}
	return enterprise.VisitInput{EnterpriseID: id, Date: "2022-05-26", Form: enterprise.OnSite, Findings: "企业反映用电紧张", People: people}
}

func TestRecordVisit(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c1)
		e.assign(x.ID, f.leader.ID, f.d1.ID, f.spec1.ID)
		seq := e.auditSeq()
		in := e.visit(x.ID, enterprise.Person{UserID: f.leader.ID, Name: "whatever the form said"}, enterprise.Person{Name: " 社区书记 "},
			enterprise.Person{UserID: f.spec1.ID}, enterprise.Person{UserID: f.leader.ID})
		in.Date = " 2022-05-26 "
		in.Findings = " 企业反映用电紧张，联系人手机 13800138000 "
		v, err := e.svc.RecordVisit(e.ctx, e.as(f.spec1), in)
		if err != nil {
			t.Fatal(err)
		}
		// Accounts are named by their display name and listed once; the
		// order is by name, the same on both databases.
		wantPeople := []enterprise.Person{{UserID: f.leader.ID, Name: f.leader.DisplayName}, {UserID: f.spec1.ID, Name: f.spec1.DisplayName}, {Name: "社区书记"}}
		if v.ID == 0 || v.EnterpriseID != x.ID || v.EnterpriseName != x.Name || v.Date != "2022-05-26" || v.Form != enterprise.OnSite ||
			v.Findings != "企业反映用电紧张，联系人手机 13800138000" || !slices.Equal(v.People, wantPeople) || v.CreatedBy != f.spec1.ID || !v.CreatedAt.Equal(start) ||
			len(v.Attachments) != 0 {
			t.Errorf("recorded %+v", v)
		}
		read, err := e.svc.GetVisit(e.ctx, e.as(f.comm1), v.ID)
		if err != nil || read.ID != v.ID || !slices.Equal(read.People, v.People) || read.Date != v.Date || !read.CreatedAt.Equal(v.CreatedAt) {
			t.Errorf("read back %+v, %v", read, err)
		}
		// The audit log proves the findings by hash without repeating a
		// phone number typed into them.
		if recs := e.records(seq); len(recs) != 1 || recs[0].Action != "visit.create" || recs[0].Entity != "visit" ||
			pii.ContainsUnmaskedMobile(recs[0].After) || !strings.Contains(recs[0].After, `"findings_sha256":"`) ||
			!strings.Contains(recs[0].After, f.spec1.DisplayName) {
			t.Errorf("audit %+v", recs)
		}
		if in.People[1].Name != " 社区书记 " {
			t.Errorf("the caller's people were changed: %+v", in.People)
		}
	})
}

func TestRecordVisitWho(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c1) // specialist 1, department 1
		y := e.create("乙公司", f.c2) // specialist 2
		e.assign(x.ID, f.leader.ID, f.d1.ID, f.spec1.ID)
		e.assign(y.ID, f.leader.ID, f.d2.ID, f.spec2.ID)
		cases := []struct {
			name  string
			actor access.Actor
			at    int64
			ok    bool
		}{
			{"specialist, own enterprise", e.as(f.spec1), x.ID, true},
			{"specialist, another's enterprise", e.as(f.spec1), y.ID, false},
			{"community, its own", e.as(f.comm1), x.ID, true},
			{"community, another community's", e.as(f.comm1), y.ID, false},
			{"leader", e.as(f.leader), y.ID, true},
			{"office", e.as(f.office), x.ID, true},
			{"another sub-district's leader", e.as(f.leader2), x.ID, false},
			// A department sees its enterprise but does not record visits.
			{"department, its enterprise", e.as(f.dept1), x.ID, false},
			{"the enterprise itself", e.asEnterprise(x.ID), x.ID, false},
			{"expert", e.as(f.expert), x.ID, false},
			{"sysadmin", e.as(f.sysadmin), x.ID, false},
			{"unknown enterprise", e.as(f.leader), 99999, false},
		}
		for _, c := range cases {
			before := e.counts()
			_, err := e.svc.RecordVisit(e.ctx, c.actor, e.visit(c.at))
			if c.ok && err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			if !c.ok {
				wantNotFound(t, c.name, err)
				if after := e.counts(); after != before {
					t.Errorf("%s: wrote %s → %s", c.name, before, after)
				}
			}
		}
	})
}

func TestRecordVisitInvalid(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c1)
		// 01:00 on 27 May in Pinghu, still the 26th in UTC: "today" is
		// the sub-district's day.
		e.clock.Set(time.Date(2022, 5, 26, 17, 0, 0, 0, time.UTC))
		cases := []struct {
			name string
			edit func(in *enterprise.VisitInput)
			want map[string]string
		}{
			{"tomorrow", func(in *enterprise.VisitInput) { in.Date = "2022-05-28" }, map[string]string{"date": "err.visit_date_future"}},
			{"next year", func(in *enterprise.VisitInput) { in.Date = "2023-01-01" }, map[string]string{"date": "err.visit_date_future"}},
			{"no date", func(in *enterprise.VisitInput) { in.Date = "" }, map[string]string{"date": "err.bad_date"}},
			{"no such day", func(in *enterprise.VisitInput) { in.Date = "2022-02-30" }, map[string]string{"date": "err.bad_date"}},
			{"another format", func(in *enterprise.VisitInput) { in.Date = "26/05/2022" }, map[string]string{"date": "err.bad_date"}},
			{"a time too", func(in *enterprise.VisitInput) { in.Date = "2022-05-26T10:00:00" }, map[string]string{"date": "err.bad_date"}},
			{"before 2000", func(in *enterprise.VisitInput) { in.Date = "1999-12-31" }, map[string]string{"date": "err.visit_date_old"}},
			{"unknown form", func(in *enterprise.VisitInput) { in.Form = "wechat" }, map[string]string{"form": "err.visit_form"}},
			{"no form", func(in *enterprise.VisitInput) { in.Form = "" }, map[string]string{"form": "err.visit_form"}},
			{"nobody went", func(in *enterprise.VisitInput) { in.People = nil }, map[string]string{"people": "err.visit_people"}},
			{"a person without a name", func(in *enterprise.VisitInput) { in.People = append(in.People, enterprise.Person{Name: " "}) },
				map[string]string{"people": "err.visit_person_name"}},
			{"an unknown account", func(in *enterprise.VisitInput) { in.People = []enterprise.Person{{UserID: 99999}} },
				map[string]string{"people": "err.visit_person_unknown"}},
			{"a negative account", func(in *enterprise.VisitInput) { in.People = []enterprise.Person{{UserID: -3, Name: "x"}} },
				map[string]string{"people": "err.visit_person_unknown"}},
			// An account out of the actor's scope is refused like an
			// unknown one: a visit may not name it, nor show its name.
			{"another sub-district's leader", func(in *enterprise.VisitInput) { in.People = []enterprise.Person{{UserID: f.leader2.ID}} },
				map[string]string{"people": "err.visit_person_unknown"}},
			{"an account at the root", func(in *enterprise.VisitInput) { in.People = []enterprise.Person{{UserID: f.secadmin.ID}} },
				map[string]string{"people": "err.visit_person_unknown"}},
			{"a name too long", func(in *enterprise.VisitInput) {
				in.People = []enterprise.Person{{Name: strings.Repeat("名", enterprise.MaxPersonName+1)}}
			}, map[string]string{"people": "err.too_long"}},
			{"too many people", func(in *enterprise.VisitInput) {
				in.People = nil
				for range enterprise.MaxPeople + 1 {
					in.People = append(in.People, enterprise.Person{Name: "干部"})
				}
			}, map[string]string{"people": "err.visit_people_too_many"}},
			{"findings too long", func(in *enterprise.VisitInput) { in.Findings = strings.Repeat("字", enterprise.MaxFindings+1) },
				map[string]string{"findings": "err.too_long"}},
			{"no enterprise", func(in *enterprise.VisitInput) { in.EnterpriseID = 0 }, map[string]string{"enterprise_id": "err.required"}},
			{"everything wrong", func(in *enterprise.VisitInput) {
				*in = enterprise.VisitInput{EnterpriseID: x.ID, Date: "2099-01-01", Form: "x", Photos: []enterprise.Upload{{Data: []byte("GIF89a")}}}
			}, map[string]string{"date": "err.visit_date_future", "form": "err.visit_form", "people": "err.visit_people", "photos": "err.attachment_type"}},
		}
		for _, c := range cases {
			in := e.visit(x.ID)
			c.edit(&in)
			before := e.counts()
			_, err := e.svc.RecordVisit(e.ctx, e.as(f.leader), in)
			wantFields(t, c.name, err, c.want)
			if after := e.counts(); after != before {
				t.Errorf("%s: wrote %s → %s", c.name, before, after)
			}
		}
		// The sub-district's today, though UTC is still on the 26th.
		in := e.visit(x.ID)
		in.Date = "2022-05-27"
		if _, err := e.svc.RecordVisit(e.ctx, e.as(f.leader), in); err != nil {
			t.Errorf("today in Pinghu: %v", err)
		}
		in.Date = "2000-01-01"
		if _, err := e.svc.RecordVisit(e.ctx, e.as(f.leader), in); err != nil {
			t.Errorf("the first accepted day: %v", err)
		}
		// A community names the enterprise's 四个一 specialist, whose unit
		// is the sub-district's, but not another community's account.
		e.assign(x.ID, f.leader.ID, f.d1.ID, f.spec1.ID)
		in = e.visit(x.ID, enterprise.Person{UserID: f.comm1.ID}, enterprise.Person{UserID: f.spec1.ID})
		if _, err := e.svc.RecordVisit(e.ctx, e.as(f.comm1), in); err != nil {
			t.Errorf("a community with the enterprise's specialist: %v", err)
		}
		before := e.counts()
		_, err := e.svc.RecordVisit(e.ctx, e.as(f.comm1), e.visit(x.ID, enterprise.Person{UserID: f.comm2.ID}))
		wantFields(t, "a community naming another community's account", err, map[string]string{"people": "err.visit_person_unknown"})
		if after := e.counts(); after != before {
			t.Errorf("a refused visit wrote %s → %s", before, after)
		}
		// Bad input to an enterprise out of scope is still not found:
		// validation says nothing about records one cannot see.
		in = e.visit(x.ID)
		in.Date = "bad"
		_, err = e.svc.RecordVisit(e.ctx, e.as(f.spec2), in)
		wantNotFound(t, "bad input, out of scope", err)
	})
}

// TestRecordVisitTx: the variant for the appeal module joins the
// caller's transaction, so the caller's failure undoes the visit.
func TestRecordVisitTx(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		x := e.create("甲公司", e.f.c1)
		before := e.counts()
		boom := errors.New("the appeal after it failed")
		err := e.inTx(func(tx *sql.Tx) error {
			in := e.visit(x.ID)
			in.Photos = []enterprise.Upload{{Filename: "a.png", Data: png()}}
			if _, err := e.svc.RecordVisitTx(e.ctx, tx, e.as(e.f.leader), in); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("tx: %v", err)
		}
		if after := e.counts(); after != before {
			t.Errorf("a rolled-back visit left %s → %s", before, after)
		}
		var v enterprise.Visit
		err = e.inTx(func(tx *sql.Tx) (err error) {
			v, err = e.svc.RecordVisitTx(e.ctx, tx, e.as(e.f.leader), e.visit(x.ID))
			return err
		})
		if err != nil || v.ID == 0 {
			t.Fatalf("committed: %+v, %v", v, err)
		}
		if _, err := e.svc.GetVisit(e.ctx, e.as(e.f.leader), v.ID); err != nil {
			t.Errorf("read back: %v", err)
		}
	})
}

func TestListVisits(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x, y := e.create("甲公司", f.c1), e.create("乙公司", f.c2)
		e.clock.Set(time.Date(2022, 7, 1, 2, 0, 0, 0, time.UTC))
		var ids []int64
		for _, c := range []struct {
			at   int64
			date string
		}{{x.ID, "2022-05-26"}, {y.ID, "2022-05-27"}, {x.ID, "2022-05-31"}, {y.ID, "2022-06-15"}, {x.ID, "2022-05-27"}} {
			in := e.visit(c.at)
			in.Date = c.date
			v, err := e.svc.RecordVisit(e.ctx, e.as(f.leader), in)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, v.ID)
		}
		cases := []struct {
			name  string
			f     enterprise.VisitFilter
			want  []int64
			total int
		}{
			{"all, latest first", enterprise.VisitFilter{}, []int64{ids[3], ids[2], ids[4], ids[1], ids[0]}, 5},
			{"the week of the visits", enterprise.VisitFilter{From: "2022-05-26", To: "2022-05-31"}, []int64{ids[2], ids[4], ids[1], ids[0]}, 4},
			{"from only", enterprise.VisitFilter{From: "2022-05-31"}, []int64{ids[3], ids[2]}, 2},
			{"to only", enterprise.VisitFilter{To: "2022-05-26"}, []int64{ids[0]}, 1},
			{"one enterprise", enterprise.VisitFilter{EnterpriseID: y.ID}, []int64{ids[3], ids[1]}, 2},
			{"one community", enterprise.VisitFilter{CommunityID: f.c1.ID}, []int64{ids[2], ids[4], ids[0]}, 3},
			{"page 2 of 2", enterprise.VisitFilter{Page: db.NewPage(2, 3)}, []int64{ids[1], ids[0]}, 5},
			{"nothing", enterprise.VisitFilter{From: "2023-01-01"}, []int64{}, 0},
		}
		for _, c := range cases {
			got, err := e.svc.ListVisits(e.ctx, e.as(f.leader), c.f)
			var gotIDs []int64
			for _, v := range got.Items {
				gotIDs = append(gotIDs, v.ID)
				if len(v.People) != 1 || v.People[0].UserID != f.spec1.ID {
					t.Errorf("%s: visit %d people %+v", c.name, v.ID, v.People)
				}
			}
			if err != nil || !slices.Equal(gotIDs, c.want) && len(c.want)+len(gotIDs) > 0 || got.Total != c.total {
				t.Errorf("%s: %v (total %d), %v; want %v (total %d)", c.name, gotIDs, got.Total, err, c.want, c.total)
			}
		}
		_, err := e.svc.ListVisits(e.ctx, e.as(f.leader), enterprise.VisitFilter{From: "May", To: "2022-13-01"})
		wantFields(t, "bad dates", err, map[string]string{"from": "err.bad_date", "to": "err.bad_date"})
	})
}
