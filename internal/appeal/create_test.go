package appeal_test

import (
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

func TestCreate(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		visit := e.visit(e.E1, "2022-05-23")
		cases := []struct {
			name       string
			actor      access.Actor
			in         appeal.Input
			department int64 // the department expected
			visit      int64
		}{
			{"the enterprise itself, online", e.ent1,
				appeal.Input{EnterpriseID: e.E1, Category: "financing", Channel: appeal.ChannelOnline, Title: " 申请贴息贷款 "},
				e.D1.ID, 0},
			{"its specialist, on a visit", e.spec1,
				appeal.Input{EnterpriseID: e.E1, Category: "permits", Channel: appeal.ChannelVisit, Title: "环评审批", VisitID: &visit},
				e.D1.ID, visit},
			{"its specialist, another of its enterprises", e.spec1, in(e.E3), e.D1.ID, 0},
			{"its community", e.comm1, in(e.E2), e.D2.ID, 0},
			{"a leader, naming another department", e.leader,
				func() appeal.Input { x := in(e.E1); x.DepartmentID = &e.D2.ID; return x }(), e.D2.ID, 0},
			{"the office, for an enterprise without a department", e.office, in(e.E4), 0, 0},
			{"the office, a visit-channel appeal without a recorded visit", e.office,
				func() appeal.Input { x := in(e.E2); x.Channel = appeal.ChannelVisit; return x }(), e.D2.ID, 0},
			{"the longest title and description", e.leader,
				func() appeal.Input {
					x := in(e.E2)
					x.Title, x.Description = strings.Repeat("湖", appeal.MaxTitle), strings.Repeat("述", appeal.MaxDescription)
					return x
				}(), e.D2.ID, 0},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				e.t = t
				e.clock.Advance(time.Minute)
				events, records := e.count("SELECT count(*) FROM appeal_events"), e.count("SELECT count(*) FROM audit_log")
				p := e.create(c.actor, c.in)
				now := e.clock.Now()
				if p.ID <= 0 || p.State != appeal.Submitted || p.EnterpriseID != c.in.EnterpriseID ||
					p.DepartmentID != c.department || p.VisitID != c.visit || p.CreatedBy != c.actor.UserID ||
					p.Title != strings.TrimSpace(c.in.Title) || p.Channel != c.in.Channel || p.Category != c.in.Category {
					t.Errorf("created %+v from %+v", p, c.in)
				}
				if !p.SubmittedAt.Equal(now) || !p.UpdatedAt.Equal(now) || !p.AcceptedAt.IsZero() || !p.ResolvedAt.IsZero() ||
					!p.ClosedAt.IsZero() || p.Supervised || p.Solved != "" || p.Satisfaction != "" {
					t.Errorf("times and flags of a new appeal: %+v", p)
				}
				if p.EnterpriseName == "" || p.CommunityID == 0 || p.CommunityName == "" || (p.DepartmentID > 0) != (p.DepartmentName != "") {
					t.Errorf("joined names: %+v", p)
				}
				if got, err := e.svc.Get(e.ctx, c.actor, p.ID); err != nil || got != p {
					t.Errorf("read back %+v, %v; want %+v", got, err, p)
				}
				evs, err := e.svc.Events(e.ctx, c.actor, p.ID)
				if err != nil || len(evs) != 1 {
					t.Fatalf("events %+v, %v", evs, err)
				}
				ev := evs[0]
				if ev.Action != appeal.Submit || ev.From != "" || ev.To != appeal.Submitted || !ev.At.Equal(now) ||
					ev.ActorID != c.actor.UserID || ev.Actor != c.actor.Username || ev.Role != c.actor.Role ||
					ev.DepartmentID != c.department || !ev.ResolutionDueAt.Equal(p.ResolutionDueAt) {
					t.Errorf("submission event %+v", ev)
				}
				if got := e.count("SELECT count(*) FROM appeal_events"); got != events+1 {
					t.Errorf("events %d → %d, want one more", events, got)
				}
				recs := e.auditSince(records)
				if len(recs) != 1 || recs[0].Action != "appeal.create" || recs[0].Entity != "appeal" ||
					recs[0].EntityID != strconv.FormatInt(p.ID, 10) || recs[0].Actor != c.actor.Username {
					t.Fatalf("audit records %+v", recs)
				}
				var view map[string]any
				if err := json.Unmarshal([]byte(recs[0].After), &view); err != nil || view["state"] != "submitted" {
					t.Errorf("audit after %s: %v", recs[0].After, err)
				}
				if strings.Contains(recs[0].After, p.Title) {
					t.Errorf("the audit record holds the free-text title: %s", recs[0].After)
				}
			})
		}
	})
}

