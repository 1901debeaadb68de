package web

import (
	"context"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/i18n"
	"pinghu/internal/report/chart"
)

// dashChart is one chart of the dashboard with its data as a table: the
// SVG for the eye and for print, the table for screen readers, for
// phones (where a chart's labels get small) and for exact numbers. Every
// bar, point and number links to the appeals behind it.
type dashChart struct {
	TitleKey string
	SVG      chartHTML
	By       string
	// Columns are the figures of the table, Rows its lines.
	Columns []string // figure names
	Rows    []dashChartRow
	Wide    bool // the trend takes the whole width
}

// dashChartRow is one group of a breakdown with a link per figure.
type dashChartRow struct {
	Label string
	Cells []dashCell
}

type dashCell struct {
	Value int
	Href  string
}

// chartFigures are the columns of the breakdown tables.
var chartFigures = []string{appeal.FigureCollected, appeal.FigureResolved, appeal.FigureInProgress, appeal.FigureOverdue}

func rowValue(r appeal.Row, figure string) int {
	switch figure {
	case appeal.FigureCollected:
		return r.Collected
	case appeal.FigureResolved:
		return r.Resolved
	case appeal.FigureInProgress:
		return r.InProgress
	case appeal.FigureRejected:
		return r.Rejected
	case appeal.FigureOverdue:
		return r.Overdue
	}
	return 0
}

// dashCharts draws the weekly trend and the breakdowns by category,
// department and community, one aggregate each, for sq: the page's query
// at the same moment as the cards.
func (h *Web) dashCharts(ctx context.Context, a access.Actor, p Page, q dashQuery, sq appeal.StatsQuery) ([]dashChart, error) {
	categories, err := h.categoryNames(ctx, p.Lang)
	if err != nil {
		return nil, err
	}
	var out []dashChart
	for _, by := range []string{appeal.ByWeek, appeal.ByCategory, appeal.ByDepartment, appeal.ByCommunity} {
		rows, err := h.Appeals.Breakdown(ctx, a, sq, by)
		if err != nil {
			return nil, err
		}
		c := dashChart{TitleKey: "dash.chart." + by, By: by, Columns: chartFigures}
		labels := make([]string, len(rows))
		for i, r := range rows {
			labels[i] = r.Label
			switch by {
			case appeal.ByCategory:
				if name, ok := categories[r.Key]; ok {
					labels[i] = name
				}
			case appeal.ByDepartment:
				if r.Key == "none" {
					labels[i] = p.T("appeal.unassigned")
				}
			}
			line := dashChartRow{Label: labels[i]}
			for _, fig := range chartFigures {
				line.Cells = append(line.Cells, dashCell{Value: rowValue(r, fig), Href: q.RowHref(by, r.Key, fig)})
			}
			c.Rows = append(c.Rows, line)
		}
		title := p.T(c.TitleKey)
		if by == appeal.ByWeek {
			c.Wide = true
			c.SVG = weekTrend(p, q, rows, title)
		} else {
			c.SVG = breakdownBars(q, by, rows, labels, title)
		}
		out = append(out, c)
	}
	return out, nil
}

// weekTrend is the line of appeals collected and resolved per week of
// collection; each point links to the week's appeals of that figure.
func weekTrend(p Page, q dashQuery, rows []appeal.Row, title string) chartHTML {
	l := chart.Line{Title: title, Width: 720, Height: 260}
	collected := chart.Series{Name: p.T(figureLabel(appeal.FigureCollected))}
	resolved := chart.Series{Name: p.T(figureLabel(appeal.FigureResolved))}
	for _, r := range rows {
		// The Monday as MM-DD: twelve labels of a year's weeks fit.
		l.Labels = append(l.Labels, r.Key[min(len(r.Key), 5):])
		collected.Values = append(collected.Values, float64(r.Collected))
		collected.Links = append(collected.Links, q.RowHref(appeal.ByWeek, r.Key, appeal.FigureCollected))
		resolved.Values = append(resolved.Values, float64(r.Resolved))
		resolved.Links = append(resolved.Links, q.RowHref(appeal.ByWeek, r.Key, appeal.FigureResolved))
	}
	l.Series = []chart.Series{collected, resolved}
	return l.SVG()
}

// breakdownBars is the bar chart of appeals collected per group.
func breakdownBars(q dashQuery, by string, rows []appeal.Row, labels []string, title string) chartHTML {
	// Drawn at about the size a half-width panel shows it, so that its
	// 11 px text stays 11 px on a laptop.
	const width = 480
	b := chart.Bars{Title: title, Width: width, Height: 240}
	slot := 0
	if len(rows) > 0 {
		slot = (width - 56) / len(rows)
	}
	for i, r := range rows {
		b.Labels = append(b.Labels, fitLabel(labels[i], by, slot))
		b.Values = append(b.Values, float64(r.Collected))
		b.Links = append(b.Links, q.RowHref(by, r.Key, appeal.FigureCollected))
	}
	return b.SVG()
}

// fitLabel shortens a bar's label to its slot (11 px text: a Chinese
// character about 11 px wide, a Latin one about 6): a community drops
// "社区", anything still too long is cut with "…". The table under the
// chart has the full names.
func fitLabel(s, by string, slot int) string {
	if by == appeal.ByCommunity {
		if short := strings.TrimSuffix(s, "社区"); short != "" {
			s = short
		}
	}
	width := func(s string) int {
		w := 0
		for _, r := range s {
			if r < 0x2E80 {
				w += 6
			} else {
				w += 11
			}
		}
		return w
	}
	if slot <= 0 || width(s) <= slot {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 && width(string(rs))+11 > slot {
		rs = rs[:len(rs)-1]
	}
	return strings.TrimSpace(string(rs)) + "…"
}

// categoryNames names the appeal categories in a language, by code: the
// dictionary's English name for English, its Chinese name otherwise.
func (h *Web) categoryNames(ctx context.Context, lang string) (map[string]string, error) {
	cats, err := h.Appeals.Categories(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(cats))
	for _, c := range cats {
		name := c.Name
		if lang == i18n.En && c.NameEn != "" {
			name = c.NameEn
		}
		out[c.Code] = name
	}
	return out, nil
}
