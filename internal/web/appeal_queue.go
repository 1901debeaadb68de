package web

import (
	"net/http"

	"pinghu/internal/appeal"
	"pinghu/internal/edge"
)

type appealQueueView struct {
	Page
	appealDict
	Q        appeal.Queue
	HasQueue bool
}

// appealQueue is the user's work list: what is overdue and what falls due
// within a day, most urgent first. A role without a queue sees why.
func (h *Web) appealQueue(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	p := h.page(r, "page.appeal_queue")
	dict, err := h.appealDict(r.Context(), p.Lang)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := appealQueueView{Page: p, appealDict: dict, HasQueue: hasQueue(a)}
	v.Crumbs = []Crumb{{Key: "nav.appeals", Href: "/appeals"}}
	if v.Q, err = h.Appeals.MyQueue(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "appeal_queue", v)
}

// queuePart is one section of the queue page, for its template.
type queuePart struct {
	V     appealQueueView
	Kind  string
	Items []appeal.Appeal
	Total int
	More  string
}

// Part builds one section of the page.
func (v appealQueueView) Part(kind string, items []appeal.Appeal, total int, more string) queuePart {
	return queuePart{V: v, Kind: kind, Items: items, Total: total, More: more}
}
