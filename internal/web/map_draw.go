package web

import (
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"pinghu/internal/redmap"
)

// The red map is drawn on the server as SVG in Web Mercator (the
// projection of the usual tile servers, so that a tile background lines
// up), fitted to what the map frames inside a fixed viewBox.
const (
	mapW, mapH = 800, 560
	mapPad     = 24 // px kept free around the frame
	tilePx     = 256
	maxTiles   = 64
)

// mercator is the Web Mercator position of a WGS84 point in the unit
// square (x east, y south).
func mercator(lng, lat float64) (x, y float64) {
	lat = math.Max(-85.05112878, math.Min(85.05112878, lat))
	phi := lat * math.Pi / 180
	return (lng + 180) / 360, (1 - math.Log(math.Tan(phi)+1/math.Cos(phi))/math.Pi) / 2
}

// projection maps WGS84 onto the viewBox: Web Mercator scaled by k and
// shifted by (dx, dy).
type projection struct{ k, dx, dy float64 }

// fit frames the box b in the viewBox, keeping its shape; a box too small
// to see (a single station) is widened to about a kilometre.
func fit(b orb.Bound) projection {
	const minSpan = 0.01 // degrees
	if w := b.Max[0] - b.Min[0]; w < minSpan {
		b.Min[0], b.Max[0] = b.Min[0]-(minSpan-w)/2, b.Max[0]+(minSpan-w)/2
	}
	if h := b.Max[1] - b.Min[1]; h < minSpan {
		b.Min[1], b.Max[1] = b.Min[1]-(minSpan-h)/2, b.Max[1]+(minSpan-h)/2
	}
	x0, y1 := mercator(b.Min[0], b.Min[1])
	x1, y0 := mercator(b.Max[0], b.Max[1])
	k := math.Min((mapW-2*mapPad)/(x1-x0), (mapH-2*mapPad)/(y1-y0))
	return projection{k: k, dx: mapW/2 - k*(x0+x1)/2, dy: mapH/2 - k*(y0+y1)/2}
}

func (p projection) at(lng, lat float64) (float64, float64) {
	x, y := mercator(lng, lat)
	return round1(p.k*x + p.dx), round1(p.k*y + p.dy)
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// path is the SVG path of the polygons, each ring closed, holes drawn by
// the even-odd rule.
func (p projection) path(mp orb.MultiPolygon) string {
	var b strings.Builder
	for _, poly := range mp {
		for _, ring := range poly {
			for i, pt := range ring {
				x, y := p.at(pt[0], pt[1])
				if i == 0 {
					b.WriteString("M")
				} else {
					b.WriteString("L")
				}
				b.WriteString(num(x) + " " + num(y))
			}
			b.WriteString("Z")
		}
	}
	return b.String()
}

// mapTile is one background tile placed in the viewBox.
type mapTile struct {
	Href       string
	X, Y, Size float64
}

// tiles are the background tiles under the viewBox at the zoom nearest
// the map's scale, from the URL template with {z}, {x} and {y}; none
// when there are more than maxTiles.
func (p projection) tiles(tmpl string) []mapTile {
	if tmpl == "" || p.k <= 0 {
		return nil
	}
	z := int(math.Round(math.Log2(p.k / tilePx)))
	z = max(0, min(19, z))
	n := math.Exp2(float64(z))
	size := p.k / n // a tile's side in the viewBox
	// The world's unit square seen through the viewBox.
	wx0, wy0 := -p.dx/p.k, -p.dy/p.k
	wx1, wy1 := (mapW-p.dx)/p.k, (mapH-p.dy)/p.k
	tx0, tx1 := int(math.Floor(wx0*n)), int(math.Floor(wx1*n))
	ty0, ty1 := int(math.Floor(wy0*n)), int(math.Floor(wy1*n))
	if (tx1-tx0+1)*(ty1-ty0+1) > maxTiles {
		return nil
	}
	var out []mapTile
	for ty := max(ty0, 0); ty <= min(ty1, int(n)-1); ty++ {
		for tx := max(tx0, 0); tx <= min(tx1, int(n)-1); tx++ {
			href := strings.NewReplacer("{z}", strconv.Itoa(z), "{x}", strconv.Itoa(tx), "{y}", strconv.Itoa(ty)).Replace(tmpl)
			out = append(out, mapTile{Href: href, X: round1(float64(tx)*size + p.dx), Y: round1(float64(ty)*size + p.dy),
				Size: round1(size) + 0.5})
		}
	}
	return out
}

// mapArea is a community's polygon on the map.
type mapArea struct {
	CommunityID int64
	Name        string
	D           string
	LabelX      float64
	LabelY      float64
	Href        string // zooms to the community
	Schematic   bool
	ColorIndex  int
}

// mapMarker is a marker placed in the viewBox.
type mapMarker struct {
	redmap.Marker
	X, Y  float64
	R     float64
	Shown bool // placed on the map
}

// mapLayer is one layer's group and rows.
type mapLayer struct {
	Key     string
	Shown   bool
	Total   int
	Markers []mapMarker
}

// drawMap places m's boundaries and markers in the viewBox. Count
// markers of several layers at one community sit side by side under its
// name.
func drawMap(m redmap.Map, zoomHref func(id int64) string) ([]mapArea, []mapLayer, projection) {
	p := fit(m.Box)
	var areas []mapArea
	for i, b := range m.Boundaries {
		x, y := p.at(b.Label[0], b.Label[1])
		areas = append(areas, mapArea{CommunityID: b.CommunityID, Name: b.CommunityName, D: p.path(b.Polygons), LabelX: x, LabelY: y,
			Href: zoomHref(b.CommunityID), Schematic: b.Schematic, ColorIndex: i % 6})
	}
	var counted []string
	for _, l := range m.Layers {
		for _, mk := range l.Markers {
			if !mk.AtPoint {
				counted = append(counted, l.Key)
				break
			}
		}
	}
	var layers []mapLayer
	for _, l := range m.Layers {
		ml := mapLayer{Key: l.Key, Shown: l.Shown, Total: l.Total}
		slot := -1
		for i, k := range counted {
			if k == l.Key {
				slot = i
			}
		}
		for _, mk := range l.Markers {
			x, y := p.at(mk.Lng, mk.Lat)
			v := mapMarker{Marker: mk, X: x, Y: y, R: 5, Shown: mk.Placed()}
			if !mk.AtPoint {
				v.R = 9 + math.Min(float64(mk.Count), 40)/5
				v.X = round1(x + (float64(slot)-float64(len(counted)-1)/2)*26)
				v.Y = round1(y + 20)
			}
			ml.Markers = append(ml.Markers, v)
		}
		layers = append(layers, ml)
	}
	return areas, layers, p
}
