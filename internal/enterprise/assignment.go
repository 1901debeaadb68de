package enterprise

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Assignment is a change of the 四个一: for each of leader, department
// and specialist, nil leaves it as it is, 0 clears it, and an id assigns
// it. A form or a PUT that means "exactly these three" uses Replacing.
type Assignment struct {
	LeaderID     *int64 `json:"leader_id"`
	DepartmentID *int64 `json:"department_id"`
	SpecialistID *int64 `json:"specialist_id"`
	Note         string `json:"note"`
}

// Replacing returns a with every absent member set to 0, so that applying
// it replaces the whole assignment: what PUT /assignment means, where a
// missing or null member is an unassigned one.
func (as Assignment) Replacing() Assignment {
	zero := func(p *int64) *int64 {
		if p == nil {
			return new(int64)
		}
		return p
	}
	as.LeaderID, as.DepartmentID, as.SpecialistID = zero(as.LeaderID), zero(as.DepartmentID), zero(as.SpecialistID)
	return as
}

// MaxNote caps the note of an assignment change.
const MaxNote = 200

// MaxBulk caps the enterprises of one bulk assignment: a sub-district has
// a few hundred above-scale enterprises, and one transaction should stay
// short.
const MaxBulk = 1000

// HistoryEntry is one change of an enterprise's assignment: the state it
// left, who changed it and when.
type HistoryEntry struct {
	ID             int64     `json:"id"`
	EnterpriseID   int64     `json:"enterprise_id"`
	LeaderID       int64     `json:"leader_id"`
	LeaderName     string    `json:"leader_name"`
	DepartmentID   int64     `json:"department_id"`
	DepartmentName string    `json:"department_name"`
	SpecialistID   int64     `json:"specialist_id"`
	SpecialistName string    `json:"specialist_name"`
	ChangedAt      time.Time `json:"changed_at"`
	ChangedBy      int64     `json:"changed_by"`
	ChangedByName  string    `json:"changed_by_name"`
	Note           string    `json:"note"`
}

// MaxHistory caps the history shown for one enterprise.
const MaxHistory = 200

// validate checks the assignment's shape, then each named member against
// the database: the leader an active leader, the department an active
// department, the specialist an active specialist. Members are checked
// without the actor's scope: a district department or a leader seconded
// from elsewhere may serve a sub-district's enterprise. A member that
// current already has is not checked again, so that a form sending all
// three can change the specialist of an enterprise whose leader has since
// been deactivated; current is nil for a bulk assignment, where every
// named member is checked.
func (as *Assignment) validate(ctx context.Context, q db.Querier, current *Enterprise) error {
	as.Note = strings.TrimSpace(as.Note)
	f := errs.Fields{}
	if utf8.RuneCountInString(as.Note) > MaxNote {
		f.Add("note", "err.too_long")
	}
	var have Enterprise
	if current != nil {
		have = *current
	}
	unchanged := func(id *int64, now int64) bool { return id == nil || *id == 0 || current != nil && *id == now }
	users := []struct {
		field string
		id    *int64
		now   int64
		role  access.Role
		msg   string
	}{
		{"leader_id", as.LeaderID, have.LeaderID, access.Leader, "err.assignment_leader"},
		{"specialist_id", as.SpecialistID, have.SpecialistID, access.Specialist, "err.assignment_specialist"},
	}
	for _, u := range users {
		if unchanged(u.id, u.now) {
			continue
		}
		var n int
		if *u.id > 0 {
			if err := q.QueryRowContext(ctx, "SELECT count(*) FROM users WHERE id = $1 AND role = $2 AND active = TRUE",
				*u.id, u.role).Scan(&n); err != nil {
				return errs.Wrap(err, "assignment user")
			}
		}
		if n == 0 {
			f.Add(u.field, u.msg)
		}
	}
	if !unchanged(as.DepartmentID, have.DepartmentID) {
		var n int
		if *as.DepartmentID > 0 {
			if err := q.QueryRowContext(ctx, "SELECT count(*) FROM units WHERE id = $1 AND kind = 'department' AND active = TRUE",
				*as.DepartmentID).Scan(&n); err != nil {
				return errs.Wrap(err, "assignment department")
			}
		}
		if n == 0 {
			f.Add("department_id", "err.assignment_department")
		}
	}
	return f.Err()
}

// apply returns e with the assignment applied, and whether anything
// changed.
func (as Assignment) apply(e Enterprise) (Enterprise, bool) {
	before := e
	if as.LeaderID != nil {
		e.LeaderID = *as.LeaderID
	}
	if as.DepartmentID != nil {
		e.DepartmentID = *as.DepartmentID
	}
	if as.SpecialistID != nil {
		e.SpecialistID = *as.SpecialistID
	}
	return e, e.LeaderID != before.LeaderID || e.DepartmentID != before.DepartmentID || e.SpecialistID != before.SpecialistID
}

// assignmentView is what the audit log records of an assignment.
type assignmentView struct {
	LeaderID     int64 `json:"leader_id"`
	DepartmentID int64 `json:"department_id"`
	SpecialistID int64 `json:"specialist_id"`
}

func viewOf(e Enterprise) assignmentView {
	return assignmentView{LeaderID: e.LeaderID, DepartmentID: e.DepartmentID, SpecialistID: e.SpecialistID}
}

