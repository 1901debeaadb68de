package web

import (
	"context"
	"database/sql"
	"log/slog"
	"net/url"
	"strconv"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

// The visit form records the appeals raised during the visit with it, in
// one form and one transaction: visitAppealBlocks optional blocks, each
// with a category, a title and a description, below the findings. A block
// is used when its title (or, by mistake, only its description) is filled;
// an empty block is ignored. The fields are named appealN_category,
// appealN_title and appealN_description, N counting from 1.

// visitAppealBlocks is how many appeals the visit form offers at once;
// more can be added from the appeal list, with the visit's channel.
const visitAppealBlocks = 2

// visitAppealParts are the fields of one block.
var visitAppealParts = []string{"category", "title", "description"}

// visitAppealFields are the form fields of every block, for the visit
// form to keep and show again when it comes back refused.
var visitAppealFields = func() []string {
	var out []string
	for i := 1; i <= visitAppealBlocks; i++ {
		for _, part := range visitAppealParts {
			out = append(out, appealBlockPrefix(i)+part)
		}
	}
	return out
}()

func appealBlockPrefix(i int) string { return "appeal" + strconv.Itoa(i) + "_" }

// visitAppeals are the visit form's appeal blocks with what was typed in
// them and their errors.
type visitAppeals struct {
	appealDict
	Blocks []visitAppealBlock
	// Unavailable: the category dictionary could not be read; the form
	// then records the visit alone and says so.
	Unavailable bool
}

// visitAppealBlock is one block of the form.
type visitAppealBlock struct {
	N                               int
	Prefix                          string // "appeal1_"
	Category, Title, Description    string
	ErrCategory, ErrTitle, ErrDescr string // catalog keys
	ErrBlock                        string // a problem that is not one field's
	Open                            bool   // unfolded: the first, or one with content or an error
}

// visitAppeals builds the blocks from the visit form's values and errors.
func (h *Web) visitAppeals(ctx context.Context, lang string, f Form) visitAppeals {
	dict, err := h.appealDict(ctx, lang)
	v := visitAppeals{appealDict: dict}
	if err != nil {
		// The visit can still be recorded; the appeals wait.
		slog.Error("visit form: appeal categories", "err", err)
		v.Unavailable = true
		return v
	}
	for i := 1; i <= visitAppealBlocks; i++ {
		p := appealBlockPrefix(i)
		b := visitAppealBlock{N: i, Prefix: p, Category: f.Value(p + "category"), Title: f.Value(p + "title"),
			Description: f.Value(p + "description"), ErrCategory: f.Err(p + "category"), ErrTitle: f.Err(p + "title"),
			ErrDescr: f.Err(p + "description"), ErrBlock: f.Err(p + "block")}
		b.Open = i == 1 || b.Title != "" || b.Description != "" || b.ErrCategory != "" || b.ErrTitle != "" ||
			b.ErrDescr != "" || b.ErrBlock != ""
		v.Blocks = append(v.Blocks, b)
	}
	return v
}

// recordVisitAppeals records the appeals of the visit form's blocks
// inside the visit's transaction, with the new visit's id and the visit
// channel. Every block is checked, so that one answer names the problems
// of both; any problem is an invalid error naming the block's fields, and
// the caller rolls the whole visit back.
func (h *Web) recordVisitAppeals(ctx context.Context, tx *sql.Tx, a access.Actor, v enterprise.Visit, form url.Values) error {
	bad := errs.Fields{}
	for i := 1; i <= visitAppealBlocks; i++ {
		p := appealBlockPrefix(i)
		title, descr := strings.TrimSpace(form.Get(p+"title")), strings.TrimSpace(form.Get(p+"description"))
		if title == "" && descr == "" {
			continue
		}
		visit := v.ID
		_, err := h.Appeals.CreateTx(ctx, tx, a, appeal.Input{EnterpriseID: v.EnterpriseID,
			Category: strings.TrimSpace(form.Get(p + "category")), Channel: appeal.ChannelVisit, Title: title, Description: descr,
			VisitID: &visit})
		if err == nil {
			continue
		}
		e := errs.As(err)
		if e.Code != errs.Invalid {
			return err
		}
		// CreateTx checks everything before it writes, so the transaction
		// is still whole and the next block can be checked too.
		for field, msg := range e.Fields {
			switch field {
			case "category", "title", "description":
				bad.Add(p+field, msg)
			default:
				bad.Add(p+"block", msg)
			}
		}
	}
	return bad.Err()
}
