package microproject

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// PublicProject is what the public pages show of a project: what it is,
// where, its money and its stage, the publication's dates, the progress
// and the ratings; nothing about who proposed it and nothing of the
// review's notes.
type PublicProject struct {
	ID            int64     `json:"id"`
	Year          int       `json:"year"`
	CommunityName string    `json:"community_name"`
	Kind          Kind      `json:"kind"`
	Category      Category  `json:"category"`
	Title         string    `json:"title"`
	Description   string    `json:"description"`
	Location      string    `json:"location"`
	Budget        int64     `json:"budget"`
	Spent         int64     `json:"spent"`
	Progress      int       `json:"progress"`
	Stage         Stage     `json:"stage"`
	Vote          Vote      `json:"vote"`
	PublishedAt   time.Time `json:"published_at,omitzero"`
	PublicityEnds time.Time `json:"publicity_ends,omitzero"`
	Objections    int       `json:"objections"`
	Reports       []Report  `json:"reports,omitempty"`
	Ratings       []Rating  `json:"ratings,omitempty"`
	// Objectable: the publication runs, objections are taken; Rateable:
	// accepted, ratings are taken.
	Objectable bool `json:"objectable"`
	Rateable   bool `json:"rateable"`
}

// Stars is the mean rating, 0 when none.
func (p PublicProject) Stars() float64 {
	if len(p.Ratings) == 0 {
		return 0
	}
	sum := 0
	for _, r := range p.Ratings {
		sum += r.Stars
	}
	return float64(sum) / float64(len(p.Ratings))
}

func (p Project) public(now time.Time) PublicProject {
	return PublicProject{ID: p.ID, Year: p.Year, CommunityName: p.CommunityName, Kind: p.Kind, Category: p.Category, Title: p.Title,
		Description: p.Description, Location: p.Location, Budget: p.Budget, Spent: p.Spent, Progress: p.Progress, Stage: p.Stage,
		Vote: p.Vote, PublishedAt: p.PublishedAt, PublicityEnds: p.PublicityEnds, Objections: len(p.Objections), Reports: p.Reports,
		Ratings:    p.Ratings,
		Objectable: p.Stage == Published && now.Before(p.PublicityEnds), Rateable: p.Stage == Accepted}
}

// publicWhere keeps the projects the public pages show.
func publicWhere(w *db.Where) {
	w.And("p.stage IN (?, ?, ?, ?)", string(Published), string(Confirmed), string(Implementing), string(Accepted))
}

// PublicFilter selects projects for the public list.
type PublicFilter struct {
	CommunityID int64
	Stage       Stage
	Year        int
	Page        db.Page
}

// PublicList lists the projects from publication on, newest first.
func (s *Service) PublicList(ctx context.Context, f PublicFilter) (db.List[PublicProject], error) {
	if f.Stage != "" && !f.Stage.Public() {
		return db.List[PublicProject]{Items: []PublicProject{}}, errs.InvalidField("stage", "mp.err.stage")
	}
	sel := db.Select{Columns: projectColumns, From: projectFrom, Order: "p.published_at DESC, p.id DESC"}
	w := &sel.Where
	publicWhere(w)
	if f.CommunityID > 0 {
		w.And("p.community_id = ?", f.CommunityID)
	}
	if f.Stage != "" {
		w.And("p.stage = ?", string(f.Stage))
	}
	if f.Year > 0 {
		w.And("p.year = ?", f.Year)
	}
	now := s.now()
	return db.SelectPage(ctx, s.DB.R, "microproject public", sel, f.Page, func(r db.Row) (PublicProject, error) {
		p, err := scanProject(r)
		return p.public(now), err
	})
}

