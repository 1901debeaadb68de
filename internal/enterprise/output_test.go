package enterprise_test

import (
	"slices"
	"testing"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
)

func TestOutputs(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c1)
		a := e.as(f.office)
		for _, o := range []enterprise.Output{{Year: 2021, ValueYuan: 320_000_000}, {Year: 2020, ValueYuan: 0}, {Year: 2022, ValueYuan: 1}} {
			if err := e.svc.SetOutput(e.ctx, a, x.ID, o.Year, o.ValueYuan); err != nil {
				t.Fatal(err)
			}
		}
		seq := e.auditSeq()
		if err := e.svc.SetOutput(e.ctx, a, x.ID, 2021, 350_000_000); err != nil {
			t.Fatal(err)
		}
		recs := e.records(seq)
		if len(recs) != 1 || recs[0].Action != "enterprise.output" || recs[0].Before != `{"year":2021,"value_yuan":320000000}` ||
			recs[0].After != `{"year":2021,"value_yuan":350000000}` {
			t.Errorf("audit of a replaced value %+v", recs)
		}
		got, err := e.svc.Outputs(e.ctx, e.as(f.comm1), x.ID)
		want := []enterprise.Output{{Year: 2022, ValueYuan: 1}, {Year: 2021, ValueYuan: 350_000_000}, {Year: 2020, ValueYuan: 0}}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("outputs %v, %v", got, err)
		}
		for _, c := range []struct {
			year  int
			value int64
			want  map[string]string
		}{
			{1999, 1, map[string]string{"year": "err.out_of_range"}},
			{2101, 1, map[string]string{"year": "err.out_of_range"}},
			{2021, -1, map[string]string{"value_yuan": "err.out_of_range"}},
			{2021, enterprise.MaxOutputYuan + 1, map[string]string{"value_yuan": "err.out_of_range"}},
			{0, -5, map[string]string{"year": "err.out_of_range", "value_yuan": "err.out_of_range"}},
		} {
			before := e.counts()
			wantFields(t, "output", e.svc.SetOutput(e.ctx, a, x.ID, c.year, c.value), c.want)
			if after := e.counts(); after != before {
				t.Errorf("a refused output wrote %s → %s", before, after)
			}
		}
		for _, y := range []int{enterprise.MinOutputYear, enterprise.MaxOutputYear} {
			if err := e.svc.SetOutput(e.ctx, a, x.ID, y, enterprise.MaxOutputYuan); err != nil {
				t.Errorf("year %d: %v", y, err)
			}
		}
		wantNotFound(t, "unknown enterprise", e.svc.SetOutput(e.ctx, a, 99999, 2021, 1))
	})
}
