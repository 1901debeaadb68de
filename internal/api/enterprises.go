package api

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
)

func (a *API) enterpriseRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		rt(http.MethodGet, "/enterprises", s, a.listEnterprises),
		rt(http.MethodPost, "/enterprises", s, a.createEnterprise),
		rt(http.MethodGet, "/enterprises/{id}", s, a.getEnterprise),
		rt(http.MethodPatch, "/enterprises/{id}", s, a.updateEnterprise),
		rt(http.MethodPut, "/enterprises/{id}/assignment", s, a.assignEnterprise),
		rt(http.MethodPost, "/enterprises/{id}/visits", s, a.recordVisit),
		rt(http.MethodPost, "/enterprises/{id}/contacts/{contact}/reveal", s, a.revealContactPhone),
		rt(http.MethodGet, "/visits", s, a.listVisits),
		rt(http.MethodGet, "/visits/{id}", s, a.getVisit),
	}
}

func validSort(s string) bool {
	return slices.Contains(enterprise.SortKeys, strings.TrimPrefix(s, "-"))
}

func validStatus(s string) bool { return enterprise.Status(s).Valid() }

func validIndustry(s string) bool { return s != "" && enterprise.ValidIndustry(strings.ToUpper(s)) }

// enterpriseDetail is one enterprise as GET answers it: the registry
// entry with its contacts (phones masked by Contact's own marshalling)
// and its output values.
type enterpriseDetail struct {
	enterprise.Enterprise
	Contacts []enterprise.Contact `json:"contacts"`
	Outputs  []enterprise.Output  `json:"outputs"`
}

// detail reads what GET answers for an enterprise the caller may see.
func (a *API) detail(r *http.Request, id int64) (enterpriseDetail, error) {
	ctx, actor := r.Context(), edge.Actor(r)
	var d enterpriseDetail
	var err error
	if d.Enterprise, err = a.Enterprises.Get(ctx, actor, id); err != nil {
		return d, err
	}
	if d.Contacts, err = a.Enterprises.Contacts(ctx, actor, id); err != nil {
		return d, err
	}
	d.Outputs, err = a.Enterprises.Outputs(ctx, actor, id)
	return d, err
}

// writeDetail answers an enterprise just changed with its full detail.
// The change is committed, so when reading it back fails (the caller
// moved it out of their own sight) the answer is the changed entry alone
// rather than an error; contacts and outputs are then empty.
func (a *API) writeDetail(w http.ResponseWriter, r *http.Request, status int, e enterprise.Enterprise) {
	d, err := a.detail(r, e.ID)
	if err != nil {
		d = enterpriseDetail{Enterprise: e, Contacts: []enterprise.Contact{}, Outputs: []enterprise.Output{}}
	}
	edge.WriteJSON(w, status, d)
}

// listEnterprises is one page of the enterprises in the caller's scope.
func (a *API) listEnterprises(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := enterprise.Filter{
		Query:        p.text("q"),
		CommunityID:  p.id("community_id"),
		Industry:     p.oneOf("industry", "err.enterprise_industry", validIndustry),
		AboveScale:   p.bool("above_scale"),
		Top100:       p.bool("top100"),
		Status:       enterprise.Status(p.oneOf("status", "err.enterprise_status", validStatus)),
		SpecialistID: p.id("specialist_id"),
		Sort:         p.oneOf("sort", "err.enterprise_sort", validSort),
		Page:         p.page(),
	}
	if inc := p.bool("incomplete"); inc != nil {
		f.Incomplete = *inc
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	list, err := a.Enterprises.List(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, list)
}

func (a *API) createEnterprise(w http.ResponseWriter, r *http.Request) {
	var in enterprise.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	e, err := a.Enterprises.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/enterprises/"+strconv.FormatInt(e.ID, 10))
	a.writeDetail(w, r, http.StatusCreated, e)
}

func (a *API) getEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	d, err := a.detail(r, id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, d)
}

// updateEnterprise changes the fields present in the body.
func (a *API) updateEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in enterprise.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	e, err := a.Enterprises.Update(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeDetail(w, r, http.StatusOK, e)
}

// assignEnterprise replaces the 四个一: a member that is null or absent
// is unassigned, as PUT replaces the whole.
func (a *API) assignEnterprise(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var as enterprise.Assignment
	if err := edge.DecodeJSON(r, &as); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	e, err := a.Enterprises.Assign(r.Context(), edge.Actor(r), id, as.Replacing())
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeDetail(w, r, http.StatusOK, e)
}
