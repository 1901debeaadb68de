package thinktank

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/pii"
)

// State is where a consultation stands.
type State string

const (
	Requested State = "requested" // asked, no expert yet
	Assigned  State = "assigned"  // an expert is to answer
	Answered  State = "answered"  // the expert's advice is given
	Rated     State = "rated"     // the requester rated the advice; final
	Closed    State = "closed"    // closed without an answer by who assigns; final
	Withdrawn State = "withdrawn" // withdrawn by the requester; final
)

// States lists every state in the order of the workflow.
var States = []State{Requested, Assigned, Answered, Rated, Closed, Withdrawn}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Open reports whether the consultation still waits for advice.
func (s State) Open() bool { return s == Requested || s == Assigned }

// Limits of a consultation's text, in characters.
const (
	MaxTopic       = 100
	MaxDescription = 5000
	MaxAdvice      = 10000
	MaxComment     = 2000
)

// Consultation is one request for advice. Free text is returned with any
// mobile or identity number in it masked.
type Consultation struct {
	ID                int64         `json:"id"`
	Topic             string        `json:"topic"`
	Description       string        `json:"description"`
	Field             Field         `json:"field"`
	Urgency           Urgency       `json:"urgency"`
	RequesterKind     RequesterKind `json:"requester_kind"`
	CommunityID       int64         `json:"community_id"`
	CommunityName     string        `json:"community_name"`
	RequesterUnitID   int64         `json:"requester_unit_id,omitempty"`
	RequesterUnitName string        `json:"requester_unit_name,omitempty"`
	EnterpriseID      int64         `json:"enterprise_id,omitempty"`
	EnterpriseName    string        `json:"enterprise_name,omitempty"`
	ExpertID          int64         `json:"expert_id,omitempty"`
	ExpertName        string        `json:"expert_name,omitempty"`
	State             State         `json:"state"`
	Advice            string        `json:"advice,omitempty"`
	Rating            int           `json:"rating,omitempty"`
	RatingComment     string        `json:"rating_comment,omitempty"`
	CloseNote         string        `json:"close_note,omitempty"`
	RequestedBy       int64         `json:"requested_by,omitempty"`
	RequesterName     string        `json:"requester_name,omitempty"` // the account's display name
	RequestedAt       time.Time     `json:"requested_at"`
	AssignedAt        time.Time     `json:"assigned_at,omitzero"`
	AnsweredAt        time.Time     `json:"answered_at,omitzero"`
	RatedAt           time.Time     `json:"rated_at,omitzero"`
	ClosedAt          time.Time     `json:"closed_at,omitzero"`
	UpdatedAt         time.Time     `json:"updated_at"`
	// ResponseHours is the time from the request to the answer, 0 until
	// answered.
	ResponseHours float64 `json:"response_hours,omitempty"`
	// Attachments are the answer's files, filled by Consultation only.
	Attachments   []enterprise.Attachment `json:"attachments,omitempty"`
	communityPath string
	unitPath      string
	expertUser    int64
}

// Requester is who asked, in words: the enterprise, the community or the
// requesting unit.
func (k Consultation) Requester() string {
	switch {
	case k.EnterpriseName != "":
		return k.EnterpriseName
	case k.RequesterUnitName != "":
		return k.RequesterUnitName
	}
	return k.CommunityName
}

const consultationColumns = `k.id, k.topic, k.description, k.field, k.urgency, k.requester_kind, k.community_id, c.name, c.path,
	COALESCE(k.requester_unit_id, 0), COALESCE(ru.name, ''), COALESCE(ru.path, ''), COALESCE(k.enterprise_id, 0), COALESCE(e.name, ''),
	COALESCE(k.expert_id, 0), COALESCE(x.name, ''), COALESCE(x.user_id, 0), k.state, k.advice, COALESCE(k.rating, 0), k.rating_comment,
	k.close_note, COALESCE(k.requested_by, 0), COALESCE(rb.display_name, ''),
	k.requested_at, k.assigned_at, k.answered_at, k.rated_at, k.closed_at, k.updated_at`

