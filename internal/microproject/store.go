package microproject

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
)

const projectColumns = `p.id, p.receipt, p.year, p.community_id, c.name, c.path, p.kind, p.category, p.title, p.description,
	p.location, p.budget, p.spent, p.progress, p.source, p.proposer_name, p.proposer_mobile, p.stage, p.exclusion,
	p.reject_reason, p.votes_for, p.votes_against, p.votes_abstain, p.members_present, p.council_size,
	p.published_at, p.publicity_ends, COALESCE(p.created_by, 0), p.created_at, p.updated_at`

// scanProject reads projectColumns, masking the proposer on the way out.
func scanProject(row interface{ Scan(...any) error }) (Project, error) {
	var p Project
	var created, updated int64
	var published, ends *int64
	err := row.Scan(&p.ID, &p.Receipt, &p.Year, &p.CommunityID, &p.CommunityName, &p.communityPath, &p.Kind, &p.Category,
		&p.Title, &p.Description, &p.Location, &p.Budget, &p.Spent, &p.Progress, &p.Source, &p.ProposerName, &p.ProposerMobile,
		&p.Stage, &p.Exclusion, &p.RejectReason, &p.Vote.For, &p.Vote.Against, &p.Vote.Abstain, &p.Vote.Present,
		&p.Vote.CouncilSize, &published, &ends, &p.CreatedBy, &created, &updated)
	p.CreatedAt, p.UpdatedAt = db.Time(created), db.Time(updated)
	p.PublishedAt, p.PublicityEnds = db.NullTime(published), db.NullTime(ends)
	p.ProposerName, p.ProposerMobile = MaskName(p.ProposerName), pii.MaskMobile(p.ProposerMobile)
	return p, err
}

// MaskName keeps the first character of a person's name and hides the
// rest (张** for 张小明), the way Chinese forms show a name.
func MaskName(name string) string {
	n := utf8.RuneCountInString(name)
	if n == 0 {
		return ""
	}
	if n == 1 {
		return "*"
	}
	r, _ := utf8.DecodeRuneInString(name)
	return string(r) + strings.Repeat("*", n-1)
}

