package web

import (
	"context"
	"net/url"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/db"
)

// dashboardCards are the enterprise service's cards on the home page:
// this year's appeals collected, linking to them, and this year's closure
// rate, linking to the dashboard. (The appeal module's cards show the
// overdue and due-soon queue.)
//
// As of now the figures need no history: collected is every appeal
// submitted this year, resolved those now resolved or closed. Two counts
// of the appeal list, then, not the dashboard's aggregate over every
// event, so that the home page stays cheap at city scale; they are the
// very numbers the dashboard shows without an as-of date.
func dashboardCards(h *Web, ctx context.Context, a access.Actor) ([]Card, error) {
	if !seesDashboard(a) || h.Appeals == nil {
		return nil, nil
	}
	q := readDashQuery(url.Values{}, h.today())
	count := func(f appeal.Filter) (int, error) {
		f.From, f.To, f.Page = q.From, q.To, db.NewPage(1, 1)
		l, err := h.Appeals.List(ctx, a, f)
		return l.Total, err
	}
	collected, err := count(appeal.Filter{})
	if err != nil {
		return nil, err
	}
	resolved, err := count(appeal.Filter{States: []appeal.State{appeal.Resolved, appeal.Closed}})
	if err != nil {
		return nil, err
	}
	rate := "—"
	if collected > 0 {
		rate = strconv.FormatFloat(float64(resolved)/float64(collected)*100, 'f', 1, 64) + "%"
	}
	return []Card{
		{TitleKey: "dash.card.collected", Value: strconv.Itoa(collected), Href: q.FigureHref(appeal.FigureCollected), NoteKey: "dash.card.year_note"},
		{TitleKey: "dash.card.closure_rate", Value: rate, Href: q.Href(), NoteKey: "dash.card.dashboard_note"},
	}, nil
}
