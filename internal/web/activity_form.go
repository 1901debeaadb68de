package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/campaign"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// activityFormView is the form that organises an activity: the campaign,
// kind, title, place, date and times, the organising units and the units
// whose people are invited (more people, and people of other units, can
// be invited through the API or signed in as walk-ins).
type activityFormView struct {
	Page
	Form      Form
	Campaigns []campaign.Campaign
	Units     []org.Unit
	Kinds     []campaign.Kind
	// Chosen marks the units ticked, by field and id.
	Chosen map[string]map[int64]bool
	// Editing is the activity being corrected, nil for a new one: its
	// campaign stays, and the form posts to the activity.
	Editing *campaign.Activity
}

// Action is where the form posts.
func (v activityFormView) Action() string {
	if v.Editing != nil {
		return "/activities/" + strconv.FormatInt(v.Editing.ID, 10)
	}
	return "/activities"
}

// Picked reports whether unit id is ticked for field.
func (v activityFormView) Picked(field string, id int64) bool { return v.Chosen[field][id] }

func (h *Web) activityFormView(r *http.Request, f Form, chosen map[string]map[int64]bool) (activityFormView, error) {
	a := edge.Actor(r)
	v := activityFormView{Page: h.page(r, "page.activity_new"), Form: f, Kinds: campaign.Kinds, Chosen: chosen}
	v.Crumbs = []Crumb{{Key: "page.activities", Href: "/activities"}}
	var err error
	if v.Campaigns, err = h.Campaigns.List(r.Context(), a); err != nil {
		return v, err
	}
	tree, err := h.Units.Tree(r.Context(), a)
	if err != nil {
		return v, err
	}
	for _, u := range tree {
		if u.Active && (u.Kind == org.Subdistrict || u.Kind == org.Community || u.Kind == org.Department) {
			v.Units = append(v.Units, u)
		}
	}
	return v, nil
}

// activityNew shows the empty form to those who organise activities.
func (h *Web) activityNew(w http.ResponseWriter, r *http.Request) {
	if !h.notFoundUnless(w, r, seesCampaigns(edge.Actor(r))) {
		return
	}
	v, err := h.activityFormView(r, Form{Values: map[string]string{"start": "09:00", "end": "11:00"}}, nil)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "activity_form", v)
}

// activityCreate organises the activity; a refusal comes back beside its
// fields with nothing written.
func (h *Web) activityCreate(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, seesCampaigns(a)) {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, errs.New(errs.Malformed, "err.malformed"))
		return
	}
	f, chosen, in := activityFormInput(r)
	v, err := h.Campaigns.CreateActivity(r.Context(), a, in)
	if err == nil {
		http.Redirect(w, r, "/activities/"+strconv.FormatInt(v.ID, 10)+"?ok=created", http.StatusSeeOther)
		return
	}
	h.formError(w, r, err, func(fields map[string]string) {
		f.Errors = fields
		view, verr := h.activityFormView(r, f, chosen)
		if verr != nil {
			h.renderError(w, r, verr)
			return
		}
		h.render(w, r, http.StatusUnprocessableEntity, "activity_form", view)
	})
}

// activityFormInput reads the posted form: the values to show again, the
// units ticked, and the activity they make.
func activityFormInput(r *http.Request) (Form, map[string]map[int64]bool, campaign.ActivityInput) {
	f := Form{Values: map[string]string{}}
	for _, k := range []string{"campaign_id", "kind", "title", "place", "date", "start", "end"} {
		f.Values[k] = r.PostForm.Get(k)
	}
	chosen := map[string]map[int64]bool{"unit_ids": {}, "invite_unit_ids": {}}
	ids := func(field string) []int64 {
		var out []int64
		for _, s := range r.PostForm[field] {
			if id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && id > 0 {
				out = append(out, id)
				chosen[field][id] = true
			}
		}
		return out
	}
	campaignID, _ := strconv.ParseInt(strings.TrimSpace(f.Values["campaign_id"]), 10, 64)
	in := campaign.ActivityInput{CampaignID: campaignID, Kind: campaign.Kind(strings.TrimSpace(f.Values["kind"])),
		Title: f.Values["title"], Place: f.Values["place"], Date: strings.TrimSpace(f.Values["date"]),
		Start: strings.TrimSpace(f.Values["start"]), End: strings.TrimSpace(f.Values["end"]),
		UnitIDs: ids("unit_ids"), InviteUnitIDs: ids("invite_unit_ids")}
	return f, chosen, in
}
