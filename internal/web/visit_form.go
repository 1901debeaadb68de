package web

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// maxVisitForm caps a whole visit form with its photos: a few phone
// photos, well under the nine the record takes at their largest.
const maxVisitForm = 40 << 20

// maxVisitField caps one text field of the form; findings are at most
// enterprise.MaxFindings characters, a few times less than this.
const maxVisitField = 64 << 10

// pickerSize is how many enterprises the "which enterprise?" step lists.
const pickerSize = 20

type visitFormView struct {
	Page
	E       enterprise.Enterprise
	Form    Form
	Forms   []enterprise.Form
	People  []visitPerson
	Today   string
	Again   bool // a refused form whose photos must be chosen again
	MaxBody int  // MiB, for the hint

	// Appeals are the appeals raised during the visit (appeal_visit.go).
	Appeals visitAppeals

	// The first step, when no enterprise is chosen yet.
	Picking bool
	Query   string
	Matches []enterprise.Enterprise
	Total   int
}

// visitPerson is an account the form offers as one of the people who
// went: the user, and the enterprise's leader and specialist.
type visitPerson struct {
	ID      int64
	Name    string
	Checked bool
}

// today is the date in the sub-district, the default of a visit's date.
func (h *Web) today() string { return h.Now().In(i18n.Zone).Format(time.DateOnly) }

func (h *Web) visitFormView(r *http.Request, e enterprise.Enterprise, f Form, chosen map[int64]bool) visitFormView {
	a := edge.Actor(r)
	v := visitFormView{Page: h.page(r, "page.visit_new"), E: e, Form: f, Forms: enterprise.Forms, Today: h.today(),
		MaxBody: maxVisitForm >> 20}
	v.Crumbs = []Crumb{{Key: "nav.visits", Href: "/visits"}}
	if e.ID != 0 {
		v.Crumbs = append(v.Crumbs, Crumb{Label: e.Name, Href: enterprisePath(e.ID)})
		v.Appeals = h.visitAppeals(r.Context(), v.Lang, f)
	}
	seen := map[int64]bool{}
	for _, p := range []visitPerson{{a.UserID, a.Name, true}, {e.LeaderID, e.LeaderName, false}, {e.SpecialistID, e.SpecialistName, false}} {
		if p.ID <= 0 || seen[p.ID] {
			continue
		}
		seen[p.ID] = true
		if chosen != nil {
			p.Checked = chosen[p.ID]
		}
		v.People = append(v.People, p)
	}
	return v
}

// visitNew shows the visit form for ?enterprise_id=, or first a short
// search for the enterprise when none is given.
func (h *Web) visitNew(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !enterprise.RightsOf(a).RecordVisit {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	if s := q.Get("enterprise_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			h.NotFound(w, r)
			return
		}
		e, err := h.Enterprises.Get(r.Context(), a, id)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		f := Form{Values: map[string]string{"date": h.today(), "form": string(enterprise.OnSite)}}
		h.render(w, r, http.StatusOK, "visit_form", h.visitFormView(r, e, f, nil))
		return
	}
	v := h.visitFormView(r, enterprise.Enterprise{}, Form{}, nil)
	v.Picking, v.Query = true, strings.TrimSpace(q.Get("q"))
	list, err := h.Enterprises.List(r.Context(), a, enterprise.Filter{Query: v.Query, Page: db.NewPage(1, pickerSize)})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Matches, v.Total = list.Items, list.Total
	h.render(w, r, http.StatusOK, "visit_form", v)
}

// visitInput turns the posted form into a visit: the ticked accounts and
// the names typed one per line are the people who went.
func visitInput(e enterprise.Enterprise, p uploadForm) (enterprise.VisitInput, Form, map[int64]bool, error) {
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range append([]string{"date", "form", "findings", "others"}, visitAppealFields...) {
		f.Values[k] = strings.TrimSpace(p.values.Get(k))
	}
	in := enterprise.VisitInput{EnterpriseID: e.ID, Date: f.Values["date"], Form: enterprise.Form(f.Values["form"]),
		Findings: f.Values["findings"], Photos: p.files}
	chosen := map[int64]bool{}
	bad := errs.Fields{}
	for _, s := range p.values["people"] {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			bad.Add("people", "err.visit_person_unknown")
			continue
		}
		if !chosen[id] {
			chosen[id] = true
			in.People = append(in.People, enterprise.Person{UserID: id})
		}
	}
	for _, line := range strings.Split(f.Values["others"], "\n") {
		if name := strings.TrimSpace(line); name != "" {
			in.People = append(in.People, enterprise.Person{Name: name})
		}
	}
	if p.fileErr != "" {
		bad.Add("photos", p.fileErr)
	}
	return in, f, chosen, bad.Err()
}

func (h *Web) visitCreate(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !enterprise.RightsOf(a).RecordVisit {
		h.NotFound(w, r)
		return
	}
	// The enterprise rides in the action's URL, so that it is known even
	// when the body is cut short.
	id, err := strconv.ParseInt(r.URL.Query().Get("enterprise_id"), 10, 64)
	if err != nil || id <= 0 {
		h.NotFound(w, r)
		return
	}
	e, err := h.Enterprises.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	post, err := readUploadForm(r, "photos", maxVisitField, "ent.err.photos_too_large")
	if err != nil && errs.CodeOf(err) != errs.Invalid {
		h.renderError(w, r, err)
		return
	}
	in, f, chosen, verr := visitInput(e, post)
	if err == nil {
		err = verr
	}
	var v enterprise.Visit
	if err == nil {
		v, err = h.recordVisit(r.Context(), a, in, post.values)
	}
	if err != nil {
		h.formError(w, r, err, func(fields map[string]string) {
			f.Errors = fields
			if _, ok := f.Errors["attachments"]; ok { // the service's name for the files
				f.Errors["photos"] = f.Errors["attachments"]
			}
			view := h.visitFormView(r, e, f, chosen)
			view.Again = len(post.files) > 0 || post.fileErr != ""
			h.render(w, r, http.StatusUnprocessableEntity, "visit_form", view)
		})
		return
	}
	http.Redirect(w, r, "/visits/"+strconv.FormatInt(v.ID, 10)+"?ok=created", http.StatusSeeOther)
}

// recordVisit writes the visit in one transaction through RecordVisitTx.
//
// APPEALS: the appeals raised during the visit join here. Read them from
// form (the fields the visit form's APPEALS block adds), and record each
// with the appeal service inside the same tx, with the new visit's ID and
// channel "visit", so that the visit and its appeals are written all or
// nothing. Field errors they return should name fields the form shows.
func (h *Web) recordVisit(ctx context.Context, a access.Actor, in enterprise.VisitInput, form url.Values) (enterprise.Visit, error) {
	var v enterprise.Visit
	err := h.Enterprises.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if v, err = h.Enterprises.RecordVisitTx(ctx, tx, a, in); err != nil {
			return err
		}
		return h.recordVisitAppeals(ctx, tx, a, v, form)
	})
	return v, err
}
