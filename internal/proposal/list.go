package proposal

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Filter selects proposals in the actor's scope.
type Filter struct {
	Query       string // in the title and the text
	State       State
	Source      Source
	CommunityID int64
	UnitID      int64 // the unit it is assigned to
	// From and To bound the submission, To excluded; zero is open.
	From, To time.Time
	// AdoptedFrom and AdoptedTo, when either is set, keep proposals
	// adopted in that period, To excluded.
	AdoptedFrom, AdoptedTo time.Time
	Sort                   string // one of SortKeys; "" is the newest first
	Page                   db.Page
}

var sorts = db.Sorts{
	"-submitted_at": "p.submitted_at DESC, p.id DESC",
	"submitted_at":  "p.submitted_at, p.id",
	"-updated_at":   "p.updated_at DESC, p.id DESC",
	"title":         "p.title, p.id",
}

// SortKeys lists the accepted values of Filter.Sort, the default first.
var SortKeys = []string{"-submitted_at", "submitted_at", "-updated_at", "title"}

func (f *Filter) validate() error {
	bad := errs.Fields{}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > MaxTitle {
		bad.Add("q", "err.too_long")
	}
	if f.State != "" && !f.State.Valid() {
		bad.Add("state", "err.proposal_state")
	}
	if f.Source != "" && f.Source != Cadre && f.Source != Resident {
		bad.Add("source", "err.proposal_source")
	}
	if !sorts.Valid(f.Sort) {
		bad.Add("sort", "err.proposal_sort")
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	return bad.Err()
}

func (s *Service) where(w *db.Where, a access.Actor, f Filter) {
	scope(w, a)
	if f.Query != "" {
		pat := db.LikePattern(f.Query)
		w.And("(p.title "+s.DB.ILike()+" ? ESCAPE '\\' OR p.body "+s.DB.ILike()+" ? ESCAPE '\\')", pat, pat)
	}
	if f.State != "" {
		w.And("p.state = ?", string(f.State))
	}
	if f.Source != "" {
		w.And("p.source = ?", string(f.Source))
	}
	if f.CommunityID > 0 {
		w.And("p.community_id = ?", f.CommunityID)
	}
	if f.UnitID > 0 {
		w.And("p.unit_id = ?", f.UnitID)
	}
	if !f.From.IsZero() {
		w.And("p.submitted_at >= ?", db.Micros(f.From))
	}
	if !f.To.IsZero() {
		w.And("p.submitted_at < ?", db.Micros(f.To))
	}
	if !f.AdoptedFrom.IsZero() || !f.AdoptedTo.IsZero() {
		w.And("p.state = ?", string(Adopted))
	}
	if !f.AdoptedFrom.IsZero() {
		w.And("p.decided_at >= ?", db.Micros(f.AdoptedFrom))
	}
	if !f.AdoptedTo.IsZero() {
		w.And("p.decided_at < ?", db.Micros(f.AdoptedTo))
	}
}

// List returns one page of the proposals in the actor's scope that f
// selects, with the total that matched.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (db.List[Proposal], error) {
	if err := f.validate(); err != nil {
		return db.List[Proposal]{Items: []Proposal{}}, err
	}
	sel := db.Select{Columns: proposalColumns, From: proposalFrom, Order: sorts.Order(f.Sort, SortKeys[0])}
	s.where(&sel.Where, a, f)
	return db.SelectPage(ctx, s.DB.R, "proposal", sel, f.Page, func(row db.Row) (Proposal, error) {
		p, _, err := scanProposal(row)
		return p, err
	})
}
