package party

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/station"
)

// PositionKind is what sort of position (阵地) it is.
type PositionKind string

const (
	MassCentre    PositionKind = "mass_centre"    // 党群服务中心
	ActivityRoom  PositionKind = "activity_room"  // 党员活动室
	EducationBase PositionKind = "education_base" // 党员教育基地
	OtherPosition PositionKind = "other"
	// StationKind marks the stations of package station in the list; no
	// position is registered with it.
	StationKind PositionKind = "station"
)

// PositionKinds lists the kinds a position is registered with.
var PositionKinds = []PositionKind{MassCentre, ActivityRoom, EducationBase, OtherPosition}

// Valid reports whether k is a kind a position is registered with.
func (k PositionKind) Valid() bool { return slices.Contains(PositionKinds, k) }

// PositionStatus is how far a position has come.
type PositionStatus string

const (
	Planned           PositionStatus = "planned"
	UnderConstruction PositionStatus = "under_construction"
	Open              PositionStatus = "open"
)

// PositionStatuses lists the statuses in their order.
var PositionStatuses = []PositionStatus{Planned, UnderConstruction, Open}

// Valid reports whether s is a known status.
func (s PositionStatus) Valid() bool { return slices.Contains(PositionStatuses, s) }

// Position is one position, or a station listed as one (Kind station,
// StationKind its kind there, ID the station's id). Its status as of a
// day: a position registered open but opening later is still under
// construction; a station is listed from its opening day, open.
type Position struct {
	ID          int64          `json:"id"`
	Name        string         `json:"name"`
	Kind        PositionKind   `json:"kind"`
	StationKind string         `json:"station_kind,omitempty"`
	UnitID      int64          `json:"unit_id"`
	UnitName    string         `json:"unit_name"`
	Address     string         `json:"address"`
	AreaM2      float64        `json:"area_m2"`
	Status      PositionStatus `json:"status"`
	OpenedOn    string         `json:"opened_on,omitempty"`
	Lng         float64        `json:"lng"` // WGS84 degrees east
	Lat         float64        `json:"lat"` // WGS84 degrees north
	unitPath    string
}

// PositionInput is a position as a form or the API gives it.
type PositionInput struct {
	Name     string         `json:"name"`
	Kind     PositionKind   `json:"kind"`
	UnitID   int64          `json:"unit_id"`
	Address  string         `json:"address"`
	AreaM2   float64        `json:"area_m2"`
	Status   PositionStatus `json:"status"`
	OpenedOn string         `json:"opened_on"` // required when open
	Lng      float64        `json:"lng"`
	Lat      float64        `json:"lat"`
}

func (in *PositionInput) validate(today string) errs.Fields {
	f := errs.Fields{}
	checkText(f, "name", &in.Name, MaxName, true)
	checkText(f, "address", &in.Address, MaxAddress, true)
	switch {
	case in.Kind == "":
		f.Add("kind", "err.required")
	case !in.Kind.Valid():
		f.Add("kind", "pty.err.position_kind")
	}
	if in.UnitID <= 0 {
		f.Add("unit_id", "err.required")
	}
	switch {
	case notNumber(in.AreaM2):
		f.Add("area_m2", "stn.err.not_a_number")
	case in.AreaM2 <= 0:
		f.Add("area_m2", "stn.err.area")
	case in.AreaM2 > MaxArea:
		f.Add("area_m2", "stn.err.area_large")
	}
	switch {
	case in.Status == "":
		f.Add("status", "err.required")
	case !in.Status.Valid():
		f.Add("status", "pty.err.position_status")
	}
	in.OpenedOn = strings.TrimSpace(in.OpenedOn)
	if in.Status == Open {
		checkDay(f, "opened_on", &in.OpenedOn, today)
	} else if in.OpenedOn != "" {
		f.Add("opened_on", "pty.err.opened_not_open")
	}
	station.CheckLocation(f, in.Lng, in.Lat)
	return f
}

// positionAudit is the position as the audit log records it.
type positionAudit struct {
	PositionInput
	ID int64 `json:"id"`
}

