package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/campaign"
	"pinghu/internal/edge"
)

type activityView struct {
	Page
	Activity campaign.Activity
	// People is the list of invitees, for the organisers only.
	People []campaign.Invitation
	// SignInLink is the link the organiser shows at the meeting: the page
	// with the code filled in.
	SignInLink string
	// SignInQR is the link's QR code, for phones at the meeting.
	SignInQR template.URL
	// CanSignIn and CanLeave offer the invitee's forms.
	CanSignIn, CanLeave bool
	SignIn, Leave       Form
	// CanEdit offers the organisers the form that corrects the activity
	// until it is over.
	CanEdit bool
}

// activityDetail is one activity: the invitee's sign-in and leave forms,
// and for the organiser the code, its link and the list of people.
func (h *Web) activityDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !h.notFoundUnless(w, r, ok) {
		return
	}
	f := Form{Values: map[string]string{"code": strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("code")))}}
	h.showActivity(w, r, id, http.StatusOK, f, Form{})
}

func (h *Web) showActivity(w http.ResponseWriter, r *http.Request, id int64, status int, signIn, leave Form) {
	a := edge.Actor(r)
	v, err := h.Campaigns.GetActivity(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := h.page(r, "page.activities")
	p.Title = v.Title
	p.Crumbs = []Crumb{{Key: "page.activities", Href: "/activities"}}
	view := activityView{Page: p, Activity: v, SignIn: signIn, Leave: leave}
	if v.Manage {
		view.CanEdit = h.Now().Before(v.EndsAt)
		if view.People, err = h.Campaigns.Invitations(r.Context(), a, id); err != nil {
			h.renderError(w, r, err)
			return
		}
		view.SignInLink = "/activities/" + strconv.FormatInt(id, 10) + "?code=" + v.Code
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		if view.SignInQR, err = linkQR(scheme + "://" + r.Host + view.SignInLink); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	if m := v.Mine; m != nil && m.SignedInAt == nil {
		now := h.Now()
		from, until := v.Window()
		view.CanSignIn = !now.Before(from) && !now.After(until)
		view.CanLeave = m.LeaveAt == nil && now.Before(v.EndsAt)
	}
	h.render(w, r, status, "activity", view)
}
