package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/proposal"
)

var proposalFilters = []string{"q", "state", "source", "community_id", "from", "to", "adopted_from", "adopted_to", "sort"}

type proposalListView struct {
	proposalDict
	Filter      url.Values
	FilterErrs  map[string]string
	States      []proposal.State
	Sorts       []string
	Communities []proposal.Place
	Items       []proposal.Proposal
	Pager       Pager
	CanCreate   bool
}

func (v proposalListView) Filtered() bool { return len(v.Filter) > 0 }

// pageDay reads a date of a list's filter as the start of that day in
// China Standard Time; end moves it to the end of the day, so a range is
// inclusive as people mean it.
func pageDay(q url.Values, name string, end bool, bad errs.Fields) time.Time {
	s := strings.TrimSpace(q.Get(name))
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, i18n.Zone)
	if err != nil {
		bad.Add(name, "err.bad_date")
		return time.Time{}
	}
	if end {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

func (h *Web) proposalList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	v := proposalListView{proposalDict: proposalDict{h.page(r, "page.proposals")}, Filter: filterValues(q, proposalFilters...),
		States: proposal.States, Sorts: proposal.SortKeys, CanCreate: seesProposals(a)}
	bad := errs.Fields{}
	f := proposal.Filter{Query: strings.TrimSpace(q.Get("q")), State: proposal.State(strings.TrimSpace(q.Get("state"))),
		Source: proposal.Source(strings.TrimSpace(q.Get("source"))), CommunityID: queryID(q, "community_id"),
		From: pageDay(q, "from", false, bad), To: pageDay(q, "to", true, bad),
		AdoptedFrom: pageDay(q, "adopted_from", false, bad), AdoptedTo: pageDay(q, "adopted_to", true, bad),
		Sort: strings.TrimSpace(q.Get("sort")), Page: queryPage(r)}
	var err error
	if v.Communities, err = h.Proposals.Communities(r.Context()); err != nil {
		h.renderError(w, r, err)
		return
	}
	l, listErr := listAfter(bad, func() (db.List[proposal.Proposal], error) { return h.Proposals.List(r.Context(), a, f) })
	status, fields, ok := h.listStatus(w, r, listErr)
	if !ok {
		return
	}
	v.Items, v.FilterErrs = l.Items, fields
	v.Pager = newPager("/proposals", v.Filter, f.Page.Number, f.Page.Size, l.Total)
	h.render(w, r, status, "proposals", v)
}