func scanConsultation(row interface{ Scan(...any) error }) (Consultation, error) {
	var k Consultation
	var requested, updated int64
	var assigned, answered, rated, closed *int64
	err := row.Scan(&k.ID, &k.Topic, &k.Description, &k.Field, &k.Urgency, &k.RequesterKind, &k.CommunityID, &k.CommunityName,
		&k.communityPath, &k.RequesterUnitID, &k.RequesterUnitName, &k.unitPath, &k.EnterpriseID, &k.EnterpriseName,
		&k.ExpertID, &k.ExpertName, &k.expertUser, &k.State, &k.Advice, &k.Rating, &k.RatingComment, &k.CloseNote,
		&k.RequestedBy, &k.RequesterName, &requested, &assigned, &answered, &rated, &closed, &updated)
	k.RequestedAt, k.UpdatedAt = db.Time(requested), db.Time(updated)
	k.AssignedAt, k.AnsweredAt, k.RatedAt, k.ClosedAt = db.NullTime(assigned), db.NullTime(answered), db.NullTime(rated), db.NullTime(closed)
	if !k.AnsweredAt.IsZero() {
		k.ResponseHours = responseHours(k.RequestedAt, k.AnsweredAt)
	}
	k.Description, k.Advice = pii.MaskText(k.Description), pii.MaskText(k.Advice)
	k.RatingComment, k.CloseNote = pii.MaskText(k.RatingComment), pii.MaskText(k.CloseNote)
	return k, err
}

// responseHours is the time between two instants in hours, to a tenth.
func responseHours(from, to time.Time) float64 {
	return float64(to.Sub(from).Round(6*time.Minute)) / float64(time.Hour)
}