// getInScope reads one project the actor may see; any other is not
// found, whether it exists or not.
func getInScope(ctx context.Context, q db.Querier, a access.Actor, id int64) (Project, error) {
	var w db.Where
	w.And("p.id = ?", id)
	scope(&w, a)
	p, err := scanProject(q.QueryRowContext(ctx, "SELECT "+projectColumns+projectFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E(errs.NotFound)
	}
	return p, errs.Wrap(err, "microproject get")
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

// insert stores a new project and sets its id.
func insert(ctx context.Context, q db.Querier, p *Project, name, mobile string) error {
	err := q.QueryRowContext(ctx, `INSERT INTO microprojects (receipt, year, community_id, kind, category, title, description,
		location, budget, source, proposer_name, proposer_mobile, stage, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
		p.Receipt, p.Year, p.CommunityID, string(p.Kind), string(p.Category), p.Title, p.Description, p.Location, p.Budget,
		string(p.Source), name, mobile, string(p.Stage), nullID(p.CreatedBy), db.Micros(p.CreatedAt)).Scan(&p.ID)
	return errs.Wrap(err, "microproject insert")
}

// update writes what edits and actions change, only if the project is
// still at the version it was read in: of two changes at once the second
// is refused.
func update(ctx context.Context, q db.Querier, p, was Project) error {
	res, err := q.ExecContext(ctx, `UPDATE microprojects SET kind = $1, category = $2, title = $3, description = $4, location = $5,
		budget = $6, spent = $7, progress = $8, stage = $9, exclusion = $10, reject_reason = $11, votes_for = $12,
		votes_against = $13, votes_abstain = $14, members_present = $15, council_size = $16, published_at = $17,
		publicity_ends = $18, updated_at = $19 WHERE id = $20 AND stage = $21 AND updated_at = $22`,
		string(p.Kind), string(p.Category), p.Title, p.Description, p.Location, p.Budget, p.Spent, p.Progress, string(p.Stage),
		string(p.Exclusion), p.RejectReason, p.Vote.For, p.Vote.Against, p.Vote.Abstain, p.Vote.Present, p.Vote.CouncilSize,
		db.NullMicros(p.PublishedAt), db.NullMicros(p.PublicityEnds), db.Micros(p.UpdatedAt),
		p.ID, string(was.Stage), db.Micros(was.UpdatedAt))
	if err != nil {
		return errs.Wrap(err, "microproject update")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errs.New(errs.Conflict, "mp.err.changed")
	}
	return nil
}

// addEvent records a step of the timeline.
func addEvent(ctx context.Context, q db.Querier, a access.Actor, id int64, action string, from, to Stage, note string, at time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO microproject_events (project_id, at, actor_id, action, from_stage, to_stage, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, db.Micros(at), nullID(a.UserID), action, string(from), string(to), note)
	return errs.Wrap(err, "microproject event")
}

// details fills the timeline, objections, reports, spending and ratings.
func details(ctx context.Context, q db.Querier, p *Project, staff bool) error {
	if staff {
		if err := each(ctx, q, `SELECT e.at, COALESCE(u.display_name, ''), e.action, e.from_stage, e.to_stage, e.note
			FROM microproject_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.project_id = $1 ORDER BY e.at, e.id`, p.ID,
			func(r *sql.Rows) error {
				var e Event
				var at int64
				err := r.Scan(&at, &e.ActorName, &e.Action, &e.From, &e.To, &e.Note)
				e.At = db.Time(at)
				p.Events = append(p.Events, e)
				return err
			}); err != nil {
			return err
		}
	}
	if err := each(ctx, q, "SELECT id, body, public, at FROM microproject_objections WHERE project_id = $1 ORDER BY at, id", p.ID,
		func(r *sql.Rows) error {
			var o Objection
			var at int64
			err := r.Scan(&o.ID, &o.Body, &o.Public, &at)
			o.At = db.Time(at)
			p.Objections = append(p.Objections, o)
			return err
		}); err != nil {
		return err
	}
	if err := each(ctx, q, `SELECT g.percent, g.note, COALESCE(u.display_name, ''), g.at FROM microproject_progress g
		LEFT JOIN users u ON u.id = g.author_id WHERE g.project_id = $1 ORDER BY g.at, g.id`, p.ID,
		func(r *sql.Rows) error {
			var g Report
			var at int64
			err := r.Scan(&g.Percent, &g.Note, &g.AuthorName, &at)
			g.At = db.Time(at)
			if !staff {
				g.AuthorName = ""
			}
			p.Reports = append(p.Reports, g)
			return err
		}); err != nil {
		return err
	}
	if err := each(ctx, q, `SELECT m.amount, m.item, COALESCE(u.display_name, ''), m.at FROM microproject_spending m
		LEFT JOIN users u ON u.id = m.author_id WHERE m.project_id = $1 ORDER BY m.at, m.id`, p.ID,
		func(r *sql.Rows) error {
			var m Spending
			var at int64
			err := r.Scan(&m.Amount, &m.Item, &m.AuthorName, &at)
			m.At = db.Time(at)
			if !staff {
				m.AuthorName = ""
			}
			p.Spending = append(p.Spending, m)
			return err
		}); err != nil {
		return err
	}
	return each(ctx, q, "SELECT stars, comment, at FROM microproject_ratings WHERE project_id = $1 ORDER BY at, id", p.ID,
		func(r *sql.Rows) error {
			var g Rating
			var at int64
			err := r.Scan(&g.Stars, &g.Comment, &at)
			g.At = db.Time(at)
			p.Ratings = append(p.Ratings, g)
			return err
		})
}

// each runs a query of one project's rows and hands each row to fn.
func each(ctx context.Context, q db.Querier, query string, id int64, fn func(*sql.Rows) error) (err error) {
	rows, err := q.QueryContext(ctx, query, id)
	if err != nil {
		return errs.Wrap(err, "microproject details")
	}
	defer func() {
		if cerr := rows.Close(); err == nil {
			err = errs.Wrap(cerr, "microproject details")
		}
	}()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return errs.Wrap(err, "microproject details")
		}
	}
	return errs.Wrap(rows.Err(), "microproject details")
}
