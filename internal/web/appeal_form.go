package web

import (
	"database/sql"
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

// maxAppealForm caps a new appeal's form with its attachments: a few
// photos or scans.
const maxAppealForm = 40 << 20

// maxAppealField caps one text field; a description is at most
// appeal.MaxDescription characters, a few times less than this.
const maxAppealField = 64 << 10

type appealFormView struct {
	Page
	appealDict
	E           enterprise.Enterprise
	Form        Form
	Channels    []appeal.Channel
	FixedOnline bool // an enterprise's own appeal: online self-service, no choice
	Departments []appeal.Department
	NamesDept   bool
	Again       bool // refused with files that must be chosen again
	MaxBody     int  // MiB, for the hint
	MaxFiles    int

	// The first step, when no enterprise is chosen yet.
	Picking bool
	Query   string
	Matches []enterprise.Enterprise
	Total   int
}

// staffChannels are the channels staff record an appeal from; online is
// the enterprise's own self-service.
var staffChannels = []appeal.Channel{appeal.ChannelVisit, appeal.ChannelHotline, appeal.ChannelServiceDay, appeal.ChannelOther}

func (h *Web) appealFormView(r *http.Request, e enterprise.Enterprise, f Form) (appealFormView, error) {
	a := edge.Actor(r)
	p := h.page(r, "page.appeal_new")
	dict, err := h.appealDict(r.Context(), p.Lang)
	v := appealFormView{Page: p, appealDict: dict, E: e, Form: f, Channels: staffChannels,
		FixedOnline: a.Role == access.Enterprise, NamesDept: keepsCategories(a), MaxBody: maxAppealForm >> 20,
		MaxFiles: enterprise.MaxUploads}
	v.Crumbs = []Crumb{{Key: "nav.appeals", Href: "/appeals"}}
	if err != nil {
		return v, err
	}
	if v.NamesDept && e.ID != 0 {
		if v.Departments, err = h.Appeals.DepartmentsOf(r.Context(), a, e.ID); err != nil {
			return v, err
		}
	}
	return v, nil
}

// appealEnterprise is the enterprise a new appeal is for: an enterprise
// user's own, or the one chosen by ?enterprise_id= in the actor's scope.
// ok is false when there is none yet (staff choose one first).
func (h *Web) appealEnterprise(r *http.Request) (enterprise.Enterprise, bool, error) {
	a := edge.Actor(r)
	id := a.EnterpriseID
	if a.Role != access.Enterprise {
		s := r.URL.Query().Get("enterprise_id")
		if s == "" {
			return enterprise.Enterprise{}, false, nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return enterprise.Enterprise{}, false, errs.E(errs.NotFound)
		}
		id = n
	}
	e, err := h.Enterprises.Get(r.Context(), a, id)
	return e, err == nil, err
}

// appealNew shows the form: for an enterprise, about itself; for staff,
// first a short search for the enterprise, as the visit form does.
func (h *Web) appealNew(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !raisesAppeals(a) {
		h.NotFound(w, r)
		return
	}
	e, chosen, err := h.appealEnterprise(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	f := Form{Values: map[string]string{}}
	if !chosen {
		v, err := h.appealFormView(r, e, f)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		v.Picking, v.Query = true, strings.TrimSpace(r.URL.Query().Get("q"))
		list, err := h.Enterprises.List(r.Context(), a, enterprise.Filter{Query: v.Query, Page: db.NewPage(1, pickerSize)})
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		v.Matches, v.Total = list.Items, list.Total
		h.render(w, r, http.StatusOK, "appeal_form", v)
		return
	}
	if a.Role == access.Specialist {
		f.Values["channel"] = string(appeal.ChannelVisit)
	}
	v, err := h.appealFormView(r, e, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "appeal_form", v)
}

// appealFields are the text fields of the new appeal form.
var appealFields = []string{"category", "channel", "title", "description", "department_id"}

func (h *Web) appealCreate(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !raisesAppeals(a) {
		h.NotFound(w, r)
		return
	}
	// The enterprise rides in the action's URL, so that it is known even
	// when the body is cut short.
	e, chosen, err := h.appealEnterprise(r)
	if err == nil && !chosen {
		err = errs.E(errs.NotFound)
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	post, err := readUploadForm(r, "attachments", maxAppealField, "apw.err.files_too_large")
	if err != nil && errs.CodeOf(err) != errs.Invalid {
		h.renderError(w, r, err)
		return
	}
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range appealFields {
		f.Values[k] = strings.TrimSpace(post.values.Get(k))
	}
	in := appeal.Input{EnterpriseID: e.ID, Category: f.Values["category"], Channel: appeal.Channel(f.Values["channel"]),
		Title: f.Values["title"], Description: f.Values["description"]}
	if a.Role == access.Enterprise {
		in.Channel = appeal.ChannelOnline
	}
	bad := errs.Fields{}
	if post.fileErr != "" {
		bad.Add("attachments", post.fileErr)
	} else if uerr := enterprise.CheckUploads("attachments", post.files); uerr != nil {
		for k, msg := range errs.As(uerr).Fields {
			bad.Add(k, msg)
		}
	}
	// Only leaders and the office are offered the department; anyone
	// else who sends one has it refused by the service, not dropped here.
	if s := f.Values["department_id"]; s != "" {
		id, perr := strconv.ParseInt(s, 10, 64)
		if perr != nil || id <= 0 {
			bad.Add("department_id", "err.appeal_department")
		}
		in.DepartmentID = &id
	}
	var p appeal.Appeal
	if err == nil {
		err = h.Appeals.DB.Tx(r.Context(), func(tx *sql.Tx) error {
			var cerr error
			if p, cerr = h.Appeals.CreateTx(r.Context(), tx, a, in); cerr != nil {
				return cerr
			}
			if err := bad.Err(); err != nil {
				return err
			}
			_, serr := h.Enterprises.SaveAttachmentsTx(r.Context(), tx, a, enterprise.OwnerAppeal, p.ID, post.files)
			return serr
		})
	}
	if err != nil {
		// The service names its fields; the uploads' problems join them,
		// so that one answer shows everything to fix.
		if e := errs.As(err); e.Code == errs.Invalid {
			for k, msg := range bad {
				if _, ok := e.Fields[k]; !ok {
					e.Fields[k] = msg
				}
			}
		}
		h.formError(w, r, err, func(fields map[string]string) {
			f.Errors = fields
			v, verr := h.appealFormView(r, e, f)
			if verr != nil {
				h.renderError(w, r, verr)
				return
			}
			v.Again = len(post.files) > 0 || post.fileErr != ""
			h.render(w, r, http.StatusUnprocessableEntity, "appeal_form", v)
		})
		return
	}
	http.Redirect(w, r, appealPath(p.ID)+"?ok=created", http.StatusSeeOther)
}
