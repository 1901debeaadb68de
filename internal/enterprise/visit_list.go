package enterprise

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// VisitFilter selects visits. From and To are dates (YYYY-MM-DD),
// inclusive, either may be empty.
type VisitFilter struct {
	From, To     string
	EnterpriseID int64
	CommunityID  int64
	Page         db.Page
}

// visitFrom joins a visit to its enterprise and community, for ScopeSQL:
// a visit is visible exactly when its enterprise is.
const visitFrom = ` FROM visits v
	JOIN enterprises e ON e.id = v.enterprise_id
	JOIN units c ON c.id = e.community_id`

const visitColumns = "v.id, v.enterprise_id, e.name, v.visit_date, v.form, v.findings, COALESCE(v.created_by, 0), v.created_at"

func scanVisit(row interface{ Scan(...any) error }) (Visit, error) {
	var v Visit
	var created int64
	err := row.Scan(&v.ID, &v.EnterpriseID, &v.EnterpriseName, &v.Date, &v.Form, &v.Findings, &v.CreatedBy, &created)
	v.CreatedAt = db.Time(created)
	v.People, v.Attachments = []Person{}, []Attachment{}
	return v, err
}

// ListVisits returns one page of the visits in scope, the latest first,
// each with its people and attachments (one query each for the page).
func (s *Service) ListVisits(ctx context.Context, a access.Actor, f VisitFilter) (db.List[Visit], error) {
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	out := db.List[Visit]{Items: []Visit{}, Page: f.Page.Number, PageSize: f.Page.Size}
	var w db.Where
	ScopeSQL(&w, a)
	bad := errs.Fields{}
	for _, d := range []struct {
		field, value, cond string
	}{{"from", f.From, "v.visit_date >= ?"}, {"to", f.To, "v.visit_date <= ?"}} {
		v := strings.TrimSpace(d.value)
		if v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			bad.Add(d.field, "err.bad_date")
			continue
		}
		w.And(d.cond, t.Format(time.DateOnly))
	}
	if err := bad.Err(); err != nil {
		return out, err
	}
	if f.EnterpriseID > 0 {
		w.And("v.enterprise_id = ?", f.EnterpriseID)
	}
	if f.CommunityID > 0 {
		w.And("e.community_id = ?", f.CommunityID)
	}
	if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*)"+visitFrom+w.SQL(), w.Args...).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, "visits count")
	}
	if out.Total == 0 {
		return out, nil
	}
	// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
	rows, err := s.DB.R.QueryContext(ctx, "SELECT "+visitColumns+visitFrom+w.SQL()+
		" ORDER BY v.visit_date DESC, v.id DESC"+f.Page.LimitOffset(&w), w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "visits list")
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scanVisit(rows)
		if err != nil {
			return out, errs.Wrap(err, "visits scan")
		}
		out.Items = append(out.Items, v)
	}
	if err := rows.Err(); err != nil {
		return out, errs.Wrap(err, "visits rows")
	}
	return out, s.fillVisits(ctx, s.DB.R, out.Items)
}

// GetVisit returns one visit whose enterprise is in scope.
func (s *Service) GetVisit(ctx context.Context, a access.Actor, id int64) (Visit, error) {
	var w db.Where
	w.And("v.id = ?", id)
	ScopeSQL(&w, a)
	v, err := scanVisit(s.DB.R.QueryRowContext(ctx, "SELECT "+visitColumns+visitFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return v, errs.E(errs.NotFound)
	}
	if err != nil {
		return v, errs.Wrap(err, "visit get")
	}
	list := []Visit{v}
	if err := s.fillVisits(ctx, s.DB.R, list); err != nil {
		return v, err
	}
	return list[0], nil
}

// fillVisits loads the people and attachments of visits already in scope.
func (s *Service) fillVisits(ctx context.Context, q db.Querier, visits []Visit) error {
	if len(visits) == 0 {
		return nil
	}
	ids := make([]int64, len(visits))
	at := make(map[int64]int, len(visits))
	for i, v := range visits {
		ids[i], at[v.ID] = v.ID, i
	}
	var w db.Where
	w.And("visit_id IN ("+placeholders(len(ids))+")", int64sAsAny(ids)...)
	rows, err := q.QueryContext(ctx, "SELECT visit_id, COALESCE(user_id, 0), name FROM visit_people"+w.SQL(), w.Args...)
	if err != nil {
		return errs.Wrap(err, "visit people")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p Person
		if err := rows.Scan(&id, &p.UserID, &p.Name); err != nil {
			return errs.Wrap(err, "visit people scan")
		}
		visits[at[id]].People = append(visits[at[id]].People, p)
	}
	if err := rows.Err(); err != nil {
		return errs.Wrap(err, "visit people rows")
	}
	for i := range visits {
		sortPeople(visits[i].People)
	}
	files, err := AttachmentsOf(ctx, q, OwnerVisit, ids)
	if err != nil {
		return err
	}
	for id, list := range files {
		visits[at[id]].Attachments = list
	}
	return nil
}

// sortPeople puts a visit's people in one order on both databases:
// visit_people has no order column, and the databases collate names
// differently, so the order is made here, by name bytes then account.
func sortPeople(people []Person) {
	slices.SortFunc(people, func(a, b Person) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.UserID, b.UserID))
	})
}