// auditRecord is the part of an audit record these tests look at.
type auditRecord struct {
	Action, Entity, EntityID, Actor, Before, After string
}

// auditSince returns the audit records after the first n, oldest first.
func (e *env) auditSince(n int) []auditRecord {
	e.t.Helper()
	rows, err := e.d.R.QueryContext(e.ctx, `SELECT action, entity, entity_id, actor, before_data, after_data
		FROM audit_log ORDER BY seq LIMIT 1000 OFFSET $1`, n)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRecord
	for rows.Next() {
		var r auditRecord
		if err := rows.Scan(&r.Action, &r.Entity, &r.EntityID, &r.Actor, &r.Before, &r.After); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// TestDeadlines counts deadlines on the 2022 calendar as shipped.
func TestDeadlines(t *testing.T) {
	cases := []struct {
		name                       string
		submitted                  string // CST
		category                   string
		responseDue, resolutionDue time.Time
	}{
		{"May Day: 29 April plus 3 working days ends on the make-up Saturday", "2022-04-29 09:00", "space_land",
			endOf("2022-05-05"), endOf("2022-05-07")},
		{"Spring Festival: the make-up weekend counts, the holidays do not", "2022-01-28 09:00", "financing",
			endOf("2022-01-29"), endOf("2022-02-07")},
		{"Dragon Boat: 3 June is a holiday", "2022-05-31 20:00", "other",
			endOf("2022-06-01"), endOf("2022-06-06")},
		{"an ordinary Monday", "2022-05-23 10:00", "permits", endOf("2022-05-24"), endOf("2022-05-26")},
		{"a Saturday starts counting on Monday", "2022-05-28 10:00", "labour", endOf("2022-05-30"), endOf("2022-06-01")},
		{"late evening is still that day", "2022-05-23 23:59", "infrastructure", endOf("2022-05-24"), endOf("2022-05-26")},
		{"policy questions: 24 hours, whatever the calendar", "2022-04-30 15:00", "policy",
			cst("2022-05-01 15:00"), cst("2022-05-01 15:00")},
	}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, c := range cases {
			e.at(c.submitted)
			x := in(e.E1)
			x.Category = c.category
			p := e.create(e.leader, x)
			if !p.ResponseDueAt.Equal(c.responseDue) || !p.ResolutionDueAt.Equal(c.resolutionDue) {
				t.Errorf("%s: due %s / %s, want %s / %s", c.name, p.ResponseDueAt.In(i18n.Zone), p.ResolutionDueAt.In(i18n.Zone),
					c.responseDue.In(i18n.Zone), c.resolutionDue.In(i18n.Zone))
			}
		}
	})
}

