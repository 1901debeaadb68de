package station

import (
	"context"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// The GeoJSON feed (RFC 7946) of the stations: one FeatureCollection,
// one Point feature per station, coordinates in WGS84 with the longitude
// first, as RFC 7946 §3.1.1 requires, and no "crs" member (§4). A layer
// is a kind; a feed may also be limited to a unit's subtree.

// FeatureCollection is a GeoJSON FeatureCollection.
type FeatureCollection struct {
	Type     string    `json:"type"` // always "FeatureCollection"
	Features []Feature `json:"features"`
}

// Feature is a GeoJSON Feature of one station.
type Feature struct {
	Type       string     `json:"type"` // always "Feature"
	ID         int64      `json:"id"`
	Geometry   Point      `json:"geometry"`
	Properties Properties `json:"properties"`
}

// Point is a GeoJSON Point: [longitude, latitude].
type Point struct {
	Type        string     `json:"type"` // always "Point"
	Coordinates [2]float64 `json:"coordinates"`
}

// Properties are what a map shows of a station: nothing about a person.
type Properties struct {
	ID            int64    `json:"id"`
	Name          string   `json:"name"`
	Kind          Kind     `json:"kind"`
	Community     string   `json:"community"`
	CommunityID   int64    `json:"community_id"`
	Address       string   `json:"address"`
	Hours         string   `json:"hours"`
	Services      []string `json:"services"`
	Groups        []Group  `json:"groups"`
	NewEmployment bool     `json:"new_employment"`
}

// MaxFeatures caps a feed; the sub-district has a few dozen stations, a
// city a few thousand.
const MaxFeatures = 10_000

// FeedFilter selects the stations of a feed: a layer and a subtree.
type FeedFilter struct {
	Kind   Kind
	UnitID int64
}

// Feed is the GeoJSON of the stations in the actor's scope.
func (s *Service) Feed(ctx context.Context, a access.Actor, f FeedFilter) (FeatureCollection, error) {
	return s.feed(ctx, &a, f)
}

// PublicFeed is the GeoJSON of every station, for the public map.
func (s *Service) PublicFeed(ctx context.Context, f FeedFilter) (FeatureCollection, error) {
	return s.feed(ctx, nil, f)
}

func (s *Service) feed(ctx context.Context, a *access.Actor, ff FeedFilter) (FeatureCollection, error) {
	out := FeatureCollection{Type: "FeatureCollection", Features: []Feature{}}
	f := Filter{Kind: ff.Kind, UnitID: ff.UnitID}
	if err := f.validate(); err != nil {
		return out, err
	}
	var w db.Where
	s.where(&w, a, f)
	// #nosec G202 -- columns and FROM are constants, the conditions placeholders
	q := "SELECT " + stationColumns + stationFrom + w.SQL() + " ORDER BY s.id LIMIT " + w.Next(MaxFeatures)
	rows, err := s.DB.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "station feed")
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		st, err := scanStation(rows)
		if err != nil {
			return out, errs.Wrap(err, "station feed scan")
		}
		out.Features = append(out.Features, st.Feature())
	}
	return out, errs.Wrap(rows.Err(), "station feed")
}

// Feature is the station as a GeoJSON feature.
func (st Station) Feature() Feature {
	return Feature{Type: "Feature", ID: st.ID, Geometry: Point{Type: "Point", Coordinates: [2]float64{st.Lng, st.Lat}},
		Properties: Properties{ID: st.ID, Name: st.Name, Kind: st.Kind, Community: st.CommunityName, CommunityID: st.CommunityID,
			Address: st.Address, Hours: st.Hours, Services: st.Services, Groups: st.Groups, NewEmployment: st.NewEmployment}}
}
