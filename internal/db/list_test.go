package db_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

// The units table exists after the first migration; the test adds
// communities to it and lists them as any store lists its records.
func TestSelectPage(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for i := 1; i <= 7; i++ {
			if _, err := d.W.ExecContext(ctx, "INSERT INTO units (parent_id, kind, name, code, sort_order, active, path, created_at, updated_at) VALUES (1, 'district', $1, $2, $3, TRUE, '', 0, 0)",
				fmt.Sprintf("区 %d", i), fmt.Sprintf("T%d", i), i); err != nil {
				t.Fatal(err)
			}
		}
		sorts := db.Sorts{"sort": "sort_order, id", "-sort": "sort_order DESC, id DESC"}
		scan := func(r db.Row) (int, error) {
			var n int
			return n, r.Scan(&n)
		}
		cases := []struct {
			name      string
			sort      string
			page      db.Page
			want      []int
			wantTotal int
		}{
			{"first page", "sort", db.Page{Number: 1, Size: 3}, []int{1, 2, 3}, 7},
			{"last page", "sort", db.Page{Number: 3, Size: 3}, []int{7}, 7},
			{"past the end", "sort", db.Page{Number: 4, Size: 3}, []int{}, 7},
			{"descending", "-sort", db.Page{Number: 1, Size: 2}, []int{7, 6}, 7},
			{"unknown key takes the default", "drop table", db.Page{Number: 1, Size: 2}, []int{1, 2}, 7},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				sel := db.Select{Columns: "sort_order", From: " FROM units", Order: sorts.Order(c.sort, "sort")}
				sel.Where.And("kind = ?", "district")
				sel.Where.And("code LIKE ?", "T%")
				args := slices.Clone(sel.Where.Args)
				got, err := db.SelectPage(ctx, d.R, "unit", sel, c.page, scan)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got.Items, c.want) || got.Total != c.wantTotal || got.Page != c.page.Number || got.PageSize != c.page.Size {
					t.Errorf("got %+v, want items %v total %d", got, c.want, c.wantTotal)
				}
				if !slices.Equal(sel.Where.Args, args) {
					t.Errorf("the caller's arguments changed: %v, were %v", sel.Where.Args, args)
				}
			})
		}
		all, err := db.SelectAll(ctx, d.R, "unit", db.Select{Columns: "sort_order", From: " FROM units WHERE code LIKE 'T%'", Order: "sort_order"}, db.Limit(4), scan)
		if err != nil || !slices.Equal(all, []int{1, 2, 3, 4}) {
			t.Errorf("SelectAll with a limit of 4 = %v, %v", all, err)
		}
	})
}

func TestSortsValid(t *testing.T) {
	s := db.Sorts{"title": "t"}
	for key, want := range map[string]bool{"": true, "title": true, "-title": false, "x; DROP": false} {
		if got := s.Valid(key); got != want {
			t.Errorf("Valid(%q) = %v, want %v", key, got, want)
		}
	}
}
