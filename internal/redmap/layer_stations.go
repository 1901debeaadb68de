package redmap

import (
	"context"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/station"
)

// StationSource draws the service stations at their WGS84 points.
type StationSource struct{ S *station.Service }

func (StationSource) Layer() string { return LayerStations }

func (src StationSource) Markers(ctx context.Context, a access.Actor, s Scope) ([]Marker, error) {
	fc, err := src.S.Feed(ctx, a, station.FeedFilter{UnitID: s.UnitID})
	if err != nil {
		return nil, err
	}
	out := make([]Marker, 0, len(fc.Features))
	for _, f := range fc.Features {
		p := f.Properties
		out = append(out, Marker{Layer: LayerStations, ID: p.ID, Name: p.Name, Kind: string(p.Kind),
			Href: "/stations/" + strconv.FormatInt(p.ID, 10), CommunityID: p.CommunityID, CommunityName: p.Community,
			AtPoint: true, Lng: f.Geometry.Coordinates[0], Lat: f.Geometry.Coordinates[1], Count: 1})
	}
	return out, nil
}
