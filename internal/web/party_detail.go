package web

import (
	"net/http"
	"time"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/party"
)

type partyOrgView struct {
	partyDict
	O        party.Org
	Coverage []party.Covered
	History  []party.Event
	MayEdit  bool
	// What the actions offer: enterprises and social organisations to
	// cover, organisations to merge into.
	Enterprises []party.Choice
	SocialOrgs  []party.Choice
	Targets     []party.Choice
	// Form holds the values and errors of the action that failed, named
	// by Action (cover, end, merge, dissolve).
	Action string
	Form   Form
	Today  string
}

func (v partyOrgView) Active() bool { return v.O.Status == party.Active }

func (h *Web) partyOrgView(w http.ResponseWriter, r *http.Request, status int, id int64, action string, form Form) {
	a := edge.Actor(r)
	o, err := h.Party.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := partyOrgView{partyDict: partyDict{h.page(r, "pty.page.detail")}, O: o, MayEdit: party.MayEdit(a, o), Action: action, Form: form,
		Today: h.Now().In(i18n.Zone).Format(time.DateOnly)}
	v.Title = o.Name
	if v.Coverage, err = h.Party.Coverage(r.Context(), a, id); err == nil {
		v.History, err = h.Party.History(r.Context(), a, id)
	}
	if err == nil && v.MayEdit && v.Active() {
		if v.Enterprises, err = h.Party.Coverable(r.Context(), a, id); err == nil {
			v.SocialOrgs, err = h.Party.CoverableSocialOrgs(r.Context(), a, id)
		}
		var parents []party.Choice
		if err == nil {
			parents, err = h.Party.Parents(r.Context(), a)
		}
		for _, p := range parents {
			if p.ID != id {
				v.Targets = append(v.Targets, p)
			}
		}
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "party_org", v)
}

func (h *Web) partyOrgDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	h.partyOrgView(w, r, http.StatusOK, id, "", Form{})
}

// partyAction runs one action of the organisation's page: on bad input
// the page again with the action's fields named, otherwise back to the
// page with a flash.
func (h *Web) partyAction(w http.ResponseWriter, r *http.Request, action string, fields []string,
	run func(id int64, vals map[string]string) error) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	// Outside the scope, or without the right to change it, the
	// organisation is not found, whatever the form holds.
	a := edge.Actor(r)
	o, err := h.Party.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if !party.MayEdit(a, o) {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, fields...)
	if err := run(id, vals); err != nil {
		if e := errs.As(err); e.Code == errs.Invalid {
			h.partyOrgView(w, r, http.StatusUnprocessableEntity, id, action, Form{Values: vals, Errors: e.Fields})
			return
		}
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, partyOrgPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}

func (h *Web) partyOrgCover(w http.ResponseWriter, r *http.Request) {
	h.partyAction(w, r, "cover", []string{"enterprise_id", "social_org_id", "from"}, func(id int64, v map[string]string) error {
		return h.Party.Cover(r.Context(), edge.Actor(r), id, party.CoverInput{EnterpriseID: formID(v["enterprise_id"]),
			SocialOrgID: formID(v["social_org_id"]), From: v["from"]})
	})
}

func (h *Web) partyOrgUncover(w http.ResponseWriter, r *http.Request) {
	cid := formID(r.PathValue("cid"))
	h.partyAction(w, r, "end", []string{"until"}, func(id int64, v map[string]string) error {
		if cid <= 0 {
			return errs.E(errs.NotFound)
		}
		return h.Party.Uncover(r.Context(), edge.Actor(r), id, cid, party.UncoverInput{Until: v["until"]})
	})
}

// notConfirmed asks for the tick that confirms an organisation's end: a
// merger or a dissolution cannot be undone on the page.
func notConfirmed(v map[string]string) bool { return v["confirm"] != "yes" }

func (h *Web) partyOrgMerge(w http.ResponseWriter, r *http.Request) {
	h.partyAction(w, r, "merge", []string{"day", "into_id", "note", "confirm"}, func(id int64, v map[string]string) error {
		if notConfirmed(v) {
			return errs.InvalidField("confirm", "pty.err.confirm")
		}
		_, err := h.Party.Merge(r.Context(), edge.Actor(r), id, party.EndInput{Day: v["day"], IntoID: formID(v["into_id"]), Note: v["note"]})
		return err
	})
}

func (h *Web) partyOrgDissolve(w http.ResponseWriter, r *http.Request) {
	h.partyAction(w, r, "dissolve", []string{"day", "note", "confirm"}, func(id int64, v map[string]string) error {
		if notConfirmed(v) {
			return errs.InvalidField("confirm", "pty.err.confirm")
		}
		_, err := h.Party.Dissolve(r.Context(), edge.Actor(r), id, party.EndInput{Day: v["day"], Note: v["note"]})
		return err
	})
}
