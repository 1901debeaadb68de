package chart

import (
	"fmt"
	"html/template"
	"time"
)

// Gantt is a Gantt-style chart: one bar per row from its start to its end
// date, the reported progress as a darker part of the bar, milestones as
// diamonds (filled when done) and a line on the as-of date. Dates are
// YYYY-MM-DD; a row whose dates do not parse is drawn without a bar.
type Gantt struct {
	Title string
	Rows  []GanttRow
	// From and To bound the time axis; empty fits the rows.
	From, To string
	// Today draws the as-of line; empty draws none.
	Today string
	Width int // default 880
}

// GanttRow is one bar.
type GanttRow struct {
	Label      string
	Start, End string
	Progress   int    // 0–100, drawn over the bar
	Color      string // the bar's colour; default Palette[1]
	Link       string // optional
	Milestones []GanttMark
}

// GanttMark is one milestone on a bar.
type GanttMark struct {
	Date  string
	Label string
	Done  bool
	Late  bool
}

const (
	ganttLabelW = 220
	ganttRowH   = 24
	ganttTop    = 30
)

func parseDay(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// SVG renders the chart.
func (g Gantt) SVG() template.HTML {
	w := g.Width
	if w <= 0 {
		w = 880
	}
	from, okFrom := parseDay(g.From)
	to, okTo := parseDay(g.To)
	for _, r := range g.Rows {
		if s, ok := parseDay(r.Start); ok && (!okFrom || s.Before(from)) {
			from, okFrom = s, true
		}
		if e, ok := parseDay(r.End); ok && (!okTo || e.After(to)) {
			to, okTo = e, true
		}
	}
	if !okFrom || !okTo || !to.After(from) {
		from = time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
		to = from.AddDate(1, 0, 0)
	}
	// Whole months on the axis.
	from = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	to = time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1, 0)
	plotW := float64(w - ganttLabelW - padRight)
	span := to.Sub(from).Hours()
	x := func(t time.Time) float64 {
		f := t.Sub(from).Hours() / span
		f = max(0, min(1, f))
		return float64(ganttLabelW) + f*plotW
	}
	links := false
	for _, r := range g.Rows {
		links = links || r.Link != ""
	}
	c := &canvas{w: w, h: ganttTop + ganttRowH*max(1, len(g.Rows)) + 10}
	c.open(g.Title, links)
	// Month ticks, thinned to at most 12 labels.
	months := 0
	for m := from; m.Before(to); m = m.AddDate(0, 1, 0) {
		months++
	}
	step := max(1, (months+11)/12)
	i := 0
	for m := from; m.Before(to); m = m.AddDate(0, 1, 0) {
		fmt.Fprintf(&c.b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#e5e6eb" stroke-width="1"/>`, x(m), ganttTop-6, x(m), c.h-6)
		if i%step == 0 {
			fmt.Fprintf(&c.b, `<text x="%.1f" y="%d" font-size="11" fill="#4e5969">%s</text>`, x(m)+2, ganttTop-10, m.Format("2006-01"))
		}
		i++
	}
	for i, r := range g.Rows {
		y := ganttTop + i*ganttRowH
		name := r.Label
		if r.Start != "" || r.End != "" {
			name = fmt.Sprintf("%s: %s – %s, %d%%", r.Label, r.Start, r.End, r.Progress)
		}
		c.linkOpen(r.Link, name)
		label := []rune(r.Label)
		if len(label) > 15 {
			label = append(label[:14], '…')
		}
		fmt.Fprintf(&c.b, `<text x="4" y="%d" font-size="12" fill="#1d2129">%s</text>`, y+16, esc(string(label)))
		s, ok1 := parseDay(r.Start)
		e, ok2 := parseDay(r.End)
		if ok1 && ok2 && !e.Before(s) {
			color := r.Color
			if color == "" {
				color = Palette[1]
			}
			x0, x1 := x(s), x(e.AddDate(0, 0, 1))
			fmt.Fprintf(&c.b, `<rect x="%.1f" y="%d" width="%.1f" height="14" fill="%s" fill-opacity="0.35" rx="2"/>`, x0, y+4, max(2, x1-x0), esc(color))
			if p := max(0, min(100, r.Progress)); p > 0 {
				fmt.Fprintf(&c.b, `<rect x="%.1f" y="%d" width="%.1f" height="14" fill="%s" rx="2"/>`, x0, y+4, max(1, (x1-x0)*float64(p)/100), esc(color))
			}
		}
		for _, m := range r.Milestones {
			d, ok := parseDay(m.Date)
			if !ok {
				continue
			}
			mx, my := x(d), float64(y+11)
			fill, stroke := "#ffffff", "#1d2129"
			if m.Done {
				fill = "#1d2129"
			}
			if m.Late {
				stroke = Palette[0]
				if m.Done {
					fill = Palette[0]
				}
			}
			fmt.Fprintf(&c.b, `<path d="M%.1f %.1fl5 5l-5 5l-5 -5z" fill="%s" stroke="%s" stroke-width="1.5"><title>%s</title></path>`,
				mx, my-5, fill, stroke, esc(m.Date+" "+m.Label))
		}
		if r.Link != "" {
			c.b.WriteString(`</a>`)
		}
	}
	if t, ok := parseDay(g.Today); ok && !t.Before(from) && t.Before(to) {
		fmt.Fprintf(&c.b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="1.5" stroke-dasharray="4 3"/>`,
			x(t), ganttTop-6, x(t), c.h-6, Palette[0])
	}
	return c.close()
}
