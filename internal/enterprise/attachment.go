package enterprise

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Owners of attachments: the kind of record a file belongs to.
const (
	OwnerVisit  = "visit"
	OwnerAppeal = "appeal"
	// OwnerProjectReport is a project progress report's photos; the
	// project module keeps them here so that every upload in the platform
	// is checked, stored and served one way.
	OwnerProjectReport = "project_report"
	// OwnerConsultation is an expert's answer to a consultation; the
	// think tank decides who opens it (ConsultationVisible).
	OwnerConsultation = "consultation"
)

// Where an attachment's bytes are.
const (
	storageFile = "file" // under FileStore.Dir (SQLite)
	storageDB   = "db"   // in attachments.data (PostgreSQL)
)

// Limits of uploads: a phone photo is a few MiB; nine is what a phone's
// picker and a WeChat post allow, and what a visit record needs.
const (
	MaxUploadBytes   = 10 << 20
	MaxUploads       = 9
	MaxFilenameRunes = 100
)

// Upload is a file as received, before it is stored.
type Upload struct {
	Filename    string
	ContentType string // as declared by the client; not trusted
	Data        []byte
}

// Attachment is a stored file's metadata.
type Attachment struct {
	ID          int64     `json:"id"`
	Owner       string    `json:"owner"`
	OwnerID     int64     `json:"owner_id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedBy   int64     `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// sniff returns the type of data from its first bytes, or "" for anything
// not accepted. The declared type is not trusted: a client may call any
// file image/jpeg, and what is served back must be what it is.
func sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "image/webp"
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf"
	}
	return ""
}

// extensions gives a file without a usable name one that matches its type.
var extensions = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}

// sanitizeFilename keeps the name a person gave a file, minus what could
// do harm where it is shown or saved: any directory part (either slash),
// control and invisible formatting characters (a right-to-left override
// can disguise "gpj.exe" as "exe.jpg"), leading dots and surrounding
// space; and it keeps the extension when cutting to MaxFilenameRunes.
func sanitizeFilename(name, contentType string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeftFunc(name, func(r rune) bool { return r == '.' || unicode.IsSpace(r) })
	name = strings.TrimRightFunc(name, unicode.IsSpace)
	if name == "" {
		return "file" + extensions[contentType]
	}
	if utf8.RuneCountInString(name) <= MaxFilenameRunes {
		return name
	}
	ext := path.Ext(name)
	if utf8.RuneCountInString(ext) > 10 {
		ext = ""
	}
	base := []rune(strings.TrimSuffix(name, ext))
	return strings.TrimSpace(string(base[:MaxFilenameRunes-utf8.RuneCountInString(ext)])) + ext
}

// CheckUploads validates files before anything is written, naming field
// for the first problem: too many, empty, too large, or of a type other
// than JPEG, PNG, WebP or PDF.
func CheckUploads(field string, ups []Upload) error {
	f := errs.Fields{}
	if len(ups) > MaxUploads {
		f.Add(field, "err.attachment_too_many")
	}
	for _, u := range ups {
		switch {
		case len(u.Data) == 0:
			f.Add(field, "err.attachment_empty")
		case len(u.Data) > MaxUploadBytes:
			f.Add(field, "err.attachment_too_large")
		case sniff(u.Data) == "":
			f.Add(field, "err.attachment_type")
		}
	}
	return f.Err()
}

// SaveAttachmentsTx stores checked uploads for one record inside the
// caller's transaction: bytes on disk first with SQLite (see
// FileStore.put), in the row with PostgreSQL. The appeal module uses it for
// an appeal's files. Only owners OpenAttachment can scope are accepted: a
// file nobody could ever open is a bug, not a record.
func (s *Service) SaveAttachmentsTx(ctx context.Context, tx *sql.Tx, a access.Actor, owner string, ownerID int64, ups []Upload) ([]Attachment, error) {
	if owner != OwnerVisit && owner != OwnerAppeal && owner != OwnerProjectReport && owner != OwnerConsultation {
		return nil, errs.Wrap(fmt.Errorf("attachments of unknown owner %q", owner), "attachment save")
	}
	if err := CheckUploads("attachments", ups); err != nil {
		return nil, err
	}
	out := make([]Attachment, 0, len(ups))
	now := s.now()
	for _, u := range ups {
		sum := sha256.Sum256(u.Data)
		at := Attachment{Owner: owner, OwnerID: ownerID, ContentType: sniff(u.Data), Size: int64(len(u.Data)),
			SHA256: hex.EncodeToString(sum[:]), CreatedBy: a.UserID, CreatedAt: now}
		at.Filename = sanitizeFilename(u.Filename, at.ContentType)
		storage, data := storageDB, any(u.Data)
		if s.DB.Dialect != db.Postgres {
			if err := s.Files.put(at.SHA256, u.Data); err != nil {
				return nil, errs.Wrap(err, "attachment write")
			}
			storage, data = storageFile, nil
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO attachments (owner, owner_id, filename, content_type, size, sha256,
			storage, data, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			at.Owner, at.OwnerID, at.Filename, at.ContentType, at.Size, at.SHA256, storage, data, nullID(a.UserID),
			db.Micros(at.CreatedAt)).Scan(&at.ID); err != nil {
			return nil, errs.Wrap(err, "attachment insert")
		}
		out = append(out, at)
	}
	return out, nil
}

const attachmentColumns = "t.id, t.owner, t.owner_id, t.filename, t.content_type, t.size, t.sha256, COALESCE(t.created_by, 0), t.created_at"

func scanAttachment(row interface{ Scan(...any) error }, extra ...any) (Attachment, error) {
	var at Attachment
	var created int64
	err := row.Scan(append([]any{&at.ID, &at.Owner, &at.OwnerID, &at.Filename, &at.ContentType, &at.Size, &at.SHA256,
		&at.CreatedBy, &created}, extra...)...)
	at.CreatedAt = db.Time(created)
	return at, err
}

// AttachmentsOf lists the attachments of several records of one owner in
// one query, for a page of visits or appeals; the caller has applied scope
// to the records. Bytes are not read.
func AttachmentsOf(ctx context.Context, q db.Querier, owner string, ids []int64) (map[int64][]Attachment, error) {
	out := map[int64][]Attachment{}
	if len(ids) == 0 {
		return out, nil
	}
	var w db.Where
	w.And("t.owner = ?", owner)
	w.And("t.owner_id IN ("+placeholders(len(ids))+")", int64sAsAny(ids)...)
	rows, err := q.QueryContext(ctx, "SELECT "+attachmentColumns+" FROM attachments t"+w.SQL()+" ORDER BY t.owner_id, t.id", w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "attachments")
	}
	defer rows.Close()
	for rows.Next() {
		at, err := scanAttachment(rows)
		if err != nil {
			return nil, errs.Wrap(err, "attachments scan")
		}
		out[at.OwnerID] = append(out[at.OwnerID], at)
	}
	return out, errs.Wrap(rows.Err(), "attachments rows")
}

