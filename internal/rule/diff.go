package rule

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/pmezard/go-difflib/difflib"

	"pinghu/internal/access"
	"pinghu/internal/errs"
)

// Diff is the line difference between two versions of a rule.
type Diff struct {
	RuleID  int64  `json:"rule_id"`
	From    int    `json:"from"`
	To      int    `json:"to"`
	Unified string `json:"unified"` // a unified diff, three lines of context
	Lines   []Line `json:"lines"`   // the same, line by line, for display
}

// Line is one line of a diff: Op is ' ' (kept), '-' (removed), '+' (added)
// or '@' (a hunk header).
type Line struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Diff compares two versions of a rule the actor may read.
func (s *Service) Diff(ctx context.Context, a access.Actor, id int64, from, to int) (Diff, error) {
	if _, _, err := getInScope(ctx, s.DB.R, a, id); err != nil {
		return Diff{}, err
	}
	f := errs.Fields{}
	texts := make([]string, 2)
	for i, c := range []struct {
		field string
		v     int
	}{{"from", from}, {"to", to}} {
		err := s.DB.R.QueryRowContext(ctx, "SELECT body FROM rule_versions WHERE rule_id = $1 AND version = $2", id, c.v).Scan(&texts[i])
		if errors.Is(err, sql.ErrNoRows) {
			f.Add(c.field, "err.rule_version_unknown")
		} else if err != nil {
			return Diff{}, errs.Wrap(err, "rule diff")
		}
	}
	if err := f.Err(); err != nil {
		return Diff{}, err
	}
	u := difflib.UnifiedDiff{
		A: difflib.SplitLines(texts[0]), B: difflib.SplitLines(texts[1]),
		FromFile: "v" + strconv.Itoa(from), ToFile: "v" + strconv.Itoa(to), Context: 3,
	}
	text, err := difflib.GetUnifiedDiffString(u)
	if err != nil {
		return Diff{}, errs.Wrap(err, "rule diff")
	}
	d := Diff{RuleID: id, From: from, To: to, Unified: text, Lines: []Line{}}
	for i, l := range difflib.SplitLines(text) {
		if i < 2 || l == "\n" && i == len(difflib.SplitLines(text))-1 {
			continue // the file header lines, and the final empty piece
		}
		l = trimNL(l)
		if l == "" {
			d.Lines = append(d.Lines, Line{Op: " "})
			continue
		}
		d.Lines = append(d.Lines, Line{Op: l[:1], Text: l[1:]})
	}
	return d, nil
}

func trimNL(s string) string {
	if len(s) > 0 && s[len(s)-1] == '\n' {
		return s[:len(s)-1]
	}
	return s
}
