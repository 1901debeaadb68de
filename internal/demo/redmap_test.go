package demo

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"pinghu/internal/redmap"
)

// Every community's schematic boundary passes the upload checks, and
// every demo station lies inside its own community's boundary.
func TestSchematicBoundariesHoldTheirStations(t *testing.T) {
	cells := map[string]orb.MultiPolygon{}
	for code := range centres {
		mp, err := redmap.ParseBoundary([]byte(schematicGeoJSON(code)), redmap.DefaultLimit)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		cells[code] = mp
	}
	check := func(name, community string, lng, lat float64) {
		if !planar.MultiPolygonContains(cells[community], orb.Point{lng, lat}) {
			t.Errorf("%s (%.4f, %.4f) lies outside %s's boundary", name, lng, lat, community)
		}
	}
	for _, s := range pinghuStations {
		check(s.name, s.community, s.lng, s.lat)
	}
	for _, s := range demoNewEmploymentSites {
		c := centres[s.community]
		check(s.place, s.community, c[0]+s.dLng/1000, c[1]+s.dLat/1000)
	}
	// The label point of each community lies in its cell.
	for code, mp := range cells {
		if !planar.MultiPolygonContains(mp, redmap.LabelPoint(mp)) {
			t.Errorf("%s: label point outside", code)
		}
	}
}
