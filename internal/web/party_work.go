package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/party"
)

// partyWorkView is the form of an enterprise's party work: its party
// members and its party-building instructor or liaison.
type partyWorkView struct {
	partyDict
	W      party.EnterpriseWork
	Form   Form
	Roles  []party.WorkerRole
	Action string
}

func partyWorkPath(id int64) string { return "/party/work/" + strconv.FormatInt(id, 10) }

func (h *Web) partyWorkForm(w http.ResponseWriter, r *http.Request, status int, id int64, values, fields map[string]string) {
	ew, err := h.Party.GetWork(r.Context(), edge.Actor(r), id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if values == nil {
		values = map[string]string{"party_members": strconv.Itoa(ew.PartyMembers), "worker_role": string(ew.WorkerRole),
			"worker_name": ew.WorkerName, "assigned_on": ew.AssignedOn}
	}
	v := partyWorkView{partyDict: partyDict{h.page(r, "pty.page.work")}, W: ew, Form: Form{Values: values, Errors: fields},
		Roles: []party.WorkerRole{party.Instructor, party.Liaison}, Action: partyWorkPath(id)}
	v.Title = v.T("pty.page.work") + " · " + ew.Name
	h.render(w, r, status, "party_work", v)
}

func (h *Web) partyWorkEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	h.partyWorkForm(w, r, http.StatusOK, id, nil, nil)
}

func (h *Web) partyWorkSave(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, "party_members", "worker_role", "worker_name", "assigned_on")
	members := 0
	if vals["party_members"] != "" {
		if n, err := strconv.Atoi(vals["party_members"]); err == nil {
			members = n
		} else {
			members = -1 // named as a bad count by the service
		}
	}
	err := h.Party.SetWork(r.Context(), edge.Actor(r), party.Work{EnterpriseID: id, PartyMembers: members,
		WorkerRole: party.WorkerRole(vals["worker_role"]), WorkerName: vals["worker_name"], AssignedOn: vals["assigned_on"]})
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) { h.partyWorkForm(w, r, http.StatusUnprocessableEntity, id, vals, f) })
		return
	}
	http.Redirect(w, r, partyWorkPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}
