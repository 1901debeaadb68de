package redmap

import (
	"math"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// LabelPoint is where the map writes a community's name and draws its
// count markers: the centroid of its largest polygon when the centroid
// lies inside it, or else the middle of the widest inside stretch of the
// parallel through the centroid (a crescent's centroid lies outside it).
func LabelPoint(mp orb.MultiPolygon) orb.Point {
	if len(mp) == 0 {
		return orb.Point{}
	}
	largest, area := mp[0], -1.0
	for _, p := range mp {
		if a := math.Abs(planar.Area(p)); a > area {
			largest, area = p, a
		}
	}
	c, _ := planar.CentroidArea(largest)
	if planar.PolygonContains(largest, c) {
		return c
	}
	if p, ok := widestStretch(largest, c[1]); ok {
		return p
	}
	return largest.Bound().Center()
}

// widestStretch is the middle of the longest segment of the parallel at
// lat that lies inside p.
func widestStretch(p orb.Polygon, lat float64) (orb.Point, bool) {
	var xs []float64
	for _, r := range p {
		for i := 0; i+1 < len(r); i++ {
			a, b := r[i], r[i+1]
			if (a[1] <= lat) == (b[1] <= lat) {
				continue
			}
			xs = append(xs, a[0]+(lat-a[1])/(b[1]-a[1])*(b[0]-a[0]))
		}
	}
	sort.Float64s(xs)
	best, at := 0.0, orb.Point{}
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > best {
			best, at = w, orb.Point{(xs[i] + xs[i+1]) / 2, lat}
		}
	}
	return at, best > 0
}
