package appeal

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Input is a new appeal.
type Input struct {
	EnterpriseID int64   `json:"enterprise_id"`
	Category     string  `json:"category"` // a code of the dictionary
	Channel      Channel `json:"channel"`
	Title        string  `json:"title"`
	Description  string  `json:"description"`
	VisitID      *int64  `json:"visit_id"`      // the visit it was raised on
	DepartmentID *int64  `json:"department_id"` // nil: the enterprise's 四个一 department
}

// Limits of the free text, in characters.
const (
	MaxTitle       = 100
	MaxDescription = 5000
)

// raisingRoles may raise an appeal: the enterprise itself, its specialist,
// its community, and the sub-district's leaders and office. Departments
// receive appeals; they do not raise them.
var raisingRoles = []access.Role{access.Enterprise, access.Specialist, access.Community, access.Leader, access.Office}

// validate trims in and checks what needs no database.
func (in *Input) validate(a access.Actor) errs.Fields {
	f := errs.Fields{}
	in.Category = strings.TrimSpace(in.Category)
	in.Title = strings.TrimSpace(in.Title)
	in.Description = strings.TrimSpace(in.Description)
	if in.EnterpriseID <= 0 {
		f.Add("enterprise_id", "err.required")
	}
	if in.Category == "" {
		f.Add("category", "err.required")
	}
	switch {
	case in.Channel == "":
		f.Add("channel", "err.required")
	case !in.Channel.Valid():
		f.Add("channel", "err.appeal_channel")
	case a.Role == access.Enterprise && in.Channel != ChannelOnline:
		// An enterprise's own submission is by definition the online
		// self-service; the other channels are recorded by staff.
		f.Add("channel", "err.appeal_channel_enterprise")
	case in.VisitID != nil && in.Channel != ChannelVisit:
		f.Add("channel", "err.appeal_channel_visit")
	}
	if in.Title == "" {
		f.Add("title", "err.required")
	} else if utf8.RuneCountInString(in.Title) > MaxTitle {
		f.Add("title", "err.too_long")
	}
	if utf8.RuneCountInString(in.Description) > MaxDescription {
		f.Add("description", "err.too_long")
	}
	if in.VisitID != nil && *in.VisitID <= 0 {
		f.Add("visit_id", "err.appeal_visit_unknown")
	}
	if in.DepartmentID != nil {
		if a.Role != access.Leader && a.Role != access.Office {
			// The enterprise is served by its 四个一 department; choosing
			// another one is the sub-district's call, its leaders' and its
			// office's (the form offers the choice to them alone), and a
			// choice from anyone else is refused rather than dropped.
			f.Add("department_id", "err.field_not_permitted")
		} else if *in.DepartmentID <= 0 {
			f.Add("department_id", "err.appeal_department")
		}
	}
	return f
}

// Create raises an appeal in a transaction of its own.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (Appeal, error) {
	var p Appeal
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = s.CreateTx(ctx, tx, a, in)
		return err
	})
	if err != nil {
		return Appeal{}, err
	}
	return p, nil
}