// getConsultation reads one consultation in the actor's scope; any other
// is not found, whether it exists or not.
func getConsultation(ctx context.Context, q db.Querier, a access.Actor, id int64) (Consultation, error) {
	var w db.Where
	w.And("k.id = ?", id)
	consultationScope(&w, a)
	k, err := scanConsultation(q.QueryRowContext(ctx, "SELECT "+consultationColumns+consultationFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return k, errs.E(errs.NotFound)
	}
	return k, errs.Wrap(err, "consultation get")
}

// Consultation reads one consultation in the actor's scope with the
// answer's attachments.
func (s *Service) Consultation(ctx context.Context, a access.Actor, id int64) (Consultation, error) {
	k, err := getConsultation(ctx, s.DB.R, a, id)
	if err != nil {
		return k, err
	}
	files, err := enterprise.AttachmentsOf(ctx, s.DB.R, enterprise.OwnerConsultation, []int64{id})
	k.Attachments = files[id]
	return k, err
}

// Visible answers nil when the actor may see consultation id and not
// found otherwise: the rule by which the answer's files are opened.
func (s *Service) Visible(ctx context.Context, a access.Actor, id int64) error {
	_, err := getConsultation(ctx, s.DB.R, a, id)
	return err
}

// Input is a request for advice. An enterprise asks for itself and a
// community for itself, whatever the other fields say; the leaders and
// the office ask for a community or for a party organisation or office
// (RequesterUnitID, their own unit when 0) about a community's matter.
type Input struct {
	Topic           string        `json:"topic"`
	Description     string        `json:"description"`
	Field           Field         `json:"field"`
	Urgency         Urgency       `json:"urgency"`
	RequesterKind   RequesterKind `json:"requester_kind"`
	CommunityID     int64         `json:"community_id"`
	RequesterUnitID int64         `json:"requester_unit_id"`
}

// consultationAudit is a consultation as the audit log records it: no
// free text.
type consultationAudit struct {
	ID            int64         `json:"id"`
	Field         Field         `json:"field"`
	Urgency       Urgency       `json:"urgency"`
	RequesterKind RequesterKind `json:"requester_kind"`
	CommunityID   int64         `json:"community_id"`
	EnterpriseID  int64         `json:"enterprise_id,omitempty"`
	ExpertID      int64         `json:"expert_id,omitempty"`
	State         State         `json:"state"`
	Rating        int           `json:"rating,omitempty"`
}

func (k Consultation) audit() consultationAudit {
	return consultationAudit{ID: k.ID, Field: k.Field, Urgency: k.Urgency, RequesterKind: k.RequesterKind, CommunityID: k.CommunityID,
		EnterpriseID: k.EnterpriseID, ExpertID: k.ExpertID, State: k.State, Rating: k.Rating}
}

// Request records a request for advice from the actor.
func (s *Service) Request(ctx context.Context, a access.Actor, in Input) (Consultation, error) {
	if !MayRequest(a) {
		return Consultation{}, errs.E(errs.NotFound)
	}
	f := errs.Fields{}
	checkLen(f, "topic", &in.Topic, MaxTopic, true)
	checkLen(f, "description", &in.Description, MaxDescription, true)
	if !in.Field.Valid() {
		f.Add("field", "tt.err.field")
	}
	if in.Urgency == "" {
		in.Urgency = Normal
	}
	if !in.Urgency.Valid() {
		f.Add("urgency", "tt.err.urgency")
	}
	var id int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var enterpriseID, unitID any
		switch a.Role {
		case access.Enterprise:
			in.RequesterKind = ByEnterprise
			var community int64
			if err := tx.QueryRowContext(ctx, "SELECT community_id FROM enterprises WHERE id = $1", a.EnterpriseID).Scan(&community); err != nil {
				return errs.E(errs.NotFound)
			}
			in.CommunityID, enterpriseID = community, a.EnterpriseID
		case access.Community:
			in.RequesterKind, in.CommunityID, unitID = ByCommunity, a.UnitID, a.UnitID
			if !s.isCommunity(ctx, tx, a, a.UnitID) {
				f.Add("community_id", "err.unit_unknown")
			}
		default:
			if in.RequesterKind == "" {
				in.RequesterKind = ByPartyOrg
			}
			if in.RequesterKind != ByPartyOrg && in.RequesterKind != ByCommunity {
				f.Add("requester_kind", "tt.err.requester_kind")
			}
			if in.CommunityID <= 0 {
				f.Add("community_id", "err.required")
			} else if !s.isCommunity(ctx, tx, a, in.CommunityID) {
				f.Add("community_id", "err.unit_unknown")
			}
			unitID = in.CommunityID
			if in.RequesterKind == ByPartyOrg {
				if in.RequesterUnitID <= 0 {
					in.RequesterUnitID = a.UnitID
				}
				var path string
				if err := tx.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1 AND active = TRUE", in.RequesterUnitID).Scan(&path); err != nil || !a.Covers(path) {
					f.Add("requester_unit_id", "err.unit_unknown")
				}
				unitID = in.RequesterUnitID
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		now := db.Micros(s.now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO consultations (topic, description, field, urgency, requester_kind, community_id,
			requester_unit_id, enterprise_id, state, requested_by, requested_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
			in.Topic, in.Description, string(in.Field), string(in.Urgency), string(in.RequesterKind), in.CommunityID, unitID, enterpriseID,
			string(Requested), nullID(a.UserID), now).Scan(&id); err != nil {
			return errs.Wrap(err, "consultation insert")
		}
		if err := addEvent(ctx, tx, a, id, "request", Requested, 0, now); err != nil {
			return err
		}
		k, err := getConsultation(ctx, tx, a, id)
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "consultation.request", Entity: "consultation", EntityID: id, After: k.audit()})
	})
	if err != nil {
		return Consultation{}, err
	}
	return s.Consultation(ctx, a, id)
}

// isCommunity reports whether id is an active community in the actor's scope.
func (s *Service) isCommunity(ctx context.Context, q db.Querier, a access.Actor, id int64) bool {
	var path string
	err := q.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1 AND kind = $2 AND active = TRUE", id, string(org.Community)).Scan(&path)
	return err == nil && a.Covers(path)
}

// addEvent stores one transition.
func addEvent(ctx context.Context, q db.Querier, a access.Actor, id int64, action string, st State, expertID int64, at int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO consultation_events (consultation_id, action, state, expert_id, actor_id, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, action, string(st), nullID(expertID), nullID(a.UserID), at)
	return errs.Wrap(err, "consultation event")
}
