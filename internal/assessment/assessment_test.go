package assessment_test

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/assessment"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
)

// fakeSource counts one on-time milestone per cadre and lists one record.
type fakeSource struct{ seen []int64 }

func (f *fakeSource) Fill(_ context.Context, year int, _ time.Time, parts map[int64]*assessment.Parts) error {
	for id, p := range parts {
		f.seen = append(f.seen, id)
		p.MilestonesOnTime += year - 2020 // 2 in 2022: the year reaches the source
		p.MilestonesOverdue++
		p.Invited += 4
		p.OnLeave++
		p.Attended += 2
	}
	return nil
}

func (f *fakeSource) Records(_ context.Context, _ int, _ time.Time, userID int64) ([]assessment.Record, error) {
	return []assessment.Record{{Kind: "milestone", Title: "m", Outcome: "on_time", Path: "/x"}}, nil
}

// seed makes a sub-district with two communities, a leader at the top and
// one community cadre in each, plus an enterprise contact (not a cadre).
func seed(t *testing.T, d *db.DB) map[string]access.Actor {
	t.Helper()
	ctx := context.Background()
	exec := func(q string, args ...any) {
		if _, err := d.W.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(q, err)
		}
	}
	exec(`INSERT INTO units (id, parent_id, kind, name, code, path, created_at, updated_at) VALUES
		(100, (SELECT id FROM units WHERE code = 'root'), 'subdistrict', '街道', 'S', '/1/100/', 0, 0),
		(101, 100, 'community', '甲社区', 'A', '/1/100/101/', 0, 0),
		(102, 100, 'community', '乙社区', 'B', '/1/100/102/', 0, 0)`)
	users := []struct {
		id   int64
		name string
		role access.Role
		unit int64
		path string
	}{
		{11, "lead", access.Leader, 100, "/1/100/"},
		{12, "ca", access.Community, 101, "/1/100/101/"},
		{13, "cb", access.Community, 102, "/1/100/102/"},
		{14, "ent", access.Enterprise, 101, "/1/100/101/"},
	}
	out := map[string]access.Actor{}
	for _, u := range users {
		exec(`INSERT INTO users (id, username, display_name, role, unit_id, password_hash, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, 'x', 0, 0)`, u.id, u.name, u.name, string(u.role), u.unit)
		out[u.name] = access.Actor{UserID: u.id, Username: u.name, Role: u.role, UnitID: u.unit, ScopePath: u.path}
	}
	return out
}

func TestCadres(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		as := seed(t, d)
		src := &fakeSource{}
		now := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
		s := &assessment.Service{DB: d, Now: func() time.Time { return now }, Sources: []assessment.Source{src}}

		cases := []struct {
			who   string
			f     assessment.Filter
			names []string
			code  errs.Code
		}{
			{"lead", assessment.Filter{Year: 2022}, []string{"lead", "ca", "cb"}, ""},
			{"lead", assessment.Filter{Year: 2022, UnitID: 102}, []string{"cb"}, ""},
			{"lead", assessment.Filter{Year: 2022, Query: "c"}, []string{"ca", "cb"}, ""},
			{"ca", assessment.Filter{Year: 2022}, []string{"ca"}, ""}, // a cadre sees only themselves
			{"ent", assessment.Filter{Year: 2022}, nil, errs.NotFound},
			{"lead", assessment.Filter{Year: 2024}, nil, errs.Invalid}, // a year not yet begun
			{"lead", assessment.Filter{Year: 1999}, nil, errs.Invalid},
		}
		for _, c := range cases {
			rep, err := s.Cadres(ctx, as[c.who], c.f)
			if c.code != "" {
				if errs.CodeOf(err) != c.code {
					t.Errorf("%s %+v: err %v, want %s", c.who, c.f, err, c.code)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s %+v: %v", c.who, c.f, err)
			}
			var got []string
			for _, r := range rep.Rows {
				got = append(got, r.Username)
				if r.MilestonesOnTime != 2 || r.Rates.Milestones != (assessment.Ratio{Num: 2, Den: 3}) {
					t.Errorf("%s: parts %+v rates %+v", r.Username, r.Parts, r.Rates)
				}
				if r.Rates.Attendance != (assessment.Ratio{Num: 2, Den: 3}) || r.Rates.Notices.Known() {
					t.Errorf("%s: rates %+v", r.Username, r.Rates)
				}
			}
			if len(got) != len(c.names) {
				t.Errorf("%s %+v: cadres %v, want %v", c.who, c.f, got, c.names)
			}
			for i := range got {
				if i < len(c.names) && got[i] != c.names[i] {
					t.Errorf("%s %+v: cadres %v, want %v", c.who, c.f, got, c.names)
				}
			}
		}
		// A running year is counted as of now; a past one as of its end.
		rep, _ := s.Cadres(ctx, as["lead"], assessment.Filter{Year: 2023})
		if !rep.AsOf.Equal(now) {
			t.Errorf("2023 as of %v, want now", rep.AsOf)
		}

		one, err := s.One(ctx, as["ca"], 2022, 12)
		if err != nil || one.Row.Username != "ca" || len(one.Records) != 1 {
			t.Fatalf("own reference: %+v %v", one, err)
		}
		if _, err := s.One(ctx, as["ca"], 2022, 13); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("another cadre's reference: %v, want not found", err)
		}
		if _, err := s.One(ctx, as["lead"], 2022, 14); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("an enterprise contact's reference: %v, want not found", err)
		}
	})
}

func TestRatesNeverInventAValue(t *testing.T) {
	cases := []struct {
		p    assessment.Parts
		ms   string
		att  string
		note string
	}{
		{assessment.Parts{}, "—", "—", "nothing due: no rate, not 0% or 100%"},
		{assessment.Parts{MilestonesPending: 5}, "—", "—", "pending work counts in no rate"},
		{assessment.Parts{MilestonesOnTime: 1, MilestonesLate: 1}, "50.0%", "—", "late halves it"},
		{assessment.Parts{Invited: 2, OnLeave: 2}, "—", "—", "all on leave: no one expected"},
		{assessment.Parts{Invited: 5, OnLeave: 1, Attended: 3, Absent: 1}, "—", "75.0%", "leave is excused"},
	}
	for _, c := range cases {
		r := assessment.RatesOf(c.p)
		if r.Milestones.Percent() != c.ms || r.Attendance.Percent() != c.att {
			t.Errorf("%s: %s %s, want %s %s", c.note, r.Milestones.Percent(), r.Attendance.Percent(), c.ms, c.att)
		}
	}
}