// CreatePosition registers a position of a sub-district or community the
// actor writes for.
func (s *Service) CreatePosition(ctx context.Context, a access.Actor, in PositionInput) (Position, error) {
	return s.savePosition(ctx, a, 0, in)
}

// UpdatePosition replaces a position's details.
func (s *Service) UpdatePosition(ctx context.Context, a access.Actor, id int64, in PositionInput) (Position, error) {
	return s.savePosition(ctx, a, id, in)
}

func (s *Service) savePosition(ctx context.Context, a access.Actor, id int64, in PositionInput) (Position, error) {
	if !Writes(a) {
		return Position{}, errs.E(errs.NotFound)
	}
	var out Position
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var was Position
		if id > 0 {
			var err error
			if was, err = s.getPosition(ctx, tx, a, id); err != nil {
				return err
			}
			if !writes(a, was.unitPath) {
				return errs.E(errs.NotFound)
			}
		}
		f := in.validate(s.today())
		var unitName, path, kind string
		if in.UnitID > 0 {
			err := tx.QueryRowContext(ctx, "SELECT name, path, kind FROM units WHERE id = $1 AND active = TRUE", in.UnitID).
				Scan(&unitName, &path, &kind)
			if err != nil || !writes(a, path) || (kind != string(org.Subdistrict) && kind != string(org.Community)) {
				f.Add("unit_id", "err.unit_unknown")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		at := s.now().UnixMicro()
		if id == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO party_positions (name, kind, unit_id, address, area_m2, status, opened_on,
				lng, lat, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
				in.Name, string(in.Kind), in.UnitID, in.Address, in.AreaM2, string(in.Status), nullDay(in.OpenedOn), in.Lng, in.Lat,
				nullID(a.UserID), at).Scan(&id); err != nil {
				return errs.Wrap(err, "party position insert")
			}
		} else if _, err := tx.ExecContext(ctx, `UPDATE party_positions SET name = $1, kind = $2, unit_id = $3, address = $4,
			area_m2 = $5, status = $6, opened_on = $7, lng = $8, lat = $9, updated_at = $10 WHERE id = $11`,
			in.Name, string(in.Kind), in.UnitID, in.Address, in.AreaM2, string(in.Status), nullDay(in.OpenedOn), in.Lng, in.Lat,
			at, id); err != nil {
			return errs.Wrap(err, "party position update")
		}
		out = Position{ID: id, Name: in.Name, Kind: in.Kind, UnitID: in.UnitID, UnitName: unitName, Address: in.Address,
			AreaM2: in.AreaM2, Status: in.Status, OpenedOn: in.OpenedOn, Lng: in.Lng, Lat: in.Lat, unitPath: path}
		action := "party_position.create"
		var before any
		if was.ID > 0 {
			action, before = "party_position.update", positionAudit{ID: id, PositionInput: PositionInput{Name: was.Name,
				Kind: was.Kind, UnitID: was.UnitID, Address: was.Address, AreaM2: was.AreaM2, Status: was.Status,
				OpenedOn: was.OpenedOn, Lng: was.Lng, Lat: was.Lat}}
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: action, Entity: "party_position", EntityID: id,
			Before: before, After: positionAudit{ID: id, PositionInput: in}})
	})
	return out, err
}

// positionsFrom is every position and every station open on the day
// given as $1 as one table q, each with its status as of that day.
const positionsFrom = ` FROM (
	SELECT x.id, x.name, x.kind, '' AS station_kind, x.unit_id, u.name AS unit_name, u.path AS unit_path, x.address, x.area_m2,
		CASE WHEN x.status = 'open' AND x.opened_on > $1 THEN 'under_construction' ELSE x.status END AS status,
		COALESCE(x.opened_on, '') AS opened_on, x.lng, x.lat
	FROM party_positions x JOIN units u ON u.id = x.unit_id
	UNION ALL
	SELECT s.id, s.name, 'station', s.kind, s.community_id, c.name, c.path, s.address, s.area_m2,
		'open', s.opened_on, s.lng, s.lat
	FROM stations s JOIN units c ON c.id = s.community_id WHERE s.opened_on <= $1) q`

const positionColumns = "q.id, q.name, q.kind, q.station_kind, q.unit_id, q.unit_name, q.unit_path, q.address, q.area_m2, q.status, q.opened_on, q.lng, q.lat"

