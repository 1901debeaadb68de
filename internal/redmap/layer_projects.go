package redmap

import (
	"context"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/project"
)

// ProjectSource draws the key projects: a project has no point, so each
// community shows how many projects it (or a grid in it) leads, linking
// to the project list filtered by that community. Projects led by the
// sub-district or a department stay off the map and in the lists.
type ProjectSource struct{ S *project.Service }

func (ProjectSource) Layer() string { return LayerProjects }

func (src ProjectSource) Markers(ctx context.Context, a access.Actor, s Scope) ([]Marker, error) {
	all, err := src.S.All(ctx, a, project.Filter{LeadUnitID: s.UnitID})
	if err != nil {
		return nil, err
	}
	counts := map[int64]int{}
	for _, p := range all {
		if c, ok := s.CommunityOf(p.LeadUnitID); ok {
			counts[c.ID]++
		}
	}
	var out []Marker
	for _, c := range s.Communities {
		if n := counts[c.ID]; n > 0 {
			out = append(out, Marker{Layer: LayerProjects, ID: c.ID, Name: c.Name, CommunityID: c.ID, CommunityName: c.Name,
				Href: "/projects?lead_unit_id=" + strconv.FormatInt(c.ID, 10), Count: n})
		}
	}
	return out, nil
}
