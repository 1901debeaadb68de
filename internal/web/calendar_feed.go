package web

import (
	"net/http"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/reminder"
)

// calendarFeedView is the settings of the user's calendar feed. URL is
// set only in the answer that made the token: it is never shown again.
type calendarFeedView struct {
	Page
	Status reminder.FeedStatus
	URL    string
}

func (h *Web) calendarFeedView(r *http.Request) (calendarFeedView, error) {
	v := calendarFeedView{Page: h.page(r, "page.calendar_feed")}
	v.Crumbs = []Crumb{{Key: "nav.reminders", Href: "/reminders"}}
	st, err := h.Feeds.Status(r.Context(), edge.Actor(r))
	v.Status = st
	return v, err
}

func (h *Web) calendarFeedPage(w http.ResponseWriter, r *http.Request) {
	if !hasReminders(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	v, err := h.calendarFeedView(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "calendar_feed", v)
}

// calendarFeedRotate makes a new address (the old one stops working) and
// shows it, once.
func (h *Web) calendarFeedRotate(w http.ResponseWriter, r *http.Request) {
	token, err := h.Feeds.Rotate(r.Context(), edge.Actor(r))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v, err := h.calendarFeedView(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	v.URL = scheme + "://" + r.Host + "/api/v1/calendar/" + token + ".ics"
	w.Header().Set("Cache-Control", "no-store")
	h.render(w, r, http.StatusOK, "calendar_feed", v)
}

// calendarFeedRevoke turns the feed off; with none on, there is nothing
// to do and the page says the same.
func (h *Web) calendarFeedRevoke(w http.ResponseWriter, r *http.Request) {
	if !hasReminders(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	if err := h.Feeds.Revoke(r.Context(), edge.Actor(r)); err != nil && errs.CodeOf(err) != errs.NotFound {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/calendar-feed?ok=saved", http.StatusSeeOther)
}
