package party

import (
	"context"
	"sort"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// Query is the period, the moment and the unit of the figures. From and
// To are days in China Standard Time (any instant of the day), both
// included; a zero From leaves the period open at the start, a zero To
// ends it on AsOf's day. AsOf is the day the standing figures are counted
// on; zero is To's day, or today without To. UnitID 0 is the actor's
// whole scope.
type Query struct {
	From, To, AsOf time.Time
	UnitID         int64
}

// NewByKind splits the organisations set up in the period: non-public
// enterprises' single-built and joint-built ones (by park, building,
// community or trade, the park and building sectors included), those of
// social organisations, and every other.
type NewByKind struct {
	NonpublicSingle int `json:"nonpublic_single"`
	NonpublicJoint  int `json:"nonpublic_joint"`
	SocialOrg       int `json:"social_org"`
	Other           int `json:"other"`
}

// Coverage is 两个覆盖 over the operating non-public enterprises as of the
// day: Covered by an organisation (single- or joint-built), SingleBuilt by
// their own one, WorkCovered without an organisation but with a
// party-building instructor or liaison, Uncovered with neither, Flagged
// with FlagMembers or more party members and no own organisation.
type Coverage struct {
	Enterprises int `json:"nonpublic_enterprises"`
	Covered     int `json:"covered"`
	SingleBuilt int `json:"single_built"`
	WorkCovered int `json:"work_covered"`
	Uncovered   int `json:"uncovered"`
	Flagged     int `json:"flagged"`
}

// PositionFigures count the positions and stations as of the day.
type PositionFigures struct {
	Total    int            `json:"total"`
	ByStatus map[string]int `json:"by_status"`
	ByKind   map[string]int `json:"by_kind"`
}

// UnitRow is the figures of one community (or of the sub-district, for
// the organisations it holds itself).
type UnitRow struct {
	UnitID           int64  `json:"unit_id"`
	UnitName         string `json:"unit_name"`
	Organisations    int    `json:"organisations"`
	NewOrganisations int    `json:"new_organisations"`
	Coverage
	Positions int `json:"positions"`
	sortKey   string
}

// Figures are the party figures of GET /api/v1/stats/party. The rates
// are fractions of Coverage.Enterprises, null when there is none:
// org_coverage_rate = covered, single_built_rate = single-built,
// work_coverage_rate = work-covered only (no organisation, an instructor
// or liaison), overall_coverage_rate = covered or work-covered.
type Figures struct {
	From             string         `json:"from,omitempty"`
	To               string         `json:"to"`
	AsOf             string         `json:"as_of"`
	UnitID           int64          `json:"unit_id,omitempty"`
	Organisations    int            `json:"organisations"`
	ByLevel          map[string]int `json:"organisations_by_level"`
	NewOrganisations int            `json:"new_organisations"`
	NewByKind        NewByKind      `json:"new_by_kind"`
	Coverage
	OrgCoverageRate     *float64        `json:"org_coverage_rate"`
	SingleBuiltRate     *float64        `json:"single_built_rate"`
	WorkCoverageRate    *float64        `json:"work_coverage_rate"`
	OverallCoverageRate *float64        `json:"overall_coverage_rate"`
	Positions           PositionFigures `json:"positions"`
	ByCommunity         []UnitRow       `json:"by_community"`
}

func rate(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	r := float64(n) / float64(of)
	return &r
}

func day(t time.Time) string { return t.In(i18n.Zone).Format(time.DateOnly) }

// Figures counts the party figures of q in the actor's scope, by SQL
// aggregates. A unit the actor does not see is not found.
func (s *Service) Figures(ctx context.Context, a access.Actor, q Query) (Figures, error) {
	out := Figures{UnitID: q.UnitID, ByLevel: map[string]int{},
		Positions: PositionFigures{ByStatus: map[string]int{}, ByKind: map[string]int{}}, ByCommunity: []UnitRow{}}
	if !Sees(a) {
		return out, errs.E(errs.NotFound)
	}
	switch {
	case !q.AsOf.IsZero():
		out.AsOf = day(q.AsOf)
	case !q.To.IsZero():
		out.AsOf = day(q.To)
	default:
		out.AsOf = s.today()
	}
	out.To = out.AsOf
	if !q.To.IsZero() {
		out.To = day(q.To)
	}
	if !q.From.IsZero() {
		out.From = day(q.From)
		if out.From > out.To {
			return out, errs.InvalidField("to", "pty.err.to_before_from")
		}
	}
	pattern := a.ScopePattern()
	if q.UnitID > 0 {
		var path string
		err := s.DB.R.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1", q.UnitID).Scan(&path)
		if err != nil || !a.Covers(path) {
			return out, errs.E(errs.NotFound)
		}
		pattern = path + "%"
	}
	rows := map[int64]*UnitRow{}
	row := func(id int64, name, key string) *UnitRow {
		r := rows[id]
		if r == nil {
			r = &UnitRow{UnitID: id, UnitName: name, sortKey: key}
			rows[id] = r
		}
		return r
	}
	if err := s.orgFigures(ctx, &out, pattern, row); err != nil {
		return out, err
	}
	if err := s.coverageFigures(ctx, &out, pattern, row); err != nil {
		return out, err
	}
	if err := s.positionFigures(ctx, &out, pattern, row); err != nil {
		return out, err
	}
	c := out.Coverage
	out.OrgCoverageRate, out.SingleBuiltRate = rate(c.Covered, c.Enterprises), rate(c.SingleBuilt, c.Enterprises)
	out.WorkCoverageRate, out.OverallCoverageRate = rate(c.WorkCovered, c.Enterprises), rate(c.Covered+c.WorkCovered, c.Enterprises)
	for _, r := range rows {
		out.ByCommunity = append(out.ByCommunity, *r)
	}
	sort.Slice(out.ByCommunity, func(i, j int) bool { return out.ByCommunity[i].sortKey < out.ByCommunity[j].sortKey })
	return out, nil
}

type rowFunc func(id int64, name, key string) *UnitRow

// The conditions of the organisation figures, shared with the lists
// behind them (OrgFilter) so that each figure equals its list: standing
// on a day (two placeholders, the same day), and the kinds NewByKind
// counts. They must match NewByKind's documentation.
const (
	standingOn     = "p.founded_on <= ? AND (p.ended_on IS NULL OR p.ended_on > ?)"
	kindSingle     = "p.sector = 'nonpublic' AND p.formation = 'single'"
	kindJoint      = "p.sector IN ('nonpublic', 'park', 'building') AND p.formation LIKE 'joint%'"
	kindSocial     = "p.sector = 'social_org'"
	foundedBetween = "p.founded_on >= $2 AND p.founded_on <= $3"
)

// NewKinds are the kinds of new organisations, by their JSON names in
// NewByKind, in its order.
var NewKinds = []string{"nonpublic_single", "nonpublic_joint", "social_org", "other"}

// newKindConds are the kinds by their JSON names in NewByKind.
var newKindConds = map[string]string{
	"nonpublic_single": kindSingle,
	"nonpublic_joint":  kindJoint,
	"social_org":       kindSocial,
	"other":            "NOT (" + kindSingle + ") AND NOT (" + kindJoint + ") AND NOT (" + kindSocial + ")",
}

// orgFigures counts the organisations standing as of the day and those
// set up in the period, by unit, level and kind.
func (s *Service) orgFigures(ctx context.Context, out *Figures, pattern string, row rowFunc) error {
	from := out.From
	if from == "" {
		from = "0000-00-00"
	}
	standing := strings.ReplaceAll(standingOn, "?", "$1")
	// #nosec G202 -- the conditions are this file's constants, the values placeholders
	rs, err := s.DB.R.QueryContext(ctx, `SELECT u.id, u.name, u.path, p.level,
		COALESCE(sum(CASE WHEN `+standing+` THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN `+foundedBetween+` AND `+kindSingle+` THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN `+foundedBetween+` AND `+kindJoint+` THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN `+foundedBetween+` AND `+kindSocial+` THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN `+foundedBetween+` THEN 1 ELSE 0 END), 0)
		FROM party_orgs p JOIN units u ON u.id = p.unit_id
		WHERE u.path LIKE $4 GROUP BY u.id, u.name, u.path, p.level`, out.AsOf, from, out.To, pattern)
	if err != nil {
		return errs.Wrap(err, "party org figures")
	}
	defer func() { _ = rs.Close() }()
	for rs.Next() {
		var id int64
		var name, path, level string
		var standing, single, joint, social, all int
		if err := rs.Scan(&id, &name, &path, &level, &standing, &single, &joint, &social, &all); err != nil {
			return errs.Wrap(err, "party org figures scan")
		}
		r := row(id, name, path)
		r.Organisations += standing
		r.NewOrganisations += all
		out.Organisations += standing
		if standing > 0 {
			out.ByLevel[level] += standing
		}
		out.NewOrganisations += all
		out.NewByKind.NonpublicSingle += single
		out.NewByKind.NonpublicJoint += joint
		out.NewByKind.SocialOrg += social
		out.NewByKind.Other += all - single - joint - social
	}
	return errs.Wrap(rs.Err(), "party org figures")
}

// coveredAsOf is the condition that enterprise e is covered on $1 by an
// organisation whose formation matches the LIKE pattern given.
func coveredAsOf(formation string) string {
	return `EXISTS (SELECT 1 FROM party_coverage k JOIN party_orgs o ON o.id = k.org_id WHERE k.enterprise_id = e.id
		AND k.from_day <= $1 AND (k.until_day IS NULL OR k.until_day > $1) AND o.formation LIKE '` + formation + `')`
}

// enterpriseFlags is one row per operating non-public enterprise in the
// pattern $2: its community, and whether it is covered, single-built,
// has an instructor or liaison on $1, and its party members.
var enterpriseFlags = `SELECT e.id AS id, e.community_id AS community_id,
	CASE WHEN ` + coveredAsOf("_%") + ` THEN 1 ELSE 0 END AS cov,
	CASE WHEN ` + coveredAsOf("single") + ` THEN 1 ELSE 0 END AS single,
	CASE WHEN EXISTS (SELECT 1 FROM party_enterprise_work w WHERE w.enterprise_id = e.id AND w.worker_role <> ''
		AND w.assigned_on <= $1) THEN 1 ELSE 0 END AS work,
	COALESCE((SELECT w.party_members FROM party_enterprise_work w WHERE w.enterprise_id = e.id), 0) AS members
	FROM enterprises e JOIN units c ON c.id = e.community_id
	WHERE e.status = 'operating' AND e.nonpublic = TRUE AND c.path LIKE $2`

// coverageFigures counts 两个覆盖 by community.
func (s *Service) coverageFigures(ctx context.Context, out *Figures, pattern string, row rowFunc) error {
	// #nosec G202 -- enterpriseFlags is a constant
	rs, err := s.DB.R.QueryContext(ctx, `SELECT c.id, c.name, c.path, count(*), COALESCE(sum(x.cov), 0), COALESCE(sum(x.single), 0),
		COALESCE(sum(CASE WHEN x.cov = 0 AND x.work = 1 THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN x.single = 0 AND x.members >= $3 THEN 1 ELSE 0 END), 0)
		FROM (`+enterpriseFlags+`) x JOIN units c ON c.id = x.community_id GROUP BY c.id, c.name, c.path`,
		out.AsOf, pattern, FlagMembers)
	if err != nil {
		return errs.Wrap(err, "party coverage figures")
	}
	defer func() { _ = rs.Close() }()
	for rs.Next() {
		var id int64
		var name, path string
		var c Coverage
		if err := rs.Scan(&id, &name, &path, &c.Enterprises, &c.Covered, &c.SingleBuilt, &c.WorkCovered, &c.Flagged); err != nil {
			return errs.Wrap(err, "party coverage figures scan")
		}
		c.Uncovered = c.Enterprises - c.Covered - c.WorkCovered
		r := row(id, name, path)
		r.Coverage = c
		t := &out.Coverage
		t.Enterprises += c.Enterprises
		t.Covered += c.Covered
		t.SingleBuilt += c.SingleBuilt
		t.WorkCovered += c.WorkCovered
		t.Uncovered += c.Uncovered
		t.Flagged += c.Flagged
	}
	return errs.Wrap(rs.Err(), "party coverage figures")
}

// positionFigures counts the positions and stations by unit, kind and
// status as of the day.
func (s *Service) positionFigures(ctx context.Context, out *Figures, pattern string, row rowFunc) error {
	var w db.Where
	w.Next(out.AsOf)
	w.And("q.unit_path LIKE ?", pattern)
	// #nosec G202 -- FROM is a constant, the conditions placeholders
	rs, err := s.DB.R.QueryContext(ctx, "SELECT q.unit_id, q.unit_name, q.unit_path, q.kind, q.status, count(*)"+positionsFrom+w.SQL()+
		" GROUP BY q.unit_id, q.unit_name, q.unit_path, q.kind, q.status", w.Args...)
	if err != nil {
		return errs.Wrap(err, "party position figures")
	}
	defer func() { _ = rs.Close() }()
	for rs.Next() {
		var id int64
		var name, path, kind, status string
		var n int
		if err := rs.Scan(&id, &name, &path, &kind, &status, &n); err != nil {
			return errs.Wrap(err, "party position figures scan")
		}
		row(id, name, path).Positions += n
		out.Positions.Total += n
		out.Positions.ByKind[kind] += n
		out.Positions.ByStatus[status] += n
	}
	return errs.Wrap(rs.Err(), "party position figures")
}