// Assign changes the 四个一 of one enterprise in scope. A change that
// changes nothing is not recorded: the history lists changes, not saves.
func (s *Service) Assign(ctx context.Context, a access.Actor, enterpriseID int64, as Assignment) (Enterprise, error) {
	if !canManage(a) {
		return Enterprise{}, errs.E(errs.NotFound)
	}
	var out Enterprise
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getForUpdate(ctx, tx, a, enterpriseID)
		if err != nil {
			return err
		}
		if err := as.validate(ctx, tx, &before); err != nil {
			return err
		}
		out, err = s.assignOne(ctx, tx, a, before, as)
		return err
	})
	return out, err
}

// BulkAssign applies one assignment to many enterprises in scope, all or
// nothing: one id that is unknown or out of scope changes none of them.
// Each enterprise gets its own history row and audit record, so that its
// history reads the same as after a single assignment.
func (s *Service) BulkAssign(ctx context.Context, a access.Actor, ids []int64, as Assignment) ([]Enterprise, error) {
	if !canManage(a) {
		return nil, errs.E(errs.NotFound)
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil, errs.InvalidField("ids", "err.required")
	}
	if len(ids) > MaxBulk {
		return nil, errs.InvalidField("ids", "err.enterprise_bulk_too_many")
	}
	var out []Enterprise
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := as.validate(ctx, tx, nil); err != nil {
			return err
		}
		for _, id := range ids {
			before, err := getForUpdate(ctx, tx, a, id)
			if errs.CodeOf(err) == errs.NotFound {
				return &errs.Error{Code: errs.Invalid, Message: "err.enterprise_bulk_unknown", Args: []any{id},
					Fields: map[string]string{"ids": "err.enterprise_unknown"}}
			}
			if err != nil {
				return err
			}
			e, err := s.assignOne(ctx, tx, a, before, as)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// assignOne writes one enterprise's new assignment, its history row and
// its audit record inside the caller's transaction.
func (s *Service) assignOne(ctx context.Context, tx *sql.Tx, a access.Actor, before Enterprise, as Assignment) (Enterprise, error) {
	e, changed := as.apply(before)
	if !changed {
		return before, nil
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE enterprises SET leader_id = $1, department_id = $2, specialist_id = $3,
		updated_at = $4 WHERE id = $5`,
		nullID(e.LeaderID), nullID(e.DepartmentID), nullID(e.SpecialistID), db.Micros(now), e.ID); err != nil {
		return e, errs.Wrap(err, "assignment update")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO assignment_history (enterprise_id, leader_id, department_id, specialist_id,
		changed_at, changed_by, note) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		e.ID, nullID(e.LeaderID), nullID(e.DepartmentID), nullID(e.SpecialistID), db.Micros(now), nullID(a.UserID), as.Note); err != nil {
		return e, errs.Wrap(err, "assignment history")
	}
	// Read back for the new names. Without scope: the actor was
	// authorised above, and the answer must not depend on whether the
	// change moved the enterprise out of their sight.
	after, err := getByID(ctx, tx, e.ID)
	if err != nil {
		return e, err
	}
	type entry struct {
		assignmentView
		Note string `json:"note,omitempty"`
	}
	return after, s.Audit.Append(ctx, tx, a, audit.Entry{Action: "enterprise.assign", Entity: "enterprise", EntityID: e.ID,
		Before: viewOf(before), After: entry{viewOf(after), as.Note}})
}

// History lists the assignment changes of an enterprise in scope, newest
// first.
func (s *Service) History(ctx context.Context, a access.Actor, enterpriseID int64) ([]HistoryEntry, error) {
	if _, err := getInScope(ctx, s.DB.R, a, enterpriseID); err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT h.id, h.enterprise_id,
		COALESCE(h.leader_id, 0), COALESCE(l.display_name, ''),
		COALESCE(h.department_id, 0), COALESCE(dp.name, ''),
		COALESCE(h.specialist_id, 0), COALESCE(sp.display_name, ''),
		h.changed_at, COALESCE(h.changed_by, 0), COALESCE(b.display_name, ''), h.note
		FROM assignment_history h
		LEFT JOIN users l ON l.id = h.leader_id
		LEFT JOIN units dp ON dp.id = h.department_id
		LEFT JOIN users sp ON sp.id = h.specialist_id
		LEFT JOIN users b ON b.id = h.changed_by
		WHERE h.enterprise_id = $1 ORDER BY h.id DESC LIMIT $2`, enterpriseID, MaxHistory)
	if err != nil {
		return nil, errs.Wrap(err, "assignment history")
	}
	defer rows.Close()
	out := []HistoryEntry{}
	for rows.Next() {
		var h HistoryEntry
		var at int64
		if err := rows.Scan(&h.ID, &h.EnterpriseID, &h.LeaderID, &h.LeaderName, &h.DepartmentID, &h.DepartmentName,
			&h.SpecialistID, &h.SpecialistName, &at, &h.ChangedBy, &h.ChangedByName, &h.Note); err != nil {
			return nil, errs.Wrap(err, "assignment history scan")
		}
		h.ChangedAt = db.Time(at)
		out = append(out, h)
	}
	return out, errs.Wrap(rows.Err(), "assignment history rows")
}
