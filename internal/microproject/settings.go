package microproject

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// Settings are a year's fund and caps, in yuan, with the council's quorum
// and the minimum days of publication. UnitID 0 is the default of every
// community; a community's own row overrides it.
type Settings struct {
	Year          int   `json:"year"`
	UnitID        int64 `json:"unit_id"`
	Fund          int64 `json:"fund"`
	CapWorks      int64 `json:"cap_works"`
	CapServices   int64 `json:"cap_services"`
	CapGoods      int64 `json:"cap_goods"`
	QuorumNum     int   `json:"quorum_num"` // the share of the council that must be present,
	QuorumDen     int   `json:"quorum_den"` // QuorumNum/QuorumDen, e.g. 2/3
	PublicityDays int   `json:"publicity_days"`
	// Stored is false for Longgang's defaults, which apply to a year
	// nobody has set.
	Stored bool `json:"stored"`
}

// Longgang is Longgang district's rule: 2,000,000 yuan per community per
// year; services and goods up to 200,000, works up to 400,000; two thirds
// of the council present; five days of publication.
func Longgang(year int) Settings {
	return Settings{Year: year, Fund: 2_000_000, CapWorks: 400_000, CapServices: 200_000, CapGoods: 200_000,
		QuorumNum: 2, QuorumDen: 3, PublicityDays: 5}
}

// Cap is the cap of a type.
func (s Settings) Cap(k Kind) int64 {
	switch k {
	case Works:
		return s.CapWorks
	case Services:
		return s.CapServices
	case Goods:
		return s.CapGoods
	}
	return 0
}

// Quorate reports whether present members of a council of size make the
// quorum.
func (s Settings) Quorate(present, size int) bool { return present*s.QuorumDen >= size*s.QuorumNum }

// Needed is the fewest members present that make the quorum.
func (s Settings) Needed(size int) int { return (size*s.QuorumNum + s.QuorumDen - 1) / s.QuorumDen }

// Limits of the settings.
const (
	MaxMoney         = 100_000_000 // yuan, for any amount
	MaxPublicityDays = 60
)

func settingsFor(ctx context.Context, q db.Querier, year int, communityID int64) (Settings, error) {
	s := Settings{Year: year}
	err := q.QueryRowContext(ctx, `SELECT unit_id, fund, cap_works, cap_services, cap_goods, quorum_num, quorum_den, publicity_days
		FROM microproject_settings WHERE year = $1 AND unit_id IN ($2, 0) ORDER BY unit_id DESC LIMIT 1`, year, communityID).
		Scan(&s.UnitID, &s.Fund, &s.CapWorks, &s.CapServices, &s.CapGoods, &s.QuorumNum, &s.QuorumDen, &s.PublicityDays)
	if errors.Is(err, sql.ErrNoRows) {
		d := Longgang(year)
		return d, nil
	}
	s.Stored = true
	return s, errs.Wrap(err, "microproject settings")
}

// SettingsFor is the settings that apply to a community in a year (0: the
// default of every community). Anyone who sees micro-projects reads them.
func (s *Service) SettingsFor(ctx context.Context, a access.Actor, year int, communityID int64) (Settings, error) {
	if !reads(a) {
		return Settings{}, errs.E(errs.NotFound)
	}
	if year < 2000 || year > 2100 {
		return Settings{}, errs.InvalidField("year", "mp.err.year")
	}
	return settingsFor(ctx, s.DB.R, year, communityID)
}

// MaySetSettings reports whether the actor sets the fund and the caps:
// the leaders and the office.
func MaySetSettings(a access.Actor) bool {
	return a.HasScope() && (a.Role == access.Leader || a.Role == access.Office)
}

func (in *Settings) validate() errs.Fields {
	f := errs.Fields{}
	if in.Year < 2000 || in.Year > 2100 {
		f.Add("year", "mp.err.year")
	}
	for name, v := range map[string]int64{"fund": in.Fund, "cap_works": in.CapWorks, "cap_services": in.CapServices, "cap_goods": in.CapGoods} {
		if v <= 0 || v > MaxMoney {
			f.Add(name, "mp.err.money")
		}
	}
	for name, v := range map[string]int64{"cap_works": in.CapWorks, "cap_services": in.CapServices, "cap_goods": in.CapGoods} {
		if v > in.Fund {
			f.Add(name, "mp.err.cap_over_fund")
		}
	}
	if in.QuorumDen < 1 || in.QuorumDen > 100 || in.QuorumNum < 1 || in.QuorumNum > in.QuorumDen {
		f.Add("quorum_num", "mp.err.quorum")
	}
	if in.PublicityDays < 1 || in.PublicityDays > MaxPublicityDays {
		f.Add("publicity_days", "mp.err.publicity_days")
	}
	return f
}

// SetSettings stores a year's settings, the default (UnitID 0) or a
// community's own. Budgets already committed stay as they are: the new
// figures apply to the next creation, edit and confirmation.
func (s *Service) SetSettings(ctx context.Context, a access.Actor, in Settings) (Settings, error) {
	if !MaySetSettings(a) {
		return Settings{}, errs.E(errs.NotFound)
	}
	f := in.validate()
	if in.UnitID != 0 {
		var kind, path string
		err := s.DB.R.QueryRowContext(ctx, "SELECT kind, path FROM units WHERE id = $1 AND active = TRUE", in.UnitID).Scan(&kind, &path)
		if err != nil || kind != string(org.Community) || !a.Covers(path) {
			f.Add("unit_id", "err.unit_unknown")
		}
	}
	if err := f.Err(); err != nil {
		return Settings{}, err
	}
	now := s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := settingsFor(ctx, tx, in.Year, in.UnitID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM microproject_settings WHERE year = $1 AND unit_id = $2", in.Year, in.UnitID); err != nil {
			return errs.Wrap(err, "microproject settings")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO microproject_settings (year, unit_id, fund, cap_works, cap_services, cap_goods,
			quorum_num, quorum_den, publicity_days, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			in.Year, in.UnitID, in.Fund, in.CapWorks, in.CapServices, in.CapGoods, in.QuorumNum, in.QuorumDen, in.PublicityDays, db.Micros(now))
		if err != nil {
			return errs.Wrap(err, "microproject settings")
		}
		in.Stored = true
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "microproject.settings", Entity: "microproject_settings",
			EntityID: in.Year, Before: before, After: in})
	})
	return in, err
}
