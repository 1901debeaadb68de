package party

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/errs"
)

// WorkerRole is who carries party work into an enterprise without an
// organisation.
type WorkerRole string

const (
	Instructor WorkerRole = "instructor" // 党建指导员
	Liaison    WorkerRole = "liaison"    // 党建联络员
)

// FlagMembers is the number of party members from which an enterprise
// should have its own branch (three members may form one).
const FlagMembers = 3

// Work is the party work in one enterprise.
type Work struct {
	EnterpriseID int64      `json:"enterprise_id"`
	PartyMembers int        `json:"party_members"`
	WorkerRole   WorkerRole `json:"worker_role,omitempty"`
	WorkerName   string     `json:"worker_name,omitempty"`
	AssignedOn   string     `json:"assigned_on,omitempty"` // YYYY-MM-DD
}

// workAudit is the party work as the audit log records it: not the name.
type workAudit struct {
	EnterpriseID int64      `json:"enterprise_id"`
	PartyMembers int        `json:"party_members"`
	WorkerRole   WorkerRole `json:"worker_role,omitempty"`
	AssignedOn   string     `json:"assigned_on,omitempty"`
}

// SetWork records an enterprise's party members and its instructor or
// liaison (role and name both, or neither). The enterprise must be in a
// community the actor writes for.
func (s *Service) SetWork(ctx context.Context, a access.Actor, w Work) error {
	if !Writes(a) {
		return errs.E(errs.NotFound)
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var path string
		err := tx.QueryRowContext(ctx, `SELECT c.path FROM enterprises e JOIN units c ON c.id = e.community_id WHERE e.id = $1`,
			w.EnterpriseID).Scan(&path)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !writes(a, path)) {
			return errs.E(errs.NotFound)
		} else if err != nil {
			return errs.Wrap(err, "party work enterprise")
		}
		f := errs.Fields{}
		if w.PartyMembers < 0 || w.PartyMembers > MaxMembers {
			f.Add("party_members", "pty.err.members")
		}
		checkText(f, "worker_name", &w.WorkerName, MaxPerson, false)
		switch {
		case w.WorkerRole != "" && w.WorkerRole != Instructor && w.WorkerRole != Liaison:
			f.Add("worker_role", "pty.err.worker_role")
		case w.WorkerRole != "" && w.WorkerName == "":
			f.Add("worker_name", "err.required")
		case w.WorkerRole == "" && w.WorkerName != "":
			f.Add("worker_role", "err.required")
		case w.WorkerRole != "":
			checkDay(f, "assigned_on", &w.AssignedOn, s.today())
		default:
			w.AssignedOn = ""
		}
		if err := f.Err(); err != nil {
			return err
		}
		at := s.now().UnixMicro()
		res, err := tx.ExecContext(ctx, `UPDATE party_enterprise_work SET party_members = $1, worker_role = $2, worker_name = $3,
			assigned_on = $4, updated_at = $5 WHERE enterprise_id = $6`,
			w.PartyMembers, string(w.WorkerRole), w.WorkerName, nullDay(w.AssignedOn), at, w.EnterpriseID)
		if err != nil {
			return errs.Wrap(err, "party work update")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO party_enterprise_work (enterprise_id, party_members, worker_role,
				worker_name, assigned_on, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				w.EnterpriseID, w.PartyMembers, string(w.WorkerRole), w.WorkerName, nullDay(w.AssignedOn), at); err != nil {
				return errs.Wrap(err, "party work insert")
			}
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "party_work.set", Entity: "enterprise", EntityID: w.EnterpriseID,
			After: workAudit{EnterpriseID: w.EnterpriseID, PartyMembers: w.PartyMembers, WorkerRole: w.WorkerRole, AssignedOn: w.AssignedOn}})
	})
}

// EnterpriseWork is the party work of one enterprise with its name, for
// the form.
type EnterpriseWork struct {
	Work
	Name          string `json:"name"`
	CommunityName string `json:"community_name"`
}

// GetWork reads the party work of an enterprise in a community the actor
// writes for; an enterprise with none recorded has none.
func (s *Service) GetWork(ctx context.Context, a access.Actor, enterpriseID int64) (EnterpriseWork, error) {
	out := EnterpriseWork{Work: Work{EnterpriseID: enterpriseID}}
	var path string
	var role, name, assigned sql.NullString
	var members sql.NullInt64
	err := s.DB.R.QueryRowContext(ctx, `SELECT e.name, c.name, c.path, w.party_members, w.worker_role, w.worker_name, w.assigned_on
		FROM enterprises e JOIN units c ON c.id = e.community_id LEFT JOIN party_enterprise_work w ON w.enterprise_id = e.id
		WHERE e.id = $1`, enterpriseID).Scan(&out.Name, &out.CommunityName, &path, &members, &role, &name, &assigned)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !writes(a, path)) {
		return out, errs.E(errs.NotFound)
	} else if err != nil {
		return out, errs.Wrap(err, "party work get")
	}
	out.PartyMembers, out.WorkerRole, out.WorkerName, out.AssignedOn = int(members.Int64), WorkerRole(role.String), name.String, assigned.String
	return out, nil
}
