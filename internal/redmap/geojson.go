package redmap

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"pinghu/internal/errs"
	"pinghu/internal/station"
)

// DefaultLimit is the largest boundary file taken when the configuration
// names none: a community's outline surveyed to the metre is a few
// hundred kilobytes.
const DefaultLimit = 2 << 20

// FileField is the field a boundary file's faults are reported on.
const FileField = "file"

// ReadLimited reads at most limit bytes of r: a longer file is refused as
// too large once limit+1 bytes have come, without reading the rest.
func ReadLimited(r io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, errs.InvalidField(FileField, "map.err.unreadable")
	}
	if int64(len(b)) > limit {
		return nil, errs.InvalidField(FileField, "map.err.too_large")
	}
	return b, nil
}

// ParseBoundary checks a boundary file and returns its polygons. Every
// fault is reported on FileField with a message naming what is wrong.
func ParseBoundary(data []byte, limit int64) (orb.MultiPolygon, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if int64(len(data)) > limit {
		return nil, errs.InvalidField(FileField, "map.err.too_large")
	}
	data = bytes.TrimSpace(data)
	var head struct {
		Type string          `json:"type"`
		CRS  json.RawMessage `json:"crs"`
	}
	if len(data) == 0 || json.Unmarshal(data, &head) != nil || head.Type == "" {
		return nil, errs.InvalidField(FileField, "map.err.not_geojson")
	}
	// RFC 7946 dropped "crs": its coordinates are WGS84. A file naming
	// another system (often EPSG:3857, in metres) was not converted.
	if len(head.CRS) > 0 && string(head.CRS) != "null" && !wgs84CRS(head.CRS) {
		return nil, errs.InvalidField(FileField, "map.err.crs")
	}
	var geoms []orb.Geometry
	switch head.Type {
	case "FeatureCollection":
		fc, err := geojson.UnmarshalFeatureCollection(data)
		if err != nil {
			return nil, errs.InvalidField(FileField, "map.err.not_geojson")
		}
		for _, f := range fc.Features {
			geoms = append(geoms, f.Geometry)
		}
	case "Feature":
		f, err := geojson.UnmarshalFeature(data)
		if err != nil {
			return nil, errs.InvalidField(FileField, "map.err.not_geojson")
		}
		geoms = append(geoms, f.Geometry)
	default:
		g, err := geojson.UnmarshalGeometry(data)
		if err != nil {
			return nil, errs.InvalidField(FileField, "map.err.not_geojson")
		}
		geoms = append(geoms, g.Geometry())
	}
	var mp orb.MultiPolygon
	for _, g := range geoms {
		switch g := g.(type) {
		case orb.Polygon:
			mp = append(mp, g)
		case orb.MultiPolygon:
			mp = append(mp, g...)
		default:
			return nil, errs.InvalidField(FileField, "map.err.geometry")
		}
	}
	if len(mp) == 0 {
		return nil, errs.InvalidField(FileField, "map.err.empty")
	}
	return mp, checkPolygons(mp)
}

// wgs84CRS reports whether an old-style "crs" member names WGS84 in
// longitude-latitude order (OGC CRS84 or EPSG:4326).
func wgs84CRS(raw json.RawMessage) bool {
	var crs struct {
		Properties struct {
			Name string `json:"name"`
		} `json:"properties"`
	}
	if json.Unmarshal(raw, &crs) != nil {
		return false
	}
	n := strings.ToUpper(crs.Properties.Name)
	return strings.HasSuffix(n, "CRS84") || strings.HasSuffix(n, "EPSG::4326") || n == "EPSG:4326"
}

// checkPolygons refuses rings that are not closed or too short and any
// vertex outside China's box, saying whether it looks swapped or
// projected.
func checkPolygons(mp orb.MultiPolygon) error {
	for _, p := range mp {
		if len(p) == 0 {
			return errs.InvalidField(FileField, "map.err.ring_short")
		}
		for _, r := range p {
			if len(r) < 4 {
				return errs.InvalidField(FileField, "map.err.ring_short")
			}
			if r[0] != r[len(r)-1] {
				return errs.InvalidField(FileField, "map.err.ring_open")
			}
			for _, pt := range r {
				if msg := vertexFault(pt); msg != "" {
					return errs.InvalidField(FileField, msg)
				}
			}
		}
	}
	return nil
}

// vertexFault names what is wrong with a vertex, or "" when it is a
// point of China in WGS84.
func vertexFault(pt orb.Point) string {
	f := errs.Fields{}
	station.CheckLocation(f, pt.Lon(), pt.Lat())
	switch {
	case len(f) == 0:
		return ""
	case f["lng"] == "stn.err.not_a_number" || f["lat"] == "stn.err.not_a_number":
		return "map.err.not_a_number"
	case f["lng"] == "stn.err.swapped":
		return "map.err.swapped"
	case math.Abs(pt.Lon()) > 180 || math.Abs(pt.Lat()) > 90:
		// Degrees never exceed these: the file is in metres or another
		// projected unit.
		return "map.err.projected"
	}
	return "map.err.outside_china"
}
