package supervision

import (
	"context"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/errs"
	"pinghu/internal/project"
)

// TargetInfo is what a notice needs to know of its target: its title, the
// unit answerable for it (the notice's default receiver) and the path of
// its page.
type TargetInfo struct {
	Title  string
	UnitID int64
	Path   string
}

// Target resolves the targets of one kind. Lookup reads the target as the
// issuing actor sees it; one out of their scope, or missing, is a
// not_found error.
type Target interface {
	Lookup(ctx context.Context, a access.Actor, id int64) (TargetInfo, error)
}

// AppealTarget resolves appeals: the receiver is the department handling
// the appeal, or, before one is named, the enterprise's community.
type AppealTarget struct {
	Appeals *appeal.Service
}

// Lookup reads the appeal in the actor's scope.
func (t AppealTarget) Lookup(ctx context.Context, a access.Actor, id int64) (TargetInfo, error) {
	p, err := t.Appeals.Get(ctx, a, id)
	if err != nil {
		return TargetInfo{}, err
	}
	unit := p.DepartmentID
	if unit == 0 {
		unit = p.CommunityID
	}
	return TargetInfo{Title: p.Title, UnitID: unit, Path: "/appeals/" + strconv.FormatInt(p.ID, 10)}, nil
}

// lookup resolves a target through the registered Target of its kind. An
// unregistered kind is invalid for target_kind, an unknown or unseen
// target for target_id.
func (s *Service) lookup(ctx context.Context, a access.Actor, kind Kind, id int64) (TargetInfo, error) {
	t := s.Targets[kind]
	if t == nil {
		return TargetInfo{}, errs.InvalidField("target_kind", "err.supervision_kind")
	}
	info, err := t.Lookup(ctx, a, id)
	if errs.CodeOf(err) == errs.NotFound {
		return TargetInfo{}, errs.InvalidField("target_id", "err.supervision_target_unknown")
	}
	return info, err
}

// ProjectTarget resolves projects: the receiver is the project's lead unit.
type ProjectTarget struct {
	Projects *project.Service
}

// Lookup reads the project in the actor's scope.
func (t ProjectTarget) Lookup(ctx context.Context, a access.Actor, id int64) (TargetInfo, error) {
	title, unit, err := t.Projects.Lookup(ctx, a, id)
	if err != nil {
		return TargetInfo{}, err
	}
	return TargetInfo{Title: title, UnitID: unit, Path: "/projects/" + strconv.FormatInt(id, 10)}, nil
}

// MilestoneTarget resolves milestones: the receiver is their project's
// lead unit; the page is the project's, where the milestone is listed.
type MilestoneTarget struct {
	Projects *project.Service
}

// Lookup reads the milestone in the actor's scope.
func (t MilestoneTarget) Lookup(ctx context.Context, a access.Actor, id int64) (TargetInfo, error) {
	m, err := t.Projects.LookupMilestone(ctx, a, id)
	if err != nil {
		return TargetInfo{}, err
	}
	return TargetInfo{Title: m.Title, UnitID: m.LeadUnitID, Path: "/projects/" + strconv.FormatInt(m.ProjectID, 10)}, nil
}
