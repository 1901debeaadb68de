package thinktank

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Filter selects consultations in the actor's scope.
type Filter struct {
	Query    string // in the topic and the description
	UnitID   int64  // the consultation's community, or a unit above it: its subtree
	Field    Field
	State    State
	Urgency  Urgency
	ExpertID int64
	// Answered keeps the consultations that have an answer (answered or
	// rated), the list behind the figure of those answered.
	Answered bool
	// From and To bound the request, To excluded; zero is open.
	From, To time.Time
	Sort     string // one of SortKeys; "" is the newest first
	Page     db.Page
}

var sorts = db.Sorts{
	"-requested_at": "k.requested_at DESC, k.id DESC",
	"requested_at":  "k.requested_at, k.id",
	"-updated_at":   "k.updated_at DESC, k.id DESC",
	"topic":         "k.topic, k.id",
}

// SortKeys lists the accepted values of Filter.Sort, the default first.
var SortKeys = []string{"-requested_at", "requested_at", "-updated_at", "topic"}

func (f *Filter) validate() error {
	bad := errs.Fields{}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > MaxTopic {
		bad.Add("q", "err.too_long")
	}
	if f.Field != "" && !f.Field.Valid() {
		bad.Add("field", "tt.err.field")
	}
	if f.State != "" && !f.State.Valid() {
		bad.Add("status", "tt.err.state")
	}
	if f.Urgency != "" && !f.Urgency.Valid() {
		bad.Add("urgency", "tt.err.urgency")
	}
	if !sorts.Valid(f.Sort) {
		bad.Add("sort", "tt.err.sort")
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	return bad.Err()
}

func (s *Service) where(w *db.Where, a access.Actor, f Filter) {
	consultationScope(w, a)
	if f.Query != "" {
		pat := db.LikePattern(f.Query)
		w.And("(k.topic "+s.DB.ILike()+" ? ESCAPE '\\' OR k.description "+s.DB.ILike()+" ? ESCAPE '\\')", pat, pat)
	}
	if f.UnitID > 0 {
		underUnit(w, "c.path", f.UnitID)
	}
	if f.Field != "" {
		w.And("k.field = ?", string(f.Field))
	}
	if f.State != "" {
		w.And("k.state = ?", string(f.State))
	}
	if f.Urgency != "" {
		w.And("k.urgency = ?", string(f.Urgency))
	}
	if f.ExpertID > 0 {
		w.And("k.expert_id = ?", f.ExpertID)
	}
	if f.Answered {
		w.And("k.answered_at IS NOT NULL")
	}
	if !f.From.IsZero() {
		w.And("k.requested_at >= ?", db.Micros(f.From))
	}
	if !f.To.IsZero() {
		w.And("k.requested_at < ?", db.Micros(f.To))
	}
}

// Consultations returns one page of the consultations in the actor's
// scope that f selects, with the total that matched.
func (s *Service) Consultations(ctx context.Context, a access.Actor, f Filter) (db.List[Consultation], error) {
	if err := f.validate(); err != nil {
		return db.List[Consultation]{Items: []Consultation{}}, err
	}
	return db.SelectPage(ctx, s.DB.R, "consultation", s.selection(a, f), f.Page, scanConsultation)
}

// MaxLedgerRows bounds a ledger of consultations.
const MaxLedgerRows = 10000

// All returns every consultation f selects, up to MaxLedgerRows, for the
// ledger; the page of f is ignored.
func (s *Service) All(ctx context.Context, a access.Actor, f Filter) ([]Consultation, error) {
	f.Page = db.Page{}
	if err := f.validate(); err != nil {
		return nil, err
	}
	return db.SelectAll(ctx, s.DB.R, "consultation", s.selection(a, f), db.Limit(MaxLedgerRows), scanConsultation)
}

func (s *Service) selection(a access.Actor, f Filter) db.Select {
	sel := db.Select{Columns: consultationColumns, From: consultationFrom, Order: sorts.Order(f.Sort, SortKeys[0])}
	s.where(&sel.Where, a, f)
	return sel
}
