package redmap

import (
	"context"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/microproject"
)

// MicroprojectSource draws the livelihood micro-projects (民生微实事) as
// a count per community, linking to the list filtered by that community.
type MicroprojectSource struct{ S *microproject.Service }

func (MicroprojectSource) Layer() string { return LayerMicroprojects }

func (src MicroprojectSource) Markers(ctx context.Context, a access.Actor, s Scope) ([]Marker, error) {
	var out []Marker
	for _, c := range s.Communities {
		if s.UnitID > 0 && c.ID != s.UnitID {
			continue
		}
		l, err := src.S.List(ctx, a, microproject.Filter{UnitID: c.ID, Page: db.NewPage(1, 1)})
		if err != nil {
			return nil, err
		}
		if l.Total > 0 {
			out = append(out, Marker{Layer: LayerMicroprojects, ID: c.ID, Name: c.Name, CommunityID: c.ID, CommunityName: c.Name,
				Href: "/microprojects?unit_id=" + strconv.FormatInt(c.ID, 10), Count: l.Total})
		}
	}
	return out, nil
}
