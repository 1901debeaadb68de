package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/microproject"
)

// The residents' pages of the micro-projects: the list and page of every
// project from its publication on, the proposal form, and the objection
// and rating forms. They need no login and show nothing about who
// proposed a project.

type publicMicroprojectListView struct {
	mpDict
	Filter      url.Values
	Stages      []microproject.Stage
	Communities []microproject.Place
	Items       []microproject.PublicProject
	Pager       Pager
}

func (h *Web) publicMicroprojectList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := publicMicroprojectListView{mpDict: mpDict{h.page(r, "mp.page.public_list")}, Filter: filterValues(q, "community_id", "stage", "year"),
		Stages: microproject.PublicStages}
	var err error
	if v.Communities, err = h.Microprojects.Communities(r.Context()); err != nil {
		h.renderError(w, r, err)
		return
	}
	f := microproject.PublicFilter{CommunityID: queryID(q, "community_id"), Stage: microproject.Stage(strings.TrimSpace(q.Get("stage"))),
		Year: queryInt(q, "year"), Page: queryPage(r)}
	l, err := h.Microprojects.PublicList(r.Context(), f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Items = l.Items
	v.Pager = newPager("/p/microprojects", v.Filter, l.Page, l.PageSize, l.Total)
	h.render(w, r, http.StatusOK, "microproject_public_list", v)
}

func (h *Web) publicMicroprojectNew(w http.ResponseWriter, r *http.Request) {
	h.microprojectForm(w, r, http.StatusOK, microprojectFormView{mpDict: mpDict{h.page(r, "mp.page.public_new")}, Public: true,
		Action: "/p/microprojects"})
}

// publicMicroprojectCreate takes a resident's proposed project and sends
// them to its receipt's page. The address's budget was spent before this
// runs; over budget the request never gets here.
func (h *Web) publicMicroprojectCreate(w http.ResponseWriter, r *http.Request) {
	vals := formValues(r, "community_id", "kind", "category", "title", "description", "location", "budget", "name", "mobile", "website")
	p, err := h.Microprojects.SubmitPublic(r.Context(), edge.Actor(r), microproject.PublicInput{CommunityID: formID(vals["community_id"]),
		Kind: microproject.Kind(vals["kind"]), Category: microproject.Category(vals["category"]), Title: vals["title"],
		Description: vals["description"], Location: vals["location"], Budget: formMoney(vals["budget"]), Name: vals["name"],
		Mobile: vals["mobile"], Website: vals["website"]})
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.microprojectForm(w, r, http.StatusUnprocessableEntity, microprojectFormView{mpDict: mpDict{h.page(r, "mp.page.public_new")},
				Public: true, Action: "/p/microprojects", Form: Form{Values: vals, Errors: f}, Error: h.moneyError(r, err)})
		})
		return
	}
	http.Redirect(w, r, "/p/microprojects/receipts/"+p.Receipt+"?ok=created", http.StatusSeeOther) // #nosec G710 -- a receipt drawn here from a fixed alphabet
}

type microprojectStatusView struct {
	mpDict
	Status microproject.Status
}

// publicMicroprojectStatus shows a receipt's stage and dates, and the
// project's public page once it is published; nothing else.
func (h *Web) publicMicroprojectStatus(w http.ResponseWriter, r *http.Request) {
	st, err := h.Microprojects.PublicStatus(r.Context(), r.PathValue("receipt"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "microproject_receipt", microprojectStatusView{mpDict: mpDict{h.page(r, "mp.page.receipt")}, Status: st})
}

type publicMicroprojectView struct {
	mpDict
	P     microproject.PublicProject
	Form  Form
	Error string
	Done  string // "objection" or "rating" after one was taken
}

func (h *Web) publicMicroprojectView(w http.ResponseWriter, r *http.Request, status int, id int64, form Form, errMsg string) {
	p, err := h.Microprojects.PublicGet(r.Context(), id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := publicMicroprojectView{mpDict: mpDict{h.page(r, "mp.page.public_detail")}, P: p, Form: form, Error: errMsg}
	v.Title = p.Title
	if d := r.URL.Query().Get("done"); d == "objection" || d == "rating" {
		v.Done = d
	}
	h.render(w, r, status, "microproject_public", v)
}

func (h *Web) publicMicroprojectDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	h.publicMicroprojectView(w, r, http.StatusOK, id, Form{}, "")
}

// publicFormRefused shows the public page again with a refusal: bad
// fields, or a form that no longer applies (the publication is over).
func (h *Web) publicFormRefused(w http.ResponseWriter, r *http.Request, id int64, vals map[string]string, err error) {
	e := errs.As(err)
	switch e.Code {
	case errs.Invalid:
		h.publicMicroprojectView(w, r, http.StatusUnprocessableEntity, id, Form{Values: vals, Errors: e.Fields}, "")
	case errs.Conflict:
		h.publicMicroprojectView(w, r, http.StatusConflict, id, Form{Values: vals}, h.Cat.T(edge.StateOf(r).Lang, e.Message, e.Args...))
	default:
		h.renderError(w, r, err)
	}
}

// publicMicroprojectPost takes the public page's forms: an objection
// during the publication, or a rating after the acceptance ("form" says
// which).
func (h *Web) publicMicroprojectPost(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, "form", "body", "stars", "comment", "website")
	var err error
	switch vals["form"] {
	case "objection":
		err = h.Microprojects.ObjectPublic(r.Context(), edge.Actor(r), id, microproject.PublicObjection{Body: vals["body"], Website: vals["website"]})
	case "rating":
		err = h.Microprojects.Rate(r.Context(), edge.Actor(r), id, microproject.PublicRating{Stars: formInt(vals["stars"]),
			Comment: vals["comment"], Website: vals["website"]})
	default:
		err = errs.InvalidField("form", "mp.err.form")
	}
	if err != nil {
		h.publicFormRefused(w, r, id, vals, err)
		return
	}
	http.Redirect(w, r, "/p/microprojects/"+strconv.FormatInt(id, 10)+"?done="+vals["form"], http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id and one of two words
}
