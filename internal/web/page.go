package web

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/i18n"
)

// Page is the view data every page shares; each page's own data type
// embeds it. Typed view data, not maps: a misspelt field fails at parse
// time in tests, not in front of a user.
type Page struct {
	Lang      string
	Langs     []LangOption
	TitleKey  string
	Title     string // overrides TitleKey when set (a record's name)
	Actor     access.Actor
	User      account.User
	Signed    bool
	Nav       []NavGroup
	Crumbs    []Crumb
	Flash     string // a catalog key
	Demo      bool
	Path      string
	RequestID string
	cat       *i18n.Catalog
}

// LangOption is one entry of the language switch.
type LangOption struct {
	Tag, Name string
	Short     string // for narrow screens
	Current   bool
}

// NavItem is one entry of the side menu.
type NavItem struct {
	Key, Label, Href string
	Active           bool
}

// Crumb is one step of the breadcrumb; Label wins over Key.
type Crumb struct {
	Key, Label, Href string
}

// T translates a catalog key in the page's language.
func (p Page) T(key string, args ...any) string { return p.cat.T(p.Lang, key, args...) }

// HTMLLang is the lang attribute for the page.
func (p Page) HTMLLang() string {
	switch p.Lang {
	case i18n.Hans:
		return "zh-CN"
	case i18n.Hant:
		return "zh-TW"
	}
	return p.Lang
}

// HeadTitle is the document title.
func (p Page) HeadTitle() string {
	t := p.Title
	if t == "" && p.TitleKey != "" {
		t = p.T(p.TitleKey)
	}
	if t == "" {
		return p.T("app.name")
	}
	return t + " · " + p.T("app.name")
}

// Heading is the visible page title.
func (p Page) Heading() string {
	if p.Title != "" {
		return p.Title
	}
	return p.T(p.TitleKey)
}

// Time shows a time in China Standard Time.
func (p Page) Time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(i18n.Zone).Format("2006-01-02 15:04")
}

// RoleName translates a role.
func (p Page) RoleName(r access.Role) string { return p.T("role." + string(r)) }

// Form carries submitted values and per-field errors back to a form.
type Form struct {
	Values map[string]string
	Errors map[string]string // field → catalog key
}

// Value is the submitted value of a field.
func (f Form) Value(name string) string { return f.Values[name] }

// Err is the catalog key of a field's error, "" when none.
func (f Form) Err(name string) string { return f.Errors[name] }

// Checked reports whether a checkbox or option was chosen.
func (f Form) Checked(name, value string) bool { return f.Values[name] == value }

// Pager is the pagination bar of a list.
type Pager struct {
	Page, Pages, Total, Size int
	base                     url.Values
	path                     string
}

func newPager(path string, q url.Values, page, size, total int) Pager {
	pages := (total + size - 1) / size
	if pages < 1 {
		pages = 1
	}
	return Pager{Page: page, Pages: pages, Total: total, Size: size, base: q, path: path}
}

// Href links to page n with the same filters.
func (p Pager) Href(n int) string {
	q := url.Values{}
	for k, v := range p.base {
		q[k] = v
	}
	q.Set("page", strconv.Itoa(n))
	return p.path + "?" + q.Encode()
}

// Prev and Next are 0 when there is no such page.
func (p Pager) Prev() int {
	if p.Page > 1 {
		return p.Page - 1
	}
	return 0
}

func (p Pager) Next() int {
	if p.Page < p.Pages {
		return p.Page + 1
	}
	return 0
}

// First and Last are the first and last row numbers shown.
func (p Pager) First() int {
	if p.Total == 0 {
		return 0
	}
	return (p.Page-1)*p.Size + 1
}

func (p Pager) Last() int { return min(p.Page*p.Size, p.Total) }

var funcs = template.FuncMap{
	"str":      func(v any) string { return fmt.Sprint(v) },
	"supState": supState,
	// withQuery writes a link with the page's filters. A whole href built
	// here is normalised by html/template; "?{{.Filter.Encode}}" would
	// have its = and & escaped as a query value, and the filters lost.
	"withQuery": ledgerHref,
}

// Initial is the first character of the user's name, for the avatar.
func (p Page) Initial() string {
	for _, r := range p.Actor.Name {
		return string(r)
	}
	return "?"
}

// AuditAction names an audited action in the page's language, falling
// back to its code for actions a module has not named yet.
func (p Page) AuditAction(action string) string {
	if key := "audit.action." + action; p.cat.Has(p.Lang, key) {
		return p.T(key)
	}
	return action
}

// AuditResult names an audit result in the page's language.
func (p Page) AuditResult(result string) string {
	if key := "audit.result." + result; p.cat.Has(p.Lang, key) {
		return p.T(key)
	}
	return result
}

// reauthFields is the data of the "reauth" partial: the current password
// and, with two-factor login on, a code. Prefix keeps ids apart when one
// page holds several such forms.
type reauthFields struct {
	Page      Page
	Prefix    string
	Form      Form
	TwoFactor bool
}

// Reauth builds the data of the "reauth" partial.
func (p Page) Reauth(prefix string, f Form, twoFactor bool) reauthFields {
	return reauthFields{Page: p, Prefix: prefix, Form: f, TwoFactor: twoFactor}
}

// enrolPart is the data of the "enrol" partial.
type enrolPart struct {
	Page  Page
	Enrol *enrolView
}

// EnrolPart builds the data of the "enrol" partial.
func (p Page) EnrolPart(e *enrolView) enrolPart { return enrolPart{Page: p, Enrol: e} }

// sessionsPart is the data of the "sessions" partial: a user's sessions,
// each with a button that posts to Base + its handle + "/end".
type sessionsPart struct {
	Page     Page
	Sessions []account.SessionInfo
	Base     string
}

// SessionsPart builds the data of the "sessions" partial.
func (p Page) SessionsPart(s []account.SessionInfo, base string) sessionsPart {
	return sessionsPart{Page: p, Sessions: s, Base: base}
}
