package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/proposal"
	"pinghu/internal/thinktank"
)

// The answer's form carries its files: up to nine of 10 MiB each.
const (
	maxAnswerForm  = 100 << 20
	maxAnswerField = 64 << 10
)

var consultationFilters = []string{"q", "unit_id", "field", "status", "urgency", "from", "to", "answered", "expert_id", "sort"}

type consultationListView struct {
	ttDict
	Filter      url.Values
	FilterErrs  map[string]string
	Sorts       []string
	Communities []proposal.Place
	Items       []thinktank.Consultation
	Pager       Pager
	CanCreate   bool
	Ledger      string
	// Figures are the think tank's figures by field for the filter's
	// period and unit; each links to the list that holds it.
	Figures *thinktank.Figures
}

func (v consultationListView) Filtered() bool { return len(v.Filter) > 0 }

// FigureLink is the list behind one figure: the filter's period and unit,
// with the field and, for those answered, answered=true.
func (v consultationListView) FigureLink(field thinktank.Field, answered bool) string {
	q := url.Values{}
	for _, k := range []string{"unit_id", "from", "to"} {
		if s := v.Filter.Get(k); s != "" {
			q.Set(k, s)
		}
	}
	if field != "" {
		q.Set("field", string(field))
	}
	if answered {
		q.Set("answered", "true")
	}
	return "/consultations?" + q.Encode()
}

func (h *Web) consultationList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !thinktank.SeesConsultations(a) {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	v := consultationListView{ttDict: ttDict{h.page(r, "tt.page.consultations")}, Filter: filterValues(q, consultationFilters...),
		Sorts: thinktank.SortKeys, CanCreate: thinktank.MayRequest(a)}
	v.Ledger = "/ledgers/consultations.xlsx"
	if len(v.Filter) > 0 {
		v.Ledger += "?" + v.Filter.Encode()
	}
	bad := errs.Fields{}
	f := consultationPageFilter(q, bad)
	f.Page = queryPage(r)
	var err error
	if v.Communities, err = h.communitiesSeen(r); err != nil {
		h.renderError(w, r, err)
		return
	}
	l, listErr := listAfter(bad, func() (db.List[thinktank.Consultation], error) { return h.ThinkTank.Consultations(r.Context(), a, f) })
	status, fields, ok := h.listStatus(w, r, listErr)
	if !ok {
		return
	}
	v.Items, v.FilterErrs = l.Items, fields
	v.Pager = newPager("/consultations", v.Filter, f.Page.Number, f.Page.Size, l.Total)
	if status == http.StatusOK {
		// A unit out of scope has no figures; the list says so already.
		if fig, err := h.ThinkTank.CommunityFigures(r.Context(), a, f.From, f.To, f.UnitID); err == nil {
			v.Figures = &fig
		} else if errs.CodeOf(err) != errs.NotFound {
			h.renderError(w, r, err)
			return
		}
	}
	h.render(w, r, status, "consultations", v)
}

type consultationView struct {
	ttDict
	K           thinktank.Consultation
	Allowed     map[string]bool
	Suggestions []thinktank.Suggestion
	Form        Form
	Error       string
}

func (h *Web) consultationView(w http.ResponseWriter, r *http.Request, status int, id int64, form Form, errMsg string) {
	a := edge.Actor(r)
	k, err := h.ThinkTank.Consultation(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := consultationView{ttDict: ttDict{h.page(r, "tt.page.consultation")}, K: k, Allowed: map[string]bool{}, Form: form, Error: errMsg}
	v.Title = k.Topic
	allowed := thinktank.Allowed(a, k)
	for _, act := range allowed {
		v.Allowed[string(act)] = true
	}
	if slices.Contains(allowed, thinktank.Assign) {
		if v.Suggestions, err = h.ThinkTank.Suggest(r.Context(), a, id); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	h.render(w, r, status, "consultation", v)
}

func (h *Web) consultationDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	h.consultationView(w, r, http.StatusOK, id, Form{}, "")
}

func (h *Web) consultationAct(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	post, err := readUploadForm(r, "attachments", maxAnswerField, "tt.err.files_too_large")
	if err != nil && errs.CodeOf(err) != errs.Invalid {
		h.renderError(w, r, err)
		return
	}
	vals := map[string]string{}
	for _, k := range []string{"action", "expert_id", "advice", "rating", "comment", "note"} {
		vals[k] = post.values.Get(k)
	}
	if err == nil && post.fileErr != "" {
		err = errs.InvalidField("attachments", post.fileErr)
	}
	if err == nil {
		rating, _ := strconv.Atoi(vals["rating"])
		_, err = h.ThinkTank.Act(r.Context(), edge.Actor(r), id, thinktank.ActInput{Action: thinktank.Action(vals["action"]),
			ExpertID: formID(vals["expert_id"]), Advice: vals["advice"], Rating: rating, Comment: vals["comment"], Note: vals["note"],
			Attachments: post.files})
	}
	if err != nil {
		e := errs.As(err)
		switch e.Code {
		case errs.Invalid:
			h.consultationView(w, r, http.StatusUnprocessableEntity, id, Form{Values: vals, Errors: e.Fields}, "")
		case errs.Conflict:
			h.consultationView(w, r, http.StatusConflict, id, Form{Values: vals}, h.Cat.T(edge.StateOf(r).Lang, e.Message, e.Args...))
		default:
			h.renderError(w, r, err)
		}
		return
	}
	http.Redirect(w, r, consultationPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}

type consultationFormView struct {
	ttDict
	Form        Form
	Communities []proposal.Place
	// ChoosesCommunity: the leaders and the office name the community and
	// whom they ask for; an enterprise and a community ask for themselves.
	ChoosesCommunity bool
}

func (h *Web) consultationForm(w http.ResponseWriter, r *http.Request, status int, f Form) {
	a := edge.Actor(r)
	v := consultationFormView{ttDict: ttDict{h.page(r, "tt.page.consultation_new")}, Form: f,
		ChoosesCommunity: a.Role == access.Leader || a.Role == access.Office}
	if v.ChoosesCommunity {
		var err error
		if v.Communities, err = h.communitiesSeen(r); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	h.render(w, r, status, "consultation_form", v)
}

func (h *Web) consultationNew(w http.ResponseWriter, r *http.Request) {
	if !thinktank.MayRequest(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	h.consultationForm(w, r, http.StatusOK, Form{Values: map[string]string{"urgency": "normal", "requester_kind": "party_org"}})
}

func (h *Web) consultationCreate(w http.ResponseWriter, r *http.Request) {
	vals := formValues(r, "topic", "description", "field", "urgency", "requester_kind", "community_id")
	k, err := h.ThinkTank.Request(r.Context(), edge.Actor(r), thinktank.Input{Topic: vals["topic"], Description: vals["description"],
		Field: thinktank.Field(vals["field"]), Urgency: thinktank.Urgency(vals["urgency"]),
		RequesterKind: thinktank.RequesterKind(vals["requester_kind"]), CommunityID: formID(vals["community_id"])})
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.consultationForm(w, r, http.StatusUnprocessableEntity, Form{Values: vals, Errors: f})
		})
		return
	}
	http.Redirect(w, r, consultationPath(k.ID)+"?ok=created", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}