// OpenAttachment returns an attachment and its bytes, when the record it
// belongs to is in the actor's scope:
//
//   - a visit's file: the visit's enterprise must be in scope (ScopeSQL);
//   - an appeal's file: the appeal's enterprise must be in scope, in SQL,
//     and then the appeal itself must be visible to the actor, as the
//     appeal module's AppealVisible says — so a department sees only the
//     files of its own appeals even at an enterprise it can see. Without
//     that rule wired, an appeal's file is nobody's to open.
//
// Any other owner, or anything out of scope, is not found. The caller
// closes the reader.
func (s *Service) OpenAttachment(ctx context.Context, a access.Actor, id int64) (Attachment, io.ReadCloser, error) {
	var owner string
	var ownerID int64
	err := s.DB.R.QueryRowContext(ctx, "SELECT owner, owner_id FROM attachments WHERE id = $1", id).Scan(&owner, &ownerID)
	if errors.Is(err, sql.ErrNoRows) {
		return Attachment{}, nil, errs.E(errs.NotFound)
	}
	if err != nil {
		return Attachment{}, nil, errs.Wrap(err, "attachment owner")
	}
	if owner == OwnerProjectReport || owner == OwnerConsultation {
		// A report's photo and an expert's answer belong to no
		// enterprise: the project, or the think tank, decides.
		visible := s.ReportVisible
		if owner == OwnerConsultation {
			visible = s.ConsultationVisible
		}
		if visible == nil {
			return Attachment{}, nil, errs.E(errs.NotFound)
		}
		if err := visible(ctx, a, ownerID); err != nil {
			return Attachment{}, nil, err
		}
		var storage string
		var data []byte
		at, err := scanAttachment(s.DB.R.QueryRowContext(ctx, "SELECT "+attachmentColumns+", t.storage, t.data FROM attachments t WHERE t.id = $1", id),
			&storage, &data)
		if err != nil {
			return Attachment{}, nil, errs.Wrap(err, "attachment get")
		}
		return s.bytesOf(at, storage, data)
	}
	var w db.Where
	w.And("t.id = ?", id)
	ScopeSQL(&w, a)
	var storage string
	var data []byte
	// The owner decides which record leads to the enterprise; an owner
	// with no join here matches no enterprise and so is not found.
	at, err := scanAttachment(s.DB.R.QueryRowContext(ctx, "SELECT "+attachmentColumns+", t.storage, t.data"+
		` FROM attachments t
		LEFT JOIN visits v ON t.owner = 'visit' AND v.id = t.owner_id
		LEFT JOIN appeals ap ON t.owner = 'appeal' AND ap.id = t.owner_id
		JOIN enterprises e ON e.id = COALESCE(v.enterprise_id, ap.enterprise_id)
		JOIN units c ON c.id = e.community_id`+w.SQL(), w.Args...), &storage, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return Attachment{}, nil, errs.E(errs.NotFound)
	}
	if err != nil {
		return Attachment{}, nil, errs.Wrap(err, "attachment get")
	}
	if at.Owner == OwnerAppeal {
		if s.AppealVisible == nil {
			return Attachment{}, nil, errs.E(errs.NotFound)
		}
		if err := s.AppealVisible(ctx, a, at.OwnerID); err != nil {
			return Attachment{}, nil, err
		}
	}
	return s.bytesOf(at, storage, data)
}

// bytesOf opens a stored attachment's bytes, wherever they are kept.
func (s *Service) bytesOf(at Attachment, storage string, data []byte) (Attachment, io.ReadCloser, error) {
	if storage == storageDB {
		return at, io.NopCloser(bytes.NewReader(data)), nil
	}
	r, err := s.Files.open(at.SHA256)
	if err != nil {
		return Attachment{}, nil, errs.Wrap(err, "attachment open")
	}
	return at, r, nil
}

// placeholders returns "?, ?, …" for n arguments of db.Where.And.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func int64sAsAny(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