func scanPosition(row interface{ Scan(...any) error }) (Position, error) {
	var p Position
	err := row.Scan(&p.ID, &p.Name, &p.Kind, &p.StationKind, &p.UnitID, &p.UnitName, &p.unitPath, &p.Address, &p.AreaM2,
		&p.Status, &p.OpenedOn, &p.Lng, &p.Lat)
	return p, err
}

func (s *Service) getPosition(ctx context.Context, q db.Querier, a access.Actor, id int64) (Position, error) {
	var w db.Where
	w.Next(s.today())
	w.And("q.kind <> 'station' AND q.id = ?", id)
	if !Sees(a) {
		w.And("1 = 0")
	}
	w.And("q.unit_path LIKE ?", a.ScopePattern())
	// #nosec G202 -- columns and FROM are constants, the conditions placeholders
	p, err := scanPosition(q.QueryRowContext(ctx, "SELECT "+positionColumns+positionsFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E(errs.NotFound)
	}
	return p, errs.Wrap(err, "party position get")
}

// GetPosition reads one registered position in the actor's scope.
func (s *Service) GetPosition(ctx context.Context, a access.Actor, id int64) (Position, error) {
	return s.getPosition(ctx, s.DB.R, a, id)
}

// MayEditPosition reports whether the actor may edit p (never a station
// here: those are edited as stations).
func MayEditPosition(a access.Actor, p Position) bool {
	return p.Kind != StationKind && writes(a, p.unitPath)
}

// PositionFilter selects positions and stations.
type PositionFilter struct {
	Query  string
	Kind   PositionKind // station for the stations only
	Status PositionStatus
	UnitID int64
	// AsOf is the day (YYYY-MM-DD) the statuses are as of; "" is today.
	AsOf string
	Page db.Page
}

func (f *PositionFilter) validate() error {
	bad := errs.Fields{}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > MaxName {
		bad.Add("q", "err.too_long")
	}
	if f.Kind != "" && !f.Kind.Valid() && f.Kind != StationKind {
		bad.Add("kind", "pty.err.position_kind")
	}
	if f.Status != "" && !f.Status.Valid() {
		bad.Add("status", "pty.err.position_status")
	}
	if f.AsOf != "" && !isDay(f.AsOf) {
		bad.Add("as_of", "err.bad_date")
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	return bad.Err()
}

// positionWhere starts w with the as-of day ($1) and adds f's conditions.
func (s *Service) positionWhere(w *db.Where, a access.Actor, f PositionFilter) {
	day := f.AsOf
	if day == "" {
		day = s.today()
	}
	w.Next(day)
	if !Sees(a) {
		w.And("1 = 0")
	}
	w.And("q.unit_path LIKE ?", a.ScopePattern())
	if f.Query != "" {
		pat := db.LikePattern(f.Query)
		w.And("(q.name "+s.DB.ILike()+" ? ESCAPE '\\' OR q.address "+s.DB.ILike()+" ? ESCAPE '\\')", pat, pat)
	}
	if f.Kind != "" {
		w.And("q.kind = ?", string(f.Kind))
	}
	if f.Status != "" {
		w.And("q.status = ?", string(f.Status))
	}
	if f.UnitID > 0 {
		w.And("q.unit_path LIKE (SELECT path FROM units WHERE id = ?) || '%'", f.UnitID)
	}
}

// ListPositions returns one page of the positions and stations in the
// actor's scope that f selects, each with its WGS84 point; the registered
// positions come first, then the stations, each by unit and name.
func (s *Service) ListPositions(ctx context.Context, a access.Actor, f PositionFilter) (db.List[Position], error) {
	if err := f.validate(); err != nil {
		return db.List[Position]{Items: []Position{}}, err
	}
	sel := db.Select{Columns: positionColumns, From: positionsFrom, Order: "CASE WHEN q.kind = 'station' THEN 1 ELSE 0 END, q.unit_path, q.name, q.id"}
	s.positionWhere(&sel.Where, a, f)
	return db.SelectPage(ctx, s.DB.R, "party position", sel, f.Page, scanPosition)
}