func TestCreateRefused(t *testing.T) {
	type fields = map[string]string
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		visit1, visit2 := e.visit(e.E1, "2022-05-20"), e.visit(e.E2, "2022-05-20")
		e.exec("UPDATE appeal_categories SET active = FALSE WHERE code = 'labour'")
		with := func(enterprise int64, change func(x *appeal.Input)) appeal.Input {
			x := in(enterprise)
			change(&x)
			return x
		}
		cases := []struct {
			name  string
			actor access.Actor
			in    appeal.Input
			want  fields
		}{
			{"nothing given", e.leader, appeal.Input{},
				fields{"enterprise_id": "err.required", "category": "err.required", "channel": "err.required", "title": "err.required"}},
			{"blank title", e.leader, with(e.E1, func(x *appeal.Input) { x.Title = " \t " }), fields{"title": "err.required"}},
			{"title too long", e.leader, with(e.E1, func(x *appeal.Input) { x.Title = strings.Repeat("湖", appeal.MaxTitle+1) }),
				fields{"title": "err.too_long"}},
			{"description too long", e.leader,
				with(e.E1, func(x *appeal.Input) { x.Description = strings.Repeat("述", appeal.MaxDescription+1) }),
				fields{"description": "err.too_long"}},
			{"unknown channel", e.leader, with(e.E1, func(x *appeal.Input) { x.Channel = "fax" }), fields{"channel": "err.appeal_channel"}},
			{"unknown category", e.leader, with(e.E1, func(x *appeal.Input) { x.Category = "tax" }),
				fields{"category": "err.appeal_category_unknown"}},
			{"inactive category", e.leader, with(e.E1, func(x *appeal.Input) { x.Category = "labour" }),
				fields{"category": "err.appeal_category_unknown"}},
			{"unknown enterprise", e.leader, in(99999), fields{"enterprise_id": "err.appeal_enterprise_unknown"}},
			{"an enterprise of another sub-district", e.leader, in(e.E9), fields{"enterprise_id": "err.appeal_enterprise_unknown"}},
			{"a community's user, another community's enterprise", e.comm2, in(e.E1),
				fields{"enterprise_id": "err.appeal_enterprise_unknown"}},
			{"a specialist, an enterprise not assigned to it", e.spec2, in(e.E1),
				fields{"enterprise_id": "err.appeal_enterprise_unknown"}},
			{"an enterprise, another enterprise", e.ent1,
				with(e.E2, func(x *appeal.Input) { x.Channel = appeal.ChannelOnline }),
				fields{"enterprise_id": "err.appeal_enterprise_unknown"}},
			{"an enterprise, by hotline", e.ent1, in(e.E1), fields{"channel": "err.appeal_channel_enterprise"}},
			{"an enterprise, naming a department", e.ent1,
				with(e.E1, func(x *appeal.Input) { x.Channel = appeal.ChannelOnline; x.DepartmentID = &e.D2.ID }),
				fields{"department_id": "err.field_not_permitted"}},
			{"a community naming a department", e.comm1, with(e.E1, func(x *appeal.Input) { x.DepartmentID = &e.D2.ID }),
				fields{"department_id": "err.field_not_permitted"}},
			{"a specialist naming a department", e.spec1, with(e.E1, func(x *appeal.Input) { x.DepartmentID = &e.D2.ID }),
				fields{"department_id": "err.field_not_permitted"}},
			{"an enterprise account without an enterprise", func() access.Actor { a := e.ent1; a.EnterpriseID = 0; return a }(),
				with(e.E1, func(x *appeal.Input) { x.Channel = appeal.ChannelOnline }),
				fields{"enterprise_id": "err.appeal_enterprise_unknown"}},
			{"a leader without a scope", func() access.Actor { a := e.leader; a.UnitID, a.ScopePath = 0, ""; return a }(), in(e.E1),
				fields{"enterprise_id": "err.appeal_enterprise_unknown"}},
			{"unknown visit", e.leader,
				with(e.E1, func(x *appeal.Input) { x.Channel = appeal.ChannelVisit; x.VisitID = ptr(int64(99999)) }),
				fields{"visit_id": "err.appeal_visit_unknown"}},
			{"visit zero", e.leader,
				with(e.E1, func(x *appeal.Input) { x.Channel = appeal.ChannelVisit; x.VisitID = ptr(int64(0)) }),
				fields{"visit_id": "err.appeal_visit_unknown"}},
			{"a visit to another enterprise", e.leader,
				with(e.E1, func(x *appeal.Input) { x.Channel = appeal.ChannelVisit; x.VisitID = &visit2 }),
				fields{"visit_id": "err.appeal_visit_other"}},
			{"a visit out of the actor's scope, as unknown as a missing one", e.spec1,
				with(e.E1, func(x *appeal.Input) { x.Channel = appeal.ChannelVisit; x.VisitID = &visit2 }),
				fields{"visit_id": "err.appeal_visit_unknown"}},
			{"a visit with another channel", e.leader, with(e.E1, func(x *appeal.Input) { x.VisitID = &visit1 }),
				fields{"channel": "err.appeal_channel_visit"}},
			{"unknown department", e.leader, with(e.E1, func(x *appeal.Input) { x.DepartmentID = ptr(int64(99999)) }),
				fields{"department_id": "err.appeal_department"}},
			{"department zero", e.leader, with(e.E1, func(x *appeal.Input) { x.DepartmentID = ptr(int64(0)) }),
				fields{"department_id": "err.appeal_department"}},
			{"an inactive department", e.leader, with(e.E1, func(x *appeal.Input) { x.DepartmentID = &e.D3.ID }),
				fields{"department_id": "err.appeal_department"}},
			{"a community as department", e.leader, with(e.E1, func(x *appeal.Input) { x.DepartmentID = &e.C2.ID }),
				fields{"department_id": "err.appeal_department"}},
			{"another sub-district's department", e.leader, with(e.E1, func(x *appeal.Input) { x.DepartmentID = &e.D9.ID }),
				fields{"department_id": "err.appeal_department"}},
			{"several problems at once", e.leader, with(99999, func(x *appeal.Input) {
				x.Category, x.Title, x.VisitID = "tax", "", ptr(int64(99999))
			}), fields{"enterprise_id": "err.appeal_enterprise_unknown", "category": "err.appeal_category_unknown",
				"title": "err.required", "channel": "err.appeal_channel_visit", "visit_id": "err.appeal_visit_unknown"}},
		}
		for _, c := range cases {
			before := e.written()
			p, err := e.svc.Create(e.ctx, c.actor, c.in)
			wantCode(t, c.name, err, errs.Invalid, c.want)
			if p.ID != 0 {
				t.Errorf("%s: returned %+v", c.name, p)
			}
			if after := e.written(); after != before {
				t.Errorf("%s: a refused create wrote something:\n%s\n→\n%s", c.name, before, after)
			}
		}
		// Roles that do not raise appeals find nothing to raise them with.
		for _, a := range []access.Actor{e.dept1, e.sysadmin, e.secadmin, e.auditor, e.expert, {Role: "system"}} {
			before := e.written()
			_, err := e.svc.Create(e.ctx, a, in(e.E1))
			wantCode(t, "create as "+string(a.Role), err, errs.NotFound, nil)
			if after := e.written(); after != before {
				t.Errorf("create as %s wrote something", a.Role)
			}
		}
	})
}

