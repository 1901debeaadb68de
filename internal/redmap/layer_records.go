package redmap

import (
	"context"

	"pinghu/internal/access"
)

// Record is one record a RecordSource puts on the map: at its WGS84
// point when it has one, or else counted in the community its unit lies
// in.
type Record struct {
	ID     int64
	Name   string
	Kind   string
	Href   string // the record's page
	UnitID int64  // the unit it belongs to: a community, a grid in one, or above
	Lng    *float64
	Lat    *float64
}

// RecordSource is a layer whose records a function reads in the actor's
// scope: a module joins the map by giving the function, with no source
// type of its own. The party organisations (a point optional) and the
// positions (阵地, a point required) come in this way.
type RecordSource struct {
	Key string
	// Records reads the records in the actor's scope, within the unit's
	// subtree when unitID is not 0.
	Records func(ctx context.Context, a access.Actor, unitID int64) ([]Record, error)
	// ListHref is the list of a community's records, where a count
	// marker leads.
	ListHref func(communityID int64) string
}

func (src RecordSource) Layer() string { return src.Key }

func (src RecordSource) Markers(ctx context.Context, a access.Actor, s Scope) ([]Marker, error) {
	recs, err := src.Records(ctx, a, s.UnitID)
	if err != nil {
		return nil, err
	}
	var out []Marker
	counts := map[int64]int{}
	for _, r := range recs {
		c, inCommunity := s.CommunityOf(r.UnitID)
		if r.Lng != nil && r.Lat != nil {
			out = append(out, Marker{Layer: src.Key, ID: r.ID, Name: r.Name, Kind: r.Kind, Href: r.Href, CommunityID: c.ID,
				CommunityName: c.Name, AtPoint: true, Lng: *r.Lng, Lat: *r.Lat, Count: 1})
			continue
		}
		if inCommunity {
			counts[c.ID]++
		}
	}
	for _, c := range s.Communities {
		if n := counts[c.ID]; n > 0 {
			out = append(out, Marker{Layer: src.Key, ID: c.ID, Name: c.Name, CommunityID: c.ID, CommunityName: c.Name,
				Href: src.ListHref(c.ID), Count: n})
		}
	}
	return out, nil
}
