package web

import (
	"context"
	"time"

	"pinghu/internal/appeal"
	"pinghu/internal/calendar"
	"pinghu/internal/i18n"
)

// Helpers the appeal templates call on their page. Names start with
// Appeal so that they cannot clash with another module's helpers on Page.

// AppealState names a state.
func (p Page) AppealState(s appeal.State) string { return p.T("appeal.state." + string(s)) }

// AppealStateClass is the CSS class of a state's tag: each state has its
// colour, so that a list reads at a glance.
func (p Page) AppealStateClass(s appeal.State) string { return "tag st-" + string(s) }

// AppealAction names an action (or the submission).
func (p Page) AppealAction(a appeal.Action) string { return p.T("appeal.action." + string(a)) }

// AppealChannel names a channel.
func (p Page) AppealChannel(c appeal.Channel) string { return p.T("appeal.channel." + string(c)) }

// AppealSolved names the enterprise's answer to "was it solved?".
func (p Page) AppealSolved(s appeal.Solved) string { return p.T("appeal.solved." + string(s)) }

// AppealSatisfaction names a rating.
func (p Page) AppealSatisfaction(s appeal.Satisfaction) string {
	return p.T("appeal.satisfaction." + string(s))
}

// AppealRejectReason names an exclusion reason; a code the catalog does
// not know is shown as it is.
func (p Page) AppealRejectReason(code string) string {
	if key := "appeal.reject_reason." + code; p.cat.Has(p.Lang, key) {
		return p.T(key)
	}
	return code
}

// AppealLimit shows a time limit: "24 小时", "3 个工作日".
func (p Page) AppealLimit(l calendar.Limit) string {
	return p.T("appeal.limit."+string(l.Unit), l.N)
}

// AppealFigure names a figure of the enterprise-service dashboard; a name
// the catalog does not know (a mistyped link) is shown as it is.
func (p Page) AppealFigure(name string) string {
	if key := "appeal.figure." + name; p.cat.Has(p.Lang, key) {
		return p.T(key)
	}
	return name
}

// AppealFigureHelp explains a figure; "" for an unknown one.
func (p Page) AppealFigureHelp(name string) string {
	if key := "appeal.figure." + name + ".help"; p.cat.Has(p.Lang, key) {
		return p.T(key)
	}
	return ""
}

// AppealBy names a grouping of the breakdowns; "" for none or an unknown one.
func (p Page) AppealBy(by string) string {
	if key := "appeal.by." + by; by != "" && p.cat.Has(p.Lang, key) {
		return p.T(key)
	}
	return ""
}

// appealDict is what the appeal pages need besides Page to show an
// appeal: the category dictionary, in the page's language, and the time
// that decides what is overdue. Views embed it.
type appealDict struct {
	Categories []appeal.Category
	lang       string
	now        time.Time
}

// appealDict reads the category dictionary for a page in lang.
func (h *Web) appealDict(ctx context.Context, lang string) (appealDict, error) {
	cats, err := h.Appeals.Categories(ctx)
	return appealDict{Categories: cats, lang: lang, now: h.Now()}, err
}

// CategoryName names a category in the page's language (the dictionary
// keeps a Chinese and an English name); an unknown code is shown as it is.
func (d appealDict) CategoryName(code string) string {
	for _, c := range d.Categories {
		if c.Code == code {
			if d.lang == i18n.En && c.NameEn != "" {
				return c.NameEn
			}
			return c.Name
		}
	}
	return code
}

// Category returns a category of the dictionary, zero when unknown.
func (d appealDict) Category(code string) appeal.Category {
	for _, c := range d.Categories {
		if c.Code == code {
			return c
		}
	}
	return appeal.Category{}
}

// ActiveCategories are the categories a new appeal may take.
func (d appealDict) ActiveCategories() []appeal.Category {
	var out []appeal.Category
	for _, c := range d.Categories {
		if c.Active {
			out = append(out, c)
		}
	}
	return out
}

// Overdue reports whether an appeal is open past its resolution deadline.
func (d appealDict) Overdue(p appeal.Appeal) bool { return p.Overdue(d.now) }

// DueSoon reports whether an open appeal falls due within a day.
func (d appealDict) DueSoon(p appeal.Appeal) bool { return p.DueSoon(d.now) }

// ResponseLate reports whether an appeal still waits to be signed for
// past its response deadline.
func (d appealDict) ResponseLate(p appeal.Appeal) bool {
	return p.State == appeal.Submitted && p.ResponseDueAt.Before(d.now)
}
