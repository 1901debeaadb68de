// Package chart draws small SVG charts on the server, so that the same
// chart serves the page, the print view and the exported report, needs no
// JavaScript, and passes a CSP without inline styles (only presentation
// attributes are used). Every bar or point may link to the records behind
// it.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Palette is used in order for series; the first is the party red of the
// interface, the rest are distinguishable for common colour blindness.
var Palette = []string{"#b3261e", "#1d5fbf", "#1d7a46", "#8a5a00", "#5b3a8e", "#6b7785"}

// Bars is a vertical bar chart of one series.
type Bars struct {
	Title  string
	Labels []string
	Values []float64
	Links  []string // optional, one per bar
	Width  int      // default 640
	Height int      // default 260
}

// Line is a line chart of one or more series over the same labels.
type Line struct {
	Title  string
	Labels []string
	Series []Series
	Width  int
	Height int
}

// Series is one named line.
type Series struct {
	Name   string
	Values []float64
	Links  []string // optional, one per point
}

const (
	padLeft   = 44
	padRight  = 12
	padTop    = 28
	padBottom = 44
)

// niceMax rounds the largest value up to a round axis maximum.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	exp := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*exp {
			return m * exp
		}
	}
	return 10 * exp
}

func num(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func esc(s string) string { return html.EscapeString(s) }

type canvas struct {
	b    strings.Builder
	w, h int
}

// open starts the drawing. A chart whose marks are links is a group of
// them, not an image: an image's content is hidden from assistive
// technology, so links inside it could be reached by the keyboard but
// not named.
func (c *canvas) open(title string, links bool) {
	role := "img"
	if links {
		role = "group"
	}
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %d %d" role="%s" aria-label="%s">`, c.w, c.h, role, esc(title))
	fmt.Fprintf(&c.b, `<title>%s</title>`, esc(title))
}

// axis draws the value gridlines and their labels.
func (c *canvas) axis(maxV float64) {
	plotH := float64(c.h - padTop - padBottom)
	for i := 0; i <= 4; i++ {
		v := maxV * float64(i) / 4
		y := float64(c.h-padBottom) - plotH*float64(i)/4
		fmt.Fprintf(&c.b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#e5e6eb" stroke-width="1"/>`, padLeft, y, c.w-padRight, y)
		fmt.Fprintf(&c.b, `<text x="%d" y="%.1f" font-size="11" fill="#5c6673" text-anchor="end">%s</text>`, padLeft-6, y+4, num(v))
	}
}

// xLabels writes category labels, thinning them when there are many.
func (c *canvas) xLabels(labels []string, x func(i int) float64) {
	step := 1
	if n := len(labels); n > 12 {
		step = (n + 11) / 12
	}
	for i, l := range labels {
		if i%step != 0 {
			continue
		}
		fmt.Fprintf(&c.b, `<text x="%.1f" y="%d" font-size="11" fill="#4e5969" text-anchor="middle">%s</text>`, x(i), c.h-padBottom+16, esc(l))
	}
}

// linkOpen opens a mark's link, named for its value; "" is no link.
func (c *canvas) linkOpen(href, name string) {
	if href != "" {
		fmt.Fprintf(&c.b, `<a href="%s" aria-label="%s">`, esc(href), esc(name))
	}
}

func nonEmpty(s string) bool { return s != "" }

func (c *canvas) close() template.HTML {
	c.b.WriteString(`</svg>`)
	// Every text is escaped above and every number formatted by us.
	return template.HTML(c.b.String()) // #nosec G203 -- built from escaped parts only
}

func size(w, h int) (int, int) {
	if w <= 0 {
		w = 640
	}
	if h <= 0 {
		h = 260
	}
	return w, h
}

// SVG renders the bar chart.
func (b Bars) SVG() template.HTML {
	c := &canvas{}
	c.w, c.h = size(b.Width, b.Height)
	c.open(b.Title, slices.ContainsFunc(b.Links, nonEmpty))
	maxV := 0.0
	for _, v := range b.Values {
		maxV = math.Max(maxV, v)
	}
	maxV = niceMax(maxV)
	c.axis(maxV)
	n := len(b.Values)
	if n == 0 {
		return c.close()
	}
	plotW := float64(c.w - padLeft - padRight)
	plotH := float64(c.h - padTop - padBottom)
	slot := plotW / float64(n)
	barW := math.Max(2, slot*0.6)
	x := func(i int) float64 { return float64(padLeft) + slot*(float64(i)+0.5) }
	for i, v := range b.Values {
		h := plotH * v / maxV
		y := float64(c.h-padBottom) - h
		label := ""
		if i < len(b.Labels) {
			label = b.Labels[i]
		}
		link := ""
		if i < len(b.Links) {
			link = b.Links[i]
		}
		c.linkOpen(link, label+": "+num(v))
		fmt.Fprintf(&c.b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s</title></rect>`,
			x(i)-barW/2, y, barW, h, Palette[0], esc(label), num(v))
		fmt.Fprintf(&c.b, `<text x="%.1f" y="%.1f" font-size="11" fill="#1f2329" text-anchor="middle">%s</text>`, x(i), y-4, num(v))
		if link != "" {
			c.b.WriteString(`</a>`)
		}
	}
	c.xLabels(b.Labels, x)
	return c.close()
}

// SVG renders the line chart with a legend.
func (l Line) SVG() template.HTML {
	c := &canvas{}
	c.w, c.h = size(l.Width, l.Height)
	c.open(l.Title, slices.ContainsFunc(l.Series, func(s Series) bool { return slices.ContainsFunc(s.Links, nonEmpty) }))
	maxV := 0.0
	for _, s := range l.Series {
		for _, v := range s.Values {
			maxV = math.Max(maxV, v)
		}
	}
	maxV = niceMax(maxV)
	c.axis(maxV)
	n := len(l.Labels)
	plotW := float64(c.w - padLeft - padRight)
	plotH := float64(c.h - padTop - padBottom)
	x := func(i int) float64 {
		if n <= 1 {
			return float64(padLeft) + plotW/2
		}
		return float64(padLeft) + plotW*float64(i)/float64(n-1)
	}
	y := func(v float64) float64 { return float64(c.h-padBottom) - plotH*v/maxV }
	for si, s := range l.Series {
		color := Palette[si%len(Palette)]
		var pts []string
		for i, v := range s.Values {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(v)))
		}
		fmt.Fprintf(&c.b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`, strings.Join(pts, " "), color)
		for i, v := range s.Values {
			link := ""
			if i < len(s.Links) {
				link = s.Links[i]
			}
			label := ""
			if i < len(l.Labels) {
				label = l.Labels[i]
			}
			c.linkOpen(link, s.Name+" "+label+": "+num(v))
			fmt.Fprintf(&c.b, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s %s: %s</title></circle>`, x(i), y(v), color, esc(s.Name), esc(label), num(v))
			if link != "" {
				c.b.WriteString(`</a>`)
			}
		}
		// Legend along the top.
		lx := padLeft + si*140
		fmt.Fprintf(&c.b, `<rect x="%d" y="8" width="12" height="12" fill="%s"/><text x="%d" y="18" font-size="12" fill="#1f2329">%s</text>`,
			lx, color, lx+16, esc(s.Name))
	}
	c.xLabels(l.Labels, x)
	return c.close()
}
