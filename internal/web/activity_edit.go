package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/campaign"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// activityEdit shows an activity's form filled in, to its organisers.
func (h *Web) activityEdit(w http.ResponseWriter, r *http.Request) {
	v, ok := h.managedActivity(w, r)
	if !ok {
		return
	}
	f := Form{Values: map[string]string{"campaign_id": strconv.FormatInt(v.CampaignID, 10), "kind": string(v.Kind),
		"title": v.Title, "place": v.Place, "date": v.Date(), "start": v.StartsAt.In(i18n.Zone).Format("15:04"),
		"end": v.EndsAt.In(i18n.Zone).Format("15:04")}}
	chosen := map[string]map[int64]bool{"unit_ids": {}, "invite_unit_ids": {}}
	for _, u := range v.Units {
		chosen["unit_ids"][u.ID] = true
	}
	h.renderActivityEdit(w, r, http.StatusOK, v, f, chosen)
}

// activityUpdate corrects the activity; a refusal comes back beside its
// fields with nothing written.
func (h *Web) activityUpdate(w http.ResponseWriter, r *http.Request) {
	v, ok := h.managedActivity(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, errs.New(errs.Malformed, "err.malformed"))
		return
	}
	f, chosen, in := activityFormInput(r)
	if _, err := h.Campaigns.UpdateActivity(r.Context(), edge.Actor(r), v.ID, in); err != nil {
		h.formError(w, r, err, func(fields map[string]string) {
			f.Errors = fields
			h.renderActivityEdit(w, r, http.StatusUnprocessableEntity, v, f, chosen)
		})
		return
	}
	http.Redirect(w, r, "/activities/"+strconv.FormatInt(v.ID, 10)+"?ok=saved", http.StatusSeeOther)
}

// managedActivity reads the activity of the path for its organisers;
// anyone else gets not found, as for anything out of reach.
func (h *Web) managedActivity(w http.ResponseWriter, r *http.Request) (campaign.Activity, bool) {
	a := edge.Actor(r)
	id, ok := pathID(r)
	if !h.notFoundUnless(w, r, ok && seesCampaigns(a)) {
		return campaign.Activity{}, false
	}
	v, err := h.Campaigns.GetActivity(r.Context(), a, id)
	if err == nil && !v.Manage {
		err = errs.E(errs.NotFound)
	}
	if err != nil {
		h.renderError(w, r, err)
		return v, false
	}
	return v, true
}

func (h *Web) renderActivityEdit(w http.ResponseWriter, r *http.Request, status int, v campaign.Activity, f Form, chosen map[string]map[int64]bool) {
	view, err := h.activityFormView(r, f, chosen)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	view.Editing = &v
	view.TitleKey = "page.activity_edit"
	view.Crumbs = append(view.Crumbs, Crumb{Label: v.Title, Href: "/activities/" + strconv.FormatInt(v.ID, 10)})
	h.render(w, r, status, "activity_form", view)
}
