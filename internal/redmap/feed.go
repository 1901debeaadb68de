package redmap

import (
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// GeoJSON is the map as one FeatureCollection (RFC 7946, WGS84,
// longitude first, no crs): each boundary a Polygon or MultiPolygon
// feature, each marker of the ticked layers a Point feature, a count
// whose community has no boundary a feature without geometry. Nothing
// in it is about a person.
func (m Map) GeoJSON() *geojson.FeatureCollection {
	fc := geojson.NewFeatureCollection()
	for _, b := range m.Boundaries {
		var g orb.Geometry = b.Polygons
		if len(b.Polygons) == 1 {
			g = b.Polygons[0]
		}
		f := geojson.NewFeature(g)
		f.ID = "boundary-" + strconv.FormatInt(b.CommunityID, 10)
		f.Properties = geojson.Properties{"kind": "boundary", "community_id": b.CommunityID, "community": b.CommunityName,
			"schematic": b.Schematic, "label": []float64{b.Label[0], b.Label[1]}}
		fc.Append(f)
	}
	for _, l := range m.Layers {
		if !l.Shown {
			continue
		}
		for _, mk := range l.Markers {
			if !mk.Placed() {
				continue
			}
			f := geojson.NewFeature(orb.Point{mk.Lng, mk.Lat})
			f.ID = l.Key + "-" + strconv.FormatInt(mk.ID, 10)
			f.Properties = geojson.Properties{"kind": "marker", "layer": l.Key, "id": mk.ID, "name": mk.Name, "href": mk.Href,
				"community_id": mk.CommunityID, "community": mk.CommunityName, "count": mk.Count, "at_point": mk.AtPoint}
			if mk.Kind != "" {
				f.Properties["record_kind"] = mk.Kind
			}
			fc.Append(f)
		}
	}
	return fc
}
