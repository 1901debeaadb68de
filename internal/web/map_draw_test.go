package web

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// The projection frames the box in the viewBox keeping its shape, north
// up, and Web Mercator agrees with the tile grid: a tile's corner is
// where the tile servers put it.
func TestMapProjection(t *testing.T) {
	b := orb.Bound{Min: orb.Point{114.08, 22.632}, Max: orb.Point{114.17, 22.72}}
	p := fit(b)
	x0, y0 := p.at(b.Min[0], b.Max[1]) // north-west
	x1, y1 := p.at(b.Max[0], b.Min[1]) // south-east
	if x0 < mapPad-1 || y0 < mapPad-1 || x1 > mapW-mapPad+1 || y1 > mapH-mapPad+1 || x1 <= x0 || y1 <= y0 {
		t.Errorf("box drawn at (%v,%v)–(%v,%v), outside the frame or upside down", x0, y0, x1, y1)
	}
	// One side fills the frame (less the padding), the other fits in it.
	if w, h := x1-x0, y1-y0; math.Abs(w-(mapW-2*mapPad)) > 1 && math.Abs(h-(mapH-2*mapPad)) > 1 {
		t.Errorf("neither side fills the frame: %v × %v", w, h)
	}
	// Tile 13/6692/3565 holds Pinghu (114.1°E, 22.69°N): x = 294.1/360 × 8192,
	// y = (1 − ln(tan φ + sec φ)/π)/2 × 8192, worked by hand.
	n := math.Exp2(13)
	x, y := mercator(114.1, 22.69)
	if int(x*n) != 6692 || int(y*n) != 3565 {
		t.Errorf("mercator puts Pinghu in tile %d/%d, want 6692/3565", int(x*n), int(y*n))
	}
	// A single point is widened, not divided by zero.
	q := fit(orb.Bound{Min: orb.Point{114.1, 22.69}, Max: orb.Point{114.1, 22.69}})
	if px, py := q.at(114.1, 22.69); math.IsNaN(px) || math.Abs(px-mapW/2) > 1 || math.Abs(py-mapH/2) > 1 {
		t.Errorf("a single point drawn at %v,%v", px, py)
	}
}

// Tiles cover the viewBox from the configured template and none are
// drawn without one.
func TestMapTiles(t *testing.T) {
	p := fit(orb.Bound{Min: orb.Point{114.08, 22.632}, Max: orb.Point{114.17, 22.72}})
	if got := p.tiles(""); got != nil {
		t.Errorf("tiles without a template: %v", got)
	}
	tiles := p.tiles("https://tile.example/{z}/{x}/{y}.png")
	if len(tiles) == 0 || len(tiles) > maxTiles {
		t.Fatalf("%d tiles", len(tiles))
	}
	var minX, minY, maxX, maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, tl := range tiles {
		if !strings.HasPrefix(tl.Href, "https://tile.example/") || strings.Contains(tl.Href, "{") {
			t.Errorf("tile href %q", tl.Href)
		}
		minX, minY = math.Min(minX, tl.X), math.Min(minY, tl.Y)
		maxX, maxY = math.Max(maxX, tl.X+tl.Size), math.Max(maxY, tl.Y+tl.Size)
	}
	if minX > 0 || minY > 0 || maxX < mapW || maxY < mapH {
		t.Errorf("tiles cover (%v,%v)–(%v,%v), not the whole %d×%d view", minX, minY, maxX, maxY, mapW, mapH)
	}
}
