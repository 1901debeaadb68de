package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

// bulkPreview is how many of the chosen enterprises the confirmation
// names; the rest are counted.
const bulkPreview = 20

type bulkView struct {
	Page
	IDs        []int64
	Preview    []enterprise.Enterprise
	More       int
	Values     map[string]string // leader_id, department_id, specialist_id as posted
	Members    []bulkMember
	Note       string
	Back       string
	Errors     map[string]string
	Alert      string // a message already translated
	CanConfirm bool
}

// bulkMember is one of the 四个一 as the confirmation shows it.
type bulkMember struct {
	Key   string // the catalog key of its label
	Field string
	Value string // "" keep, "0" clear, an id
	Name  string
	Err   string
}

// memberValue reads one member of an assignment form: "" (or absent)
// leaves it, "0" clears it, an id assigns it.
func memberValue(s string) (*int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return nil, false
	}
	return &n, true
}

// enterpriseBulkAssign first shows what a bulk assignment will do, and
// applies it only when that confirmation is posted back: changing the
// 四个一 of many enterprises at once deserves a second look, with or
// without JavaScript.
func (h *Web) enterpriseBulkAssign(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	rights := enterprise.RightsOf(a)
	if !rights.Manage {
		h.NotFound(w, r)
		return
	}
	_ = r.ParseForm()
	v := bulkView{Page: h.page(r, "page.enterprise_bulk"), Values: map[string]string{}, Errors: map[string]string{},
		Note: strings.TrimSpace(r.PostForm.Get("note")), Back: localPath(r.PostForm.Get("back"))}
	if !strings.HasPrefix(v.Back, "/enterprises") {
		v.Back = "/enterprises"
	}
	v.Crumbs = []Crumb{{Key: "nav.enterprises", Href: "/enterprises"}}
	seen := map[int64]bool{}
	for _, s := range r.PostForm["ids"] {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			v.Errors["ids"] = "err.bad_id"
			continue
		}
		if !seen[id] {
			seen[id] = true
			v.IDs = append(v.IDs, id)
		}
	}
	if len(v.IDs) == 0 && v.Errors["ids"] == "" {
		v.Errors["ids"] = "ent.bulk.none"
	}
	choices, err := h.Enterprises.Choices(r.Context(), a)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	as := enterprise.Assignment{Note: v.Note}
	changes := false
	for _, m := range []struct {
		key, field string
		dst        **int64
		list       []enterprise.Choice
	}{
		{"ent.field.leader", "leader_id", &as.LeaderID, choices.Leaders},
		{"ent.field.department", "department_id", &as.DepartmentID, choices.Departments},
		{"ent.field.specialist", "specialist_id", &as.SpecialistID, choices.Specialists},
	} {
		raw := strings.TrimSpace(r.PostForm.Get(m.field))
		v.Values[m.field] = raw
		id, ok := memberValue(raw)
		bm := bulkMember{Key: m.key, Field: m.field, Value: raw}
		switch {
		case !ok:
			bm.Err = "err.bad_id"
			v.Errors[m.field] = bm.Err
		case id == nil:
			bm.Name = v.T("ent.bulk.keep")
		case *id == 0:
			bm.Name = v.T("ent.bulk.clear")
			changes = true
		default:
			bm.Name = "#" + raw
			for _, c := range m.list {
				if c.ID == *id {
					bm.Name = c.Name
				}
			}
			changes = true
		}
		*m.dst = id
		v.Members = append(v.Members, bm)
	}
	if !changes && len(v.Errors) == 0 {
		v.Errors["members"] = "ent.bulk.nothing"
		v.Alert = v.T("ent.bulk.nothing")
	}
	if len(v.Errors) == 0 && r.PostForm.Get("confirm") == "yes" {
		if _, err := h.Enterprises.BulkAssign(r.Context(), a, v.IDs, as); err != nil {
			e := errs.As(err)
			if e.Code != errs.Invalid {
				h.renderError(w, r, err)
				return
			}
			for k, msg := range e.Fields {
				v.Errors[k] = msg
			}
			v.Alert = h.Cat.T(v.Lang, e.Message, e.Args...)
		} else {
			sep := "?"
			if strings.Contains(v.Back, "?") {
				sep = "&"
			}
			http.Redirect(w, r, v.Back+sep+"ok=saved", http.StatusSeeOther)
			return
		}
	}
	for i := range v.Members {
		if v.Members[i].Err == "" {
			v.Members[i].Err = v.Errors[v.Members[i].Field]
		}
	}
	for _, id := range v.IDs {
		if len(v.Preview) == bulkPreview {
			v.More = len(v.IDs) - bulkPreview
			break
		}
		e, err := h.Enterprises.Get(r.Context(), a, id)
		if errs.CodeOf(err) == errs.NotFound {
			v.Errors["ids"] = "err.enterprise_unknown"
			continue
		}
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		v.Preview = append(v.Preview, e)
	}
	status := http.StatusOK
	if len(v.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	v.CanConfirm = len(v.Errors) == 0
	h.render(w, r, status, "enterprise_bulk", v)
}