// CreateTx raises an appeal inside the caller's transaction, so that a
// visit and the appeals raised on it are recorded all or nothing. It
// writes the appeal, its submission event and one audit record; on an
// error the caller must roll back.
//
// The department is the one given, or else the enterprise's 四个一
// department when that is an active department serving its community, or
// else none: a leader or the office then names one when accepting. The
// deadlines are counted from the submission on the working-day calendar
// with the category's limits.
func (s *Service) CreateTx(ctx context.Context, tx *sql.Tx, a access.Actor, in Input) (Appeal, error) {
	if !slices.Contains(raisingRoles, a.Role) {
		return Appeal{}, errs.E(errs.NotFound)
	}
	f := in.validate(a)
	// The statements of this path run prepared: creating appeals is the
	// busiest write of the module.
	q := s.DB.Cached(tx)
	// Each look-up adds to the same list, so that one answer names every
	// field that needs attention. What they read also fills in the names
	// of the appeal returned, which saves reading it back.
	p := Appeal{EnterpriseID: in.EnterpriseID, Channel: in.Channel, Title: in.Title, Description: in.Description,
		State: Submitted, CreatedBy: a.UserID}
	var communityPath string
	var defaultDepartment int64
	if _, bad := f["enterprise_id"]; !bad {
		var w db.Where
		w.And("e.id = ?", in.EnterpriseID)
		enterpriseScope(&w, a)
		err := q.QueryRowContext(ctx, `SELECT e.name, e.community_id, c.name, c.path, COALESCE(e.department_id, 0)
			FROM enterprises e JOIN units c ON c.id = e.community_id`+w.SQL(), w.Args...).Scan(
			&p.EnterpriseName, &p.CommunityID, &p.CommunityName, &communityPath, &defaultDepartment)
		if errors.Is(err, sql.ErrNoRows) {
			f.Add("enterprise_id", "err.appeal_enterprise_unknown")
		} else if err != nil {
			return Appeal{}, errs.Wrap(err, "appeal enterprise")
		}
	}
	var cat Category
	if _, bad := f["category"]; !bad {
		var err error
		cat, err = getCategory(ctx, q, in.Category)
		if errs.CodeOf(err) == errs.NotFound || err == nil && !cat.Active {
			f.Add("category", "err.appeal_category_unknown")
		} else if err != nil {
			return Appeal{}, err
		}
	}
	if _, bad := f["visit_id"]; !bad && in.VisitID != nil {
		// A visit out of the actor's scope is as unknown as a missing one:
		// the answer must not tell that it exists.
		var w db.Where
		w.And("v.id = ?", *in.VisitID)
		enterpriseScope(&w, a)
		var owner int64
		err := q.QueryRowContext(ctx, `SELECT v.enterprise_id FROM visits v JOIN enterprises e ON e.id = v.enterprise_id
			JOIN units c ON c.id = e.community_id`+w.SQL(), w.Args...).Scan(&owner)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			f.Add("visit_id", "err.appeal_visit_unknown")
		case err != nil:
			return Appeal{}, errs.Wrap(err, "appeal visit")
		case owner != in.EnterpriseID:
			f.Add("visit_id", "err.appeal_visit_other")
		}
	}
	if _, bad := f["department_id"]; !bad && in.DepartmentID != nil && communityPath != "" {
		name, ok, err := serves(ctx, q, *in.DepartmentID, communityPath)
		if err != nil {
			return Appeal{}, err
		}
		if !ok {
			f.Add("department_id", "err.appeal_department")
		}
		p.DepartmentID, p.DepartmentName = *in.DepartmentID, name
	}
	if err := f.Err(); err != nil {
		return Appeal{}, err
	}
	if in.DepartmentID == nil && defaultDepartment > 0 {
		name, ok, err := serves(ctx, q, defaultDepartment, communityPath)
		if err != nil {
			return Appeal{}, err
		}
		if ok {
			p.DepartmentID, p.DepartmentName = defaultDepartment, name
		}
	}

	now := s.now()
	cal, err := s.Calendar.Around(ctx, q, now)
	if err != nil {
		return Appeal{}, err
	}
	p.Category = cat.Code
	p.SubmittedAt, p.UpdatedAt = now, now
	p.ResponseDueAt, p.ResolutionDueAt = cal.Due(now, cat.Response), cal.Due(now, cat.Resolution)
	if in.VisitID != nil {
		p.VisitID = *in.VisitID
	}
	if err := insertAppeal(ctx, q, &p); err != nil {
		return Appeal{}, err
	}
	if err := insertEvent(ctx, q, a, Event{AppealID: p.ID, At: now, Action: Submit, From: "", To: Submitted,
		DepartmentID: p.DepartmentID, ResolutionDueAt: p.ResolutionDueAt}); err != nil {
		return Appeal{}, err
	}
	if err := s.Audit.Append(ctx, tx, a, audit.Entry{Action: "appeal.create", Entity: "appeal", EntityID: p.ID, After: p.auditView()}); err != nil {
		return Appeal{}, err
	}
	return p, nil
}