// TestCreateTx records a visit and its appeals in one transaction: a bad
// second appeal takes the visit and the first appeal with it.
func TestCreateTx(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		record := func(second appeal.Input) error {
			return e.tx(func(tx *sql.Tx) error {
				var visit int64
				if err := tx.QueryRowContext(e.ctx, `INSERT INTO visits (enterprise_id, visit_date, form, created_at)
					VALUES ($1, '2022-05-23', 'on_site', 0) RETURNING id`, e.E1).Scan(&visit); err != nil {
					return err
				}
				first := in(e.E1)
				first.Channel, first.VisitID = appeal.ChannelVisit, &visit
				if _, err := e.svc.CreateTx(e.ctx, tx, e.spec1, first); err != nil {
					return err
				}
				second.VisitID = &visit
				_, err := e.svc.CreateTx(e.ctx, tx, e.spec1, second)
				return err
			})
		}
		before := e.written()
		bad := in(e.E1)
		bad.Channel, bad.Title = appeal.ChannelVisit, ""
		wantCode(t, "a bad second appeal", record(bad), errs.Invalid, map[string]string{"title": "err.required"})
		if after := e.written(); after != before || e.count("SELECT count(*) FROM visits") != 0 {
			t.Errorf("a refused visit form left something behind:\n%s\n→\n%s", before, after)
		}
		good := in(e.E1)
		good.Channel = appeal.ChannelVisit
		if err := record(good); err != nil {
			t.Fatal(err)
		}
		if n := e.count("SELECT count(*) FROM appeals WHERE visit_id IS NOT NULL"); n != 2 {
			t.Errorf("%d appeals on the visit, want 2", n)
		}
		if n := e.count("SELECT count(*) FROM appeal_events"); n != 2 {
			t.Errorf("%d events, want 2", n)
		}
	})
}
