package redmap

import (
	"context"
	"slices"

	"pinghu/internal/access"
)

// The layers' keys, in the legend's order. The party organisations and
// positions are RecordSources over package party (layer_party.go).
const (
	LayerPartyOrgs     = "party_orgs"
	LayerPositions     = "positions"
	LayerStations      = "stations"
	LayerProjects      = "projects"
	LayerMicroprojects = "microprojects"
)

// Marker is one thing on the map: a record at its own WGS84 point, or a
// count of a community's records drawn at the community's label point.
type Marker struct {
	Layer         string  `json:"layer"`
	ID            int64   `json:"id"` // the record's; the community's for a count
	Name          string  `json:"name"`
	Kind          string  `json:"kind,omitempty"` // the record's kind, for its title
	Href          string  `json:"href"`           // the record, or the list of the community's records
	CommunityID   int64   `json:"community_id"`
	CommunityName string  `json:"community_name"`
	AtPoint       bool    `json:"at_point"` // Lng and Lat are the record's own
	Lng           float64 `json:"lng"`
	Lat           float64 `json:"lat"`
	Count         int     `json:"count"` // 1 for a record at its point
}

// Community is a community a source counts records in.
type Community struct {
	ID   int64
	Name string
	Path string
}

// Scope is what a source draws: the communities of the map and, when one
// is chosen, that one alone (UnitID).
type Scope struct {
	Communities []Community
	UnitID      int64
	units       map[int64]int // unit id → index in Communities, for every unit in a community's subtree
}

// CommunityOf is the community whose subtree holds the unit with the
// given id (a community, or a grid in it).
func (s Scope) CommunityOf(unitID int64) (Community, bool) {
	i, ok := s.units[unitID]
	if !ok {
		return Community{}, false
	}
	return s.Communities[i], true
}

// Source is one layer of the map. Markers applies the actor's scope in
// the source module's own queries: the map shows what its lists show.
type Source interface {
	Layer() string
	Markers(ctx context.Context, a access.Actor, s Scope) ([]Marker, error)
}

// Layers are the keys of the configured sources, in the legend's order.
func (s *Service) Layers() []string {
	out := make([]string, 0, len(s.Sources))
	for _, src := range s.Sources {
		out = append(out, src.Layer())
	}
	return out
}

// knownLayer reports whether a source draws the layer k.
func (s *Service) knownLayer(k string) bool { return slices.Contains(s.Layers(), k) }
