package redmap

import (
	"context"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"pinghu/internal/access"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// Query is what the map shows: the layers ticked (nil: every layer) and
// a community to zoom to (0: every community in scope).
type Query struct {
	Layers      []string
	CommunityID int64
}

// Layer is one layer of a drawn map: all its markers, whether ticked or
// not, so that a page can switch it without asking again.
type Layer struct {
	Key     string   `json:"key"`
	Shown   bool     `json:"shown"`
	Markers []Marker `json:"markers"`
	Total   int      `json:"total"` // records counted, placed or not
}

// Map is the red map of an actor's scope.
type Map struct {
	Communities []Community `json:"-"` // in scope, for the selector
	Boundaries  []Boundary  `json:"boundaries"`
	Layers      []Layer     `json:"layers"`
	CommunityID int64       `json:"community_id,omitempty"`
	// Schematic is set when a boundary drawn is the demo's, so that the
	// page says it is no survey.
	Schematic bool `json:"schematic"`
	// Box is what the map frames: the boundaries and the markers placed.
	Box   orb.Bound `json:"-"`
	Empty bool      `json:"-"` // nothing to frame
}

// Placed reports whether m has a place on the map: its own point, or its
// community's label point when the community has a boundary.
func (m Marker) Placed() bool { return m.AtPoint || m.Lng != 0 || m.Lat != 0 }

// validate checks q against the layers there are.
func (s *Service) validate(q *Query) error {
	f := errs.Fields{}
	var layers []string
	for _, k := range q.Layers {
		k = strings.TrimSpace(k)
		if !s.knownLayer(k) {
			f.Add("layer", "map.err.layer")
			continue
		}
		if !slices.Contains(layers, k) {
			layers = append(layers, k)
		}
	}
	if q.Layers != nil {
		q.Layers = append([]string{}, layers...)
	}
	if q.CommunityID < 0 {
		f.Add("community_id", "err.unit_unknown")
	}
	return f.Err()
}

// Draw gathers the map q asks for in the actor's scope.
func (s *Service) Draw(ctx context.Context, a access.Actor, q Query) (Map, error) {
	if !Sees(a) {
		return Map{}, errs.E(errs.NotFound)
	}
	if err := s.validate(&q); err != nil {
		return Map{}, err
	}
	sc, err := s.scopeOf(ctx, a)
	if err != nil {
		return Map{}, err
	}
	out := Map{Communities: sc.Communities, CommunityID: q.CommunityID}
	if q.CommunityID > 0 {
		if !slices.ContainsFunc(sc.Communities, func(c Community) bool { return c.ID == q.CommunityID }) {
			return Map{}, errs.InvalidField("community_id", "err.unit_unknown")
		}
		sc.UnitID = q.CommunityID
	}
	all, err := currentBoundaries(ctx, s.DB.R, a)
	if err != nil {
		return Map{}, err
	}
	labels := map[int64]orb.Point{}
	for _, b := range all {
		if q.CommunityID > 0 && b.CommunityID != q.CommunityID {
			continue
		}
		out.Boundaries = append(out.Boundaries, b)
		labels[b.CommunityID] = b.Label
		out.Schematic = out.Schematic || b.Schematic
	}
	box, framed := orb.Bound{}, false
	grow := func(b orb.Bound) {
		if !framed {
			box, framed = b, true
			return
		}
		box = box.Union(b)
	}
	for _, b := range out.Boundaries {
		grow(b.Bound)
	}
	for _, src := range s.Sources {
		ms, err := src.Markers(ctx, a, sc)
		if err != nil {
			return Map{}, err
		}
		l := Layer{Key: src.Layer(), Shown: q.Layers == nil || slices.Contains(q.Layers, src.Layer()), Markers: []Marker{}}
		for _, m := range ms {
			if q.CommunityID > 0 && m.CommunityID != q.CommunityID {
				continue
			}
			if !m.AtPoint {
				if p, ok := labels[m.CommunityID]; ok {
					m.Lng, m.Lat = p[0], p[1]
				}
			}
			if m.AtPoint {
				grow(orb.Bound{Min: orb.Point{m.Lng, m.Lat}, Max: orb.Point{m.Lng, m.Lat}})
			}
			l.Total += m.Count
			l.Markers = append(l.Markers, m)
		}
		out.Layers = append(out.Layers, l)
	}
	out.Box, out.Empty = box, !framed
	return out, nil
}

// scopeOf is the communities the map of the actor holds: those in its
// scope; for a department, whose scope holds none, those of the unit
// above it, so that its projects' counts find their community.
func (s *Service) scopeOf(ctx context.Context, a access.Actor) (Scope, error) {
	pat := a.ScopePattern()
	if a.Role == access.Dept {
		if i := strings.LastIndex(strings.TrimSuffix(a.ScopePath, "/"), "/"); i > 0 {
			pat = a.ScopePath[:i+1] + "%"
		}
	}
	var sc Scope
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, name, path FROM units WHERE kind = $1 AND active = TRUE AND path LIKE $2
		ORDER BY sort_order, id`, string(org.Community), pat)
	if err != nil {
		return sc, errs.Wrap(err, "map communities")
	}
	err = collect(rows, func() error {
		var c Community
		if err := rows.Scan(&c.ID, &c.Name, &c.Path); err != nil {
			return err
		}
		sc.Communities = append(sc.Communities, c)
		return nil
	})
	if err != nil {
		return sc, errs.Wrap(err, "map communities")
	}
	sc.units = map[int64]int{}
	rows, err = s.DB.R.QueryContext(ctx, `SELECT u.id, c.id FROM units u JOIN units c ON u.path LIKE c.path || '%'
		WHERE c.kind = $1 AND c.active = TRUE AND c.path LIKE $2`, string(org.Community), pat)
	if err != nil {
		return sc, errs.Wrap(err, "map units")
	}
	index := map[int64]int{}
	for i, c := range sc.Communities {
		index[c.ID] = i
	}
	err = collect(rows, func() error {
		var u, c int64
		if err := rows.Scan(&u, &c); err != nil {
			return err
		}
		if i, ok := index[c]; ok {
			sc.units[u] = i
		}
		return nil
	})
	return sc, errs.Wrap(err, "map units")
}
