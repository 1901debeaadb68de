package station

import (
	"context"
	"database/sql"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// resolve checks what needs the database: the community must be an
// active community the actor registers stations for, and a managing unit
// named by id an active unit. It fills the names into st.
func resolve(ctx context.Context, q db.Querier, a access.Actor, f errs.Fields, in Input, st *Station) {
	if in.CommunityID > 0 {
		err := q.QueryRowContext(ctx, "SELECT name, path FROM units WHERE id = $1 AND kind = $2 AND active = TRUE",
			in.CommunityID, string(org.Community)).Scan(&st.CommunityName, &st.communityPath)
		if err != nil || !writes(a, st.communityPath) {
			f.Add("community_id", "err.unit_unknown")
		}
	}
	if in.ManagingUnitID > 0 {
		err := q.QueryRowContext(ctx, "SELECT name, path FROM units WHERE id = $1 AND active = TRUE", in.ManagingUnitID).
			Scan(&st.ManagingUnitName, &st.managingUnitPath)
		if err != nil {
			f.Add("managing_unit_id", "err.unit_unknown")
		}
	}
}

// fromInput is the station in (already validated) describes.
func fromInput(in Input) Station {
	st := Station{Name: in.Name, Kind: in.Kind, CommunityID: in.CommunityID, Address: in.Address, Lng: in.Lng, Lat: in.Lat,
		AreaM2: in.AreaM2, Hours: in.Hours, Services: in.Services, Groups: in.Groups, NewEmployment: ServesNewEmployment(in.Groups),
		ManagingUnitID: in.ManagingUnitID, Funding: in.Funding, OpenedOn: in.OpenedOn, managingUnitGiven: in.ManagingUnit}
	if st.ManagingUnitID > 0 {
		st.managingUnitGiven = ""
	}
	st.ManagingUnitName = st.managingUnitGiven
	return st
}

// Create registers a station. Any invalid field is named and nothing is
// written; a community the actor does not register stations for is
// refused on community_id, like a unit that does not exist.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (Station, error) {
	if !Registers(a) {
		return Station{}, errs.E(errs.NotFound)
	}
	f := in.validate()
	st := fromInput(in)
	var out Station
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		resolve(ctx, tx, a, f, in, &st)
		if err := f.Err(); err != nil {
			return err
		}
		st.CreatedAt = s.now()
		st.UpdatedAt = st.CreatedAt
		if err := insert(ctx, tx, &st, a.UserID); err != nil {
			return err
		}
		out = st
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "station.create", Entity: "station", EntityID: st.ID, After: st.auditView()})
	})
	return out, err
}

// Update replaces a station's details. The actor must register stations
// for its community now and for the community it moves to.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in Input) (Station, error) {
	var out Station
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		was, err := getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !writes(a, was.communityPath) {
			return errs.E(errs.NotFound)
		}
		f := in.validate()
		st := fromInput(in)
		resolve(ctx, tx, a, f, in, &st)
		if err := f.Err(); err != nil {
			return err
		}
		st.ID, st.CreatedAt, st.UpdatedAt = was.ID, was.CreatedAt, s.now()
		if !st.UpdatedAt.After(was.UpdatedAt) {
			st.UpdatedAt = was.UpdatedAt.Add(time.Microsecond)
		}
		if err := update(ctx, tx, st, was); err != nil {
			return err
		}
		out = st
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "station.update", Entity: "station", EntityID: st.ID,
			Before: was.auditView(), After: st.auditView()})
	})
	return out, err
}

// Get reads one station in the actor's scope, Served holding all its
// records' counts.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Station, error) {
	st, err := getInScope(ctx, s.DB.R, a, id)
	if err != nil {
		return st, err
	}
	err = s.DB.R.QueryRowContext(ctx, "SELECT COALESCE(sum(served), 0) FROM station_records WHERE station_id = $1", id).Scan(&st.Served)
	return st, errs.Wrap(err, "station served")
}
