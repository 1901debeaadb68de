package demo

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"pinghu/internal/redmap"
)

// The red map's community boundaries. Pinghu's surveyed boundaries are
// not public data, so the demo ships schematic ones made for the
// purpose: each community is the part of a box around the sub-district
// nearer its rough centre than any other's (a Voronoi cell of centres),
// which tiles the box without gaps and keeps each community's stations
// inside its own area. They are stored marked schematic, and the map
// says "示意边界，非测绘成果".

// The box the schematic boundaries tile, WGS84 degrees.
const (
	demoWest, demoEast   = 114.080, 114.170
	demoSouth, demoNorth = 22.632, 22.720
)

// schematicCell is the Voronoi cell of the community code among the
// centres, clipped to the box: a convex ring, counter-clockwise, closed.
func schematicCell(code string) [][2]float64 {
	c := centres[code]
	ring := [][2]float64{{demoWest, demoSouth}, {demoEast, demoSouth}, {demoEast, demoNorth}, {demoWest, demoNorth}}
	others := make([]string, 0, len(centres))
	for k := range centres {
		others = append(others, k)
	}
	sort.Strings(others) // a fixed order, so the demo is the same on every load
	for _, k := range others {
		if k == code {
			continue
		}
		o := centres[k]
		// Keep the half-plane of points nearer c than o:
		// (p - m)·(o - c) <= 0, m the midpoint.
		nx, ny := o[0]-c[0], o[1]-c[1]
		mx, my := (o[0]+c[0])/2, (o[1]+c[1])/2
		side := func(p [2]float64) float64 { return (p[0]-mx)*nx + (p[1]-my)*ny }
		ring = clipRing(ring, side)
	}
	return append(ring, ring[0])
}

// clipRing keeps the part of a convex ring where side(p) <= 0
// (Sutherland–Hodgman against one edge).
func clipRing(ring [][2]float64, side func([2]float64) float64) [][2]float64 {
	var out [][2]float64
	for i, p := range ring {
		q := ring[(i+1)%len(ring)]
		sp, sq := side(p), side(q)
		if sp <= 0 {
			out = append(out, p)
		}
		if (sp < 0 && sq > 0) || (sp > 0 && sq < 0) {
			t := sp / (sp - sq)
			out = append(out, [2]float64{p[0] + t*(q[0]-p[0]), p[1] + t*(q[1]-p[1])})
		}
	}
	return out
}

// schematicGeoJSON is the cell of a community as a GeoJSON Feature.
func schematicGeoJSON(code string) string {
	var pts []string
	for _, p := range schematicCell(code) {
		pts = append(pts, fmt.Sprintf("[%.5f,%.5f]", p[0], p[1]))
	}
	return `{"type":"Feature","properties":{"code":"` + code + `","schematic":true},"geometry":{"type":"Polygon","coordinates":[[` +
		strings.Join(pts, ",") + `]]}}`
}

// loadBoundaries stores the schematic boundary of each of the twelve
// communities, checked as an uploaded file would be.
func loadBoundaries(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	codes := make([]string, 0, len(centres))
	for k := range centres {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	for _, code := range codes {
		id, ok := st.Units[code]
		if !ok {
			return fmt.Errorf("boundary of unknown community %s", code)
		}
		c, err := redmap.Check([]byte(schematicGeoJSON(code)), redmap.DefaultLimit)
		if err != nil {
			return fmt.Errorf("boundary of %s: %w", code, err)
		}
		if _, _, err := redmap.Replace(ctx, tx, id, c, true, 0, env.Now()); err != nil {
			return err
		}
	}
	return nil
}
