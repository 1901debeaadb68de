package enterprise_test

import (
	"slices"
	"testing"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
)

func TestListFilters(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		mk := func(name string, c int, in func(*enterprise.Input)) enterprise.Enterprise {
			community := f.c1
			if c == 2 {
				community = f.c2
			}
			input := e.input(name, community)
			if in != nil {
				in(&input)
			}
			x, err := e.svc.Create(e.ctx, e.as(f.leader), input)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			e.clock.Advance(time.Minute)
			return x
		}
		// ASCII names sort alike on both databases' collations.
		alpha := mk("Alpha Precision 精密", 1, func(in *enterprise.Input) { in.Industry = ptr("C"); in.AboveScale = ptr(true) })
		beta := mk("beta soft 软件", 2, func(in *enterprise.Input) { in.Industry = ptr("I"); in.Top100 = ptr(true) })
		gamma := mk("Gamma 100% Trade", 1, func(in *enterprise.Input) { in.Status = ptr(enterprise.Closed); in.AboveScale = ptr(true) })
		delta := mk("Delta_Logistics", 2, func(in *enterprise.Input) { in.Industry = ptr("G"); in.AboveScale = ptr(true); in.Top100 = ptr(true) })
		eps := mk("Epsilon", 1, nil)
		e.assign(alpha.ID, f.leader.ID, f.d1.ID, f.spec1.ID)
		e.assign(beta.ID, f.leader.ID, 0, f.spec1.ID)
		e.assign(delta.ID, f.leader.ID, f.d2.ID, f.spec2.ID)
		// Touch gamma last, for the updated_at order.
		e.clock.Advance(time.Hour)
		if _, err := e.svc.Update(e.ctx, e.as(f.leader), gamma.ID, enterprise.Input{Address: ptr("新址")}); err != nil {
			t.Fatal(err)
		}

		A, B, G, D, E := alpha.ID, beta.ID, gamma.ID, delta.ID, eps.ID
		cases := []struct {
			name string
			f    enterprise.Filter
			want []int64
		}{
			{"default: by name", enterprise.Filter{}, []int64{A, D, E, G, B}},
			{"name, case ignored", enterprise.Filter{Query: "ALPHA"}, []int64{A}},
			{"name in Chinese", enterprise.Filter{Query: "软件"}, []int64{B}},
			{"% is a character, not a wildcard", enterprise.Filter{Query: "100%"}, []int64{G}},
			{"a lone %", enterprise.Filter{Query: "%"}, []int64{G}},
			{"_ is a character", enterprise.Filter{Query: "_"}, []int64{D}},
			{"a backslash matches nothing here", enterprise.Filter{Query: `\`}, []int64{}},
			{"credit code, lower case", enterprise.Filter{Query: lower(delta.CreditCode[6:])}, []int64{D}},
			{"whole credit code", enterprise.Filter{Query: " " + beta.CreditCode + " "}, []int64{B}},
			{"community", enterprise.Filter{CommunityID: f.c2.ID}, []int64{D, B}},
			{"industry", enterprise.Filter{Industry: "c"}, []int64{A}},
			{"above scale", enterprise.Filter{AboveScale: ptr(true)}, []int64{A, D, G}},
			{"not above scale", enterprise.Filter{AboveScale: ptr(false)}, []int64{E, B}},
			{"top 100", enterprise.Filter{Top100: ptr(true)}, []int64{D, B}},
			{"closed", enterprise.Filter{Status: enterprise.Closed}, []int64{G}},
			{"incomplete 四个一", enterprise.Filter{Incomplete: true}, []int64{E, G, B}},
			{"a specialist's", enterprise.Filter{SpecialistID: f.spec1.ID}, []int64{A, B}},
			{"combined", enterprise.Filter{AboveScale: ptr(true), CommunityID: f.c1.ID, Status: enterprise.Operating}, []int64{A}},
			{"name descending", enterprise.Filter{Sort: "-name"}, []int64{B, G, E, D, A}},
			{"credit code", enterprise.Filter{Sort: "credit_code"}, []int64{A, B, G, D, E}},
			{"credit code descending", enterprise.Filter{Sort: "-credit_code"}, []int64{E, D, G, B, A}},
			{"community, then name", enterprise.Filter{Sort: "community"}, []int64{A, E, G, D, B}},
			{"community descending", enterprise.Filter{Sort: "-community"}, []int64{B, D, G, E, A}},
			{"updated", enterprise.Filter{Sort: "updated_at"}, []int64{E, A, B, D, G}},
			{"latest update first", enterprise.Filter{Sort: "-updated_at"}, []int64{G, D, B, A, E}},
			{"page 2 of 3", enterprise.Filter{Page: db.NewPage(2, 2)}, []int64{E, G}},
			{"page 3 of 3", enterprise.Filter{Page: db.NewPage(3, 2)}, []int64{B}},
			{"past the end", enterprise.Filter{Page: db.NewPage(9, 2)}, []int64{}},
		}
		for _, c := range cases {
			got, err := e.svc.List(e.ctx, e.as(f.leader), c.f)
			ids := enterpriseIDs(got.Items)
			if err != nil || !slices.Equal(ids, c.want) {
				t.Errorf("%s: %v, %v; want %v", c.name, ids, err, c.want)
			}
			if c.f.Page.Size == 0 && got.Total != len(c.want) {
				t.Errorf("%s: total %d, want %d", c.name, got.Total, len(c.want))
			}
			if c.f.Page.Size == 2 && (got.Total != 5 || got.PageSize != 2 || got.Pages() != 3) {
				t.Errorf("%s: total %d, page size %d", c.name, got.Total, got.PageSize)
			}
		}

		// Sorts and enumerations outside the whitelist are refused, never
		// passed to the database.
		for _, bad := range []enterprise.Filter{
			{Sort: "name; DROP TABLE enterprises"}, {Sort: "e.id"}, {Sort: "NAME"}, {Sort: "-"}, {Sort: "--name"},
			{Sort: "name desc"}, {Sort: "(SELECT 1)"}, {Sort: "id"},
		} {
			_, err := e.svc.List(e.ctx, e.as(f.leader), bad)
			wantFields(t, "sort "+bad.Sort, err, map[string]string{"sort": "err.enterprise_sort"})
		}
		_, err := e.svc.List(e.ctx, e.as(f.leader), enterprise.Filter{Status: "gone", Industry: "Z9"})
		wantFields(t, "status and industry", err, map[string]string{"status": "err.enterprise_status", "industry": "err.enterprise_industry"})
		if n := e.count("SELECT count(*) FROM enterprises"); n != 5 {
			t.Errorf("%d enterprises after the refused sorts", n)
		}
	})
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
