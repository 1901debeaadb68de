package project

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/errs"
)

// FieldEntry is one entry of the field dictionary (领域).
type FieldEntry struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	NameEn    string `json:"name_en"`
	SortOrder int    `json:"sort_order"`
	Active    bool   `json:"active"`
}

// Fields is the whole dictionary in its order, inactive entries included
// (old projects name them).
func (s *Service) Fields(ctx context.Context) ([]FieldEntry, error) {
	rows, err := s.DB.R.QueryContext(ctx, "SELECT code, name, name_en, sort_order, active FROM project_fields ORDER BY sort_order, code")
	if err != nil {
		return nil, errs.Wrap(err, "project fields")
	}
	var out []FieldEntry
	for rows.Next() {
		var f FieldEntry
		if err := rows.Scan(&f.Code, &f.Name, &f.NameEn, &f.SortOrder, &f.Active); err != nil {
			_ = rows.Close()
			return nil, errs.Wrap(err, "project fields")
		}
		out = append(out, f)
	}
	return out, closeRows(rows)
}

// mayKeepFields: leaders and the office keep the dictionary.
func mayKeepFields(a access.Actor) bool {
	return a.HasScope() && (a.Role == access.Leader || a.Role == access.Office)
}

var fieldCode = regexp.MustCompile(`^[a-z][a-z0-9_]{1,31}$`)

// SaveField adds an entry or changes the one with the same code.
func (s *Service) SaveField(ctx context.Context, a access.Actor, in FieldEntry) (FieldEntry, error) {
	if !mayKeepFields(a) {
		return in, errs.E(errs.NotFound)
	}
	in.Code, in.Name, in.NameEn = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name), strings.TrimSpace(in.NameEn)
	f := errs.Fields{}
	if !fieldCode.MatchString(in.Code) {
		f.Add("code", "err.project_field_code")
	}
	if in.Name == "" {
		f.Add("name", "err.required")
	} else if utf8.RuneCountInString(in.Name) > 40 {
		f.Add("name", "err.too_long")
	}
	if utf8.RuneCountInString(in.NameEn) > 80 {
		f.Add("name_en", "err.too_long")
	}
	if in.SortOrder < 0 || in.SortOrder > 9999 {
		f.Add("sort_order", "err.out_of_range")
	}
	if err := f.Err(); err != nil {
		return in, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE project_fields SET name = $1, name_en = $2, sort_order = $3, active = $4 WHERE code = $5",
			in.Name, in.NameEn, in.SortOrder, in.Active, in.Code)
		if err != nil {
			return errs.Wrap(err, "project field update")
		}
		action := "project.field_update"
		if n, _ := res.RowsAffected(); n == 0 {
			action = "project.field_add"
			if _, err := tx.ExecContext(ctx, "INSERT INTO project_fields (code, name, name_en, sort_order, active) VALUES ($1, $2, $3, $4, $5)",
				in.Code, in.Name, in.NameEn, in.SortOrder, in.Active); err != nil {
				return errs.Wrap(err, "project field insert")
			}
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: action, Entity: "project_field", EntityID: in.Code, After: in})
	})
	return in, err
}
