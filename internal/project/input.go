package project

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Input is a project as a form or a JSON body gives it; on update, only
// the fields present change.
type Input struct {
	Kind          *Kind    `json:"kind"`
	Name          *string  `json:"name"`
	Field         *string  `json:"field"`
	Lists         *[]List  `json:"lists"`
	LeadUnitID    *int64   `json:"lead_unit_id"`
	LeadBranch    *string  `json:"lead_branch"`
	LeadCadreID   *int64   `json:"lead_cadre_id"`
	DepartmentIDs *[]int64 `json:"department_ids"`
	MemberIDs     *[]int64 `json:"member_ids"`
	Goals         *string  `json:"goals"`
	StartDate     *string  `json:"start_date"`
	TargetDate    *string  `json:"target_date"`
	Location      *string  `json:"location"`
	BudgetFen     *int64   `json:"budget_fen"`
	CampaignID    *int64   `json:"campaign_id"`
	AppealIDs     *[]int64 `json:"appeal_ids"`
	ClosedDate    *string  `json:"closed_date"`
}

// Lengths of the text fields.
const (
	maxName = 200
	maxText = 4000
)

// apply writes the fields present in in onto p.
func (in Input) apply(p *Project) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	if in.Kind != nil {
		p.Kind = *in.Kind
	}
	set(&p.Name, in.Name)
	set(&p.Field, in.Field)
	if in.Lists != nil {
		p.Lists = []List{}
		for _, l := range *in.Lists {
			if !slices.Contains(p.Lists, l) {
				p.Lists = append(p.Lists, l)
			}
		}
		sortLists(p.Lists)
	}
	if in.LeadUnitID != nil {
		p.LeadUnitID = *in.LeadUnitID
	}
	set(&p.LeadBranch, in.LeadBranch)
	if in.LeadCadreID != nil {
		p.LeadCadreID = *in.LeadCadreID
	}
	if in.DepartmentIDs != nil {
		p.Departments = []Ref{}
		for _, id := range *in.DepartmentIDs {
			if !slices.ContainsFunc(p.Departments, func(r Ref) bool { return r.ID == id }) {
				p.Departments = append(p.Departments, Ref{ID: id})
			}
		}
	}
	if in.MemberIDs != nil {
		p.Members = []Ref{}
		for _, id := range *in.MemberIDs {
			if !slices.ContainsFunc(p.Members, func(r Ref) bool { return r.ID == id }) {
				p.Members = append(p.Members, Ref{ID: id})
			}
		}
	}
	set(&p.Goals, in.Goals)
	set(&p.StartDate, in.StartDate)
	set(&p.TargetDate, in.TargetDate)
	set(&p.Location, in.Location)
	if in.BudgetFen != nil {
		v := *in.BudgetFen
		p.BudgetFen = &v
	}
	if in.CampaignID != nil {
		p.CampaignID = *in.CampaignID
	}
	set(&p.ClosedDate, in.ClosedDate)
	if in.AppealIDs != nil {
		p.AppealIDs = []int64{}
		for _, id := range *in.AppealIDs {
			if !slices.Contains(p.AppealIDs, id) {
				p.AppealIDs = append(p.AppealIDs, id)
			}
		}
	}
}

// validate checks p as it would be stored (was is the stored version,
// zero for a new project); every problem is named by its field. A lead
// unit and newly named departments must lie in the actor's scope, people
// must be active accounts.
func validate(ctx context.Context, q db.Querier, a access.Actor, p Project, was Project) error {
	f := errs.Fields{}
	if !p.Kind.Valid() {
		f.Add("kind", "err.project_kind")
	}
	switch {
	case p.Name == "":
		f.Add("name", "err.required")
	case utf8.RuneCountInString(p.Name) > maxName:
		f.Add("name", "err.too_long")
	}
	for name, v := range map[string]string{"goals": p.Goals, "location": p.Location, "lead_branch": p.LeadBranch} {
		if utf8.RuneCountInString(v) > maxText {
			f.Add(name, "err.too_long")
		}
	}
	if p.Field == "" {
		f.Add("field", "err.required")
	} else if ok, err := exists(ctx, q, "SELECT 1 FROM project_fields WHERE code = $1 AND active = TRUE", p.Field); err != nil {
		return err
	} else if !ok {
		f.Add("field", "err.project_field")
	}
	for _, l := range p.Lists {
		if !l.Valid() {
			f.Add("lists", "err.project_list")
		}
	}
	if p.Kind == KindBranchLed && p.LeadBranch == "" {
		f.Add("lead_branch", "err.required")
	}
	if p.LeadUnitID <= 0 {
		f.Add("lead_unit_id", "err.required")
	} else if ok, err := exists(ctx, q, "SELECT 1 FROM units WHERE id = $1 AND active = TRUE AND path LIKE $2", p.LeadUnitID, a.ScopePattern()); err != nil {
		return err
	} else if !ok {
		f.Add("lead_unit_id", "err.unit_unknown")
	}
	for _, d := range p.Departments {
		// A department already responsible stays: the lead community may
		// edit its project without covering the departments a leader named.
		if slices.ContainsFunc(was.Departments, func(r Ref) bool { return r.ID == d.ID }) {
			continue
		}
		if ok, err := exists(ctx, q, "SELECT 1 FROM units WHERE id = $1 AND active = TRUE AND path LIKE $2", d.ID, a.ScopePattern()); err != nil {
			return err
		} else if !ok {
			f.Add("department_ids", "err.unit_unknown")
		}
	}
	people := append([]Ref{{ID: p.LeadCadreID}}, p.Members...)
	for i, m := range people {
		if i == 0 && m.ID == 0 {
			continue
		}
		field := "member_ids"
		if i == 0 {
			field = "lead_cadre_id"
		}
		if ok, err := exists(ctx, q, "SELECT 1 FROM users WHERE id = $1 AND active = TRUE", m.ID); err != nil {
			return err
		} else if !ok {
			f.Add(field, "err.project_person")
		}
	}
	if !validDate(p.StartDate) {
		f.Add("start_date", ifEmpty(p.StartDate, "err.required", "err.bad_date"))
	}
	if !validDate(p.TargetDate) {
		f.Add("target_date", ifEmpty(p.TargetDate, "err.required", "err.bad_date"))
	} else if p.TargetDate < p.StartDate {
		f.Add("target_date", "err.project_target_before_start")
	}
	if p.ClosedDate != "" {
		if !validDate(p.ClosedDate) {
			f.Add("closed_date", "err.bad_date")
		} else if p.ClosedDate < p.StartDate {
			f.Add("closed_date", "err.project_closed_before_start")
		}
	}
	if p.BudgetFen != nil && *p.BudgetFen < 0 {
		f.Add("budget_fen", "err.out_of_range")
	}
	if p.CampaignID < 0 {
		f.Add("campaign_id", "err.bad_id")
	}
	for _, m := range p.Milestones {
		if validDate(p.StartDate) && m.DueDate < p.StartDate {
			f.Add("start_date", "err.project_start_after_milestone")
		}
	}
	return f.Err()
}

func ifEmpty(s, empty, bad string) string {
	if s == "" {
		return empty
	}
	return bad
}

func exists(ctx context.Context, q db.Querier, query string, args ...any) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, query, args...).Scan(&one)
	if isNoRows(err) {
		return false, nil
	}
	return err == nil, errs.Wrap(err, "project check")
}