func publicGet(ctx context.Context, q db.Querier, id int64) (Project, error) {
	var w db.Where
	w.And("p.id = ?", id)
	publicWhere(&w)
	p, err := scanProject(q.QueryRowContext(ctx, "SELECT "+projectColumns+projectFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E(errs.NotFound)
	}
	return p, errs.Wrap(err, "microproject public get")
}

// PublicGet reads one project for the public page; one not yet published,
// or refused, is not found.
func (s *Service) PublicGet(ctx context.Context, id int64) (PublicProject, error) {
	p, err := publicGet(ctx, s.DB.R, id)
	if err != nil {
		return PublicProject{}, err
	}
	if err := details(ctx, s.DB.R, &p, false); err != nil {
		return PublicProject{}, err
	}
	return p.public(s.now()), nil
}

// PublicObjection is an objection sent on the public page; Website is the
// form's honeypot.
type PublicObjection struct {
	Body    string `json:"body"`
	Website string `json:"website"`
}

// ObjectPublic records a resident's objection while the publication runs.
func (s *Service) ObjectPublic(ctx context.Context, a access.Actor, id int64, in PublicObjection) error {
	f := errs.Fields{}
	if strings.TrimSpace(in.Website) != "" {
		f.Add("website", "mp.err.honeypot")
	}
	text(f, "body", &in.Body, MaxNote, true)
	if err := f.Err(); err != nil {
		return err
	}
	now := s.now()
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := publicGet(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Stage != Published || !now.Before(p.PublicityEnds) {
			return errs.New(errs.Conflict, "mp.err.publicity_over")
		}
		if err := addObjection(ctx, tx, id, in.Body, true, now); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, a, id, "object", p.Stage, p.Stage, "", now); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "microproject.object", Entity: "microproject", EntityID: id})
	})
}

// PublicRating is a resident's rating from the public page: 1 to 5 stars
// and an optional comment; Website is the form's honeypot.
type PublicRating struct {
	Stars   int    `json:"stars"`
	Comment string `json:"comment"`
	Website string `json:"website"`
}

// Rate records a resident's rating of an accepted project.
func (s *Service) Rate(ctx context.Context, a access.Actor, id int64, in PublicRating) error {
	f := errs.Fields{}
	if strings.TrimSpace(in.Website) != "" {
		f.Add("website", "mp.err.honeypot")
	}
	if in.Stars < 1 || in.Stars > 5 {
		f.Add("stars", "mp.err.stars")
	}
	text(f, "comment", &in.Comment, MaxNote, false)
	if err := f.Err(); err != nil {
		return err
	}
	now := s.now()
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := publicGet(ctx, tx, id)
		if err != nil {
			return err
		}
		if p.Stage != Accepted {
			return errs.New(errs.Conflict, "mp.err.not_accepted")
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO microproject_ratings (project_id, stars, comment, at) VALUES ($1, $2, $3, $4)",
			id, in.Stars, in.Comment, db.Micros(now)); err != nil {
			return errs.Wrap(err, "microproject rating")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "microproject.rate", Entity: "microproject", EntityID: id,
			After: map[string]int{"stars": in.Stars}})
	})
}

// Status is what the receipt's page shows a resident: where the project
// stands, the ground of a refusal, the dates, and the public page once
// there is one; nothing anybody wrote and nothing about who proposed it.
type Status struct {
	Receipt     string    `json:"receipt"`
	Stage       Stage     `json:"stage"`
	Exclusion   Exclusion `json:"exclusion,omitempty"`
	CollectedAt time.Time `json:"collected_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	PublicID    int64     `json:"public_id,omitempty"` // the public page's project, from the publication on
}

// PublicStatus reads a receipt's status; an unknown or malformed receipt
// is not found.
func (s *Service) PublicStatus(ctx context.Context, raw string) (Status, error) {
	r := normalReceipt(raw)
	if r == "" {
		return Status{}, errs.E(errs.NotFound)
	}
	var st Status
	var id, created, updated int64
	err := s.DB.R.QueryRowContext(ctx, "SELECT id, receipt, stage, exclusion, created_at, updated_at FROM microprojects WHERE receipt = $1", r).
		Scan(&id, &st.Receipt, &st.Stage, &st.Exclusion, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Status{}, errs.E(errs.NotFound)
	}
	st.CollectedAt, st.UpdatedAt = db.Time(created), db.Time(updated)
	if st.Stage.Public() {
		st.PublicID = id
	}
	return st, errs.Wrap(err, "microproject status")
}
