package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/campaign"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
)

// campaignFormView is the form that starts a campaign: its name, year,
// owning unit and goals, and its phases, filled in from the default
// template of four.
type campaignFormView struct {
	Page
	Form   Form
	Units  []org.Unit
	Phases []phaseRow
	// Editing is the campaign being corrected, nil for a new one: its
	// year and unit stay, and the form posts to the campaign.
	Editing *campaign.Campaign
}

// Action is where the form posts.
func (v campaignFormView) Action() string {
	if v.Editing != nil {
		return "/campaigns/" + strconv.FormatInt(v.Editing.ID, 10)
	}
	return "/campaigns"
}

// phaseRow names the form fields of one phase; the names are those the
// service's errors use (phases[0].start…), so each error lands beside its
// field.
type phaseRow struct {
	N                      int
	Name, Start, End, Goal string
}

func phaseRows(n int) []phaseRow {
	out := make([]phaseRow, n)
	for i := range out {
		p := fmt.Sprintf("phases[%d].", i)
		out[i] = phaseRow{N: i + 1, Name: p + "name", Start: p + "start", End: p + "end", Goal: p + "goals"}
	}
	return out
}

// campaignPhases is how many phases the form offers: the template's four.
const campaignPhases = 4

func (h *Web) campaignFormView(r *http.Request, f Form, rows int) (campaignFormView, error) {
	v := campaignFormView{Page: h.page(r, "page.campaign_new"), Form: f, Phases: phaseRows(rows)}
	v.Crumbs = []Crumb{{Key: "page.campaigns", Href: "/campaigns"}}
	tree, err := h.Units.Tree(r.Context(), edge.Actor(r))
	if err != nil {
		return v, err
	}
	for _, u := range tree {
		if u.Active && (u.Kind == org.District || u.Kind == org.Subdistrict) {
			v.Units = append(v.Units, u)
		}
	}
	return v, nil
}

// canStartCampaigns: the sub-district's leaders and its office.
func canStartCampaigns(r *http.Request) bool {
	a := edge.Actor(r)
	return seesCampaigns(a) && (a.Role == access.Leader || a.Role == access.Office)
}

// campaignNew shows the form with this year's default phases.
func (h *Web) campaignNew(w http.ResponseWriter, r *http.Request) {
	if !h.notFoundUnless(w, r, canStartCampaigns(r)) {
		return
	}
	year := h.Now().In(i18n.Zone).Year()
	f := Form{Values: map[string]string{"year": strconv.Itoa(year)}}
	for i, p := range campaign.DefaultPhases(year) {
		row := phaseRows(campaignPhases)[i]
		f.Values[row.Name], f.Values[row.Start], f.Values[row.End], f.Values[row.Goal] = p.Name, p.Start, p.End, p.Goals
	}
	v, err := h.campaignFormView(r, f, campaignPhases)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "campaign_form", v)
}

// campaignCreate starts the campaign; a refusal comes back beside its
// fields with nothing written.
func (h *Web) campaignCreate(w http.ResponseWriter, r *http.Request) {
	if !h.notFoundUnless(w, r, canStartCampaigns(r)) {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, errs.New(errs.Malformed, "err.malformed"))
		return
	}
	f, in := campaignFormInput(r, campaignPhases)
	c, err := h.Campaigns.Create(r.Context(), edge.Actor(r), in)
	if err == nil {
		http.Redirect(w, r, "/campaigns/"+strconv.FormatInt(c.ID, 10)+"?ok=created", http.StatusSeeOther)
		return
	}
	h.formError(w, r, err, func(fields map[string]string) {
		f.Errors = fields
		v, verr := h.campaignFormView(r, f, campaignPhases)
		if verr != nil {
			h.renderError(w, r, verr)
			return
		}
		h.render(w, r, http.StatusUnprocessableEntity, "campaign_form", v)
	})
}

// campaignFormInput reads the posted form of up to rows phases: the values
// to show again, and the campaign they make.
func campaignFormInput(r *http.Request, rows int) (Form, campaign.Input) {
	f := Form{Values: map[string]string{}}
	for _, k := range []string{"name", "year", "unit_id", "goals"} {
		f.Values[k] = r.PostForm.Get(k)
	}
	in := campaign.Input{Name: f.Values["name"], Goals: f.Values["goals"]}
	in.Year, _ = strconv.Atoi(strings.TrimSpace(f.Values["year"]))
	in.UnitID, _ = strconv.ParseInt(strings.TrimSpace(f.Values["unit_id"]), 10, 64)
	for _, row := range phaseRows(rows) {
		p := campaign.PhaseInput{Name: r.PostForm.Get(row.Name), Start: strings.TrimSpace(r.PostForm.Get(row.Start)),
			End: strings.TrimSpace(r.PostForm.Get(row.End)), Goals: r.PostForm.Get(row.Goal)}
		f.Values[row.Name], f.Values[row.Start], f.Values[row.End], f.Values[row.Goal] = p.Name, p.Start, p.End, p.Goals
		// A row left wholly empty is a phase not wanted.
		if strings.TrimSpace(p.Name+p.Start+p.End+p.Goals) != "" {
			in.Phases = append(in.Phases, p)
		}
	}
	return f, in
}
