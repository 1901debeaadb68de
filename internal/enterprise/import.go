package enterprise

import (
	"context"
	"database/sql"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// MaxImport bounds the enterprises of one import: a district registers a
// few thousand; a file ten times that is a mistake, refused whole.
const MaxImport = 50_000

// ImportProblem is one problem of one enterprise of an import. Index is
// the enterprise's place in the batch (from 0), Field the Input's JSON
// name ("credit_code"), Message a catalog key.
type ImportProblem struct {
	Index   int
	Field   string
	Message string
}

// Catalog keys of the problems only a batch has.
const (
	// MsgImportDuplicate: the credit code appears on an earlier row of
	// the same batch.
	MsgImportDuplicate = "err.enterprise_import_duplicate"
	// MsgImportTooMany: the batch holds more than MaxImport enterprises.
	MsgImportTooMany = "err.enterprise_import_too_many"
)

// Import registers a batch of enterprises, all or nothing. Every input is
// checked as Create checks one — required fields, the credit code's check
// character, a community of the actor's scope, industry and status — and
// the batch as a whole besides: a credit code twice in the batch, or one
// another enterprise already holds. When anything is wrong Import returns
// every problem and writes nothing; otherwise it creates every enterprise
// in one transaction, with one audit record per enterprise (action
// "enterprise.import"), so that each enterprise's record shows how it came
// in, exactly as one created by hand shows "enterprise.create". It returns
// the new ids in the batch's order.
func (s *Service) Import(ctx context.Context, a access.Actor, ins []Input) ([]int64, []ImportProblem, error) {
	if !canManage(a) {
		return nil, nil, errs.E(errs.NotFound)
	}
	if len(ins) > MaxImport {
		return nil, []ImportProblem{{Index: MaxImport, Message: MsgImportTooMany}}, nil
	}
	problems, err := s.checkImport(ctx, a, ins)
	if err != nil || len(problems) > 0 {
		return nil, problems, err
	}
	ids := make([]int64, 0, len(ins))
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		for _, in := range ins {
			e := Enterprise{Status: Operating, CreatedAt: now}
			in.apply(&e)
			// A concurrent registration of the same code is caught by the
			// unique index; the whole batch then rolls back.
			id, err := insertEnterprise(ctx, tx, e)
			if err != nil {
				return err
			}
			e.ID, e.UpdatedAt = id, now
			ids = append(ids, id)
			if err := s.Audit.Append(ctx, tx, a, audit.Entry{Action: "enterprise.import", Entity: "enterprise", EntityID: id,
				After: importAudit(e)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return ids, nil, nil
}

// CheckImport finds every problem of a batch as Import would, and writes
// nothing: for a page that shows every problem of a file in one round,
// the rows that could not even be read included.
func (s *Service) CheckImport(ctx context.Context, a access.Actor, ins []Input) ([]ImportProblem, error) {
	if !canManage(a) {
		return nil, errs.E(errs.NotFound)
	}
	if len(ins) > MaxImport {
		return []ImportProblem{{Index: MaxImport, Message: MsgImportTooMany}}, nil
	}
	return s.checkImport(ctx, a, ins)
}

// importAudit is what the audit record of an imported enterprise keeps:
// the registry fields as stored (no names joined, nothing read back).
func importAudit(e Enterprise) any {
	return struct {
		ID          int64  `json:"id"`
		Name        string `json:"name"`
		CreditCode  string `json:"credit_code"`
		CommunityID int64  `json:"community_id"`
		Address     string `json:"address"`
		Industry    string `json:"industry"`
		AboveScale  bool   `json:"above_scale"`
		Top100      bool   `json:"top100"`
		Status      Status `json:"status"`
	}{e.ID, e.Name, e.CreditCode, e.CommunityID, e.Address, e.Industry, e.AboveScale, e.Top100, e.Status}
}

// checkImport finds every problem of the batch, normalising each input as
// Create would. The database is read twice, whatever the batch's size:
// once for the communities in scope and once (in chunks) for the codes
// already taken.
func (s *Service) checkImport(ctx context.Context, a access.Actor, ins []Input) ([]ImportProblem, error) {
	var problems []ImportProblem
	add := func(i int, f errs.Fields) {
		for _, field := range sortedFields(f) {
			problems = append(problems, ImportProblem{Index: i, Field: field, Message: f[field]})
		}
	}
	communities, err := communitiesInScope(ctx, s.DB.R, a)
	if err != nil {
		return nil, err
	}
	fields := make([]errs.Fields, len(ins))
	first := make(map[string]int, len(ins))
	var codes []string
	for i := range ins {
		f := ins[i].validate(true)
		if _, bad := f["community_id"]; !bad && ins[i].CommunityID != nil && !communities[*ins[i].CommunityID] {
			f.Add("community_id", "err.enterprise_community")
		}
		if _, bad := f["credit_code"]; !bad && ins[i].CreditCode != nil {
			code := *ins[i].CreditCode
			if _, seen := first[code]; seen {
				f.Add("credit_code", MsgImportDuplicate)
			} else {
				first[code] = i
				codes = append(codes, code)
			}
		}
		fields[i] = f
	}
	taken, err := codesTaken(ctx, s.DB.R, codes)
	if err != nil {
		return nil, err
	}
	for _, code := range taken {
		fields[first[code]].Add("credit_code", "err.enterprise_credit_code_taken")
	}
	for i, f := range fields {
		add(i, f)
	}
	return problems, nil
}

// sortedFields lists the fields of f in the order of the import's
// columns, so that a row's problems read left to right.
func sortedFields(f errs.Fields) []string {
	order := []string{"name", "credit_code", "community_id", "address", "industry", "above_scale", "top100", "status"}
	out := make([]string, 0, len(f))
	for _, k := range order {
		if _, ok := f[k]; ok {
			out = append(out, k)
		}
	}
	for k := range f {
		known := false
		for _, o := range order {
			known = known || o == k
		}
		if !known {
			out = append(out, k)
		}
	}
	return out
}

// communitiesInScope returns the active communities the actor's unit
// covers, the only ones an enterprise may be registered in.
func communitiesInScope(ctx context.Context, q db.Querier, a access.Actor) (map[int64]bool, error) {
	out := map[int64]bool{}
	if !a.HasScope() {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, "SELECT id FROM units WHERE kind = 'community' AND active = TRUE AND path LIKE $1", a.ScopePattern())
	if err != nil {
		return nil, errs.Wrap(err, "import communities")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, errs.Wrap(err, "import communities scan")
		}
		out[id] = true
	}
	return out, errs.Wrap(rows.Err(), "import communities")
}

// codesChunk bounds the placeholders of one IN list, well within both
// databases' limits.
const codesChunk = 500

// codesTaken returns those of codes that an enterprise already holds.
// Like codeTakenByOther it looks at every enterprise, not the scope: the
// code is unique nationally.
func codesTaken(ctx context.Context, q db.Querier, codes []string) ([]string, error) {
	var out []string
	for start := 0; start < len(codes); start += codesChunk {
		chunk := codes[start:min(start+codesChunk, len(codes))]
		args := make([]any, len(chunk))
		for i, c := range chunk {
			args[i] = c
		}
		var w db.Where
		w.And("credit_code IN ("+placeholders(len(chunk))+")", args...)
		rows, err := q.QueryContext(ctx, "SELECT credit_code FROM enterprises"+w.SQL(), w.Args...)
		if err != nil {
			return nil, errs.Wrap(err, "import codes")
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				_ = rows.Close()
				return nil, errs.Wrap(err, "import codes scan")
			}
			out = append(out, strings.TrimSpace(c))
		}
		err = rows.Err()
		_ = rows.Close()
		if err != nil {
			return nil, errs.Wrap(err, "import codes")
		}
	}
	return out, nil
}
