package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

// parseTemplates parses every page once, each with the shared layout and
// partials. A page is a file in templates/ that defines "content".
func parseTemplates() (map[string]*template.Template, error) {
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := strings.TrimSuffix(strings.TrimPrefix(p, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", p)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// TemplateFS exposes the templates to the catalog test.
func TemplateFS() fs.FS { return templateFS }

// page builds the shared view data for a request.
func (h *Web) page(r *http.Request, titleKey string) Page {
	st := edge.StateOf(r)
	p := Page{Lang: st.Lang, TitleKey: titleKey, Actor: st.Actor, User: st.User, Signed: st.Signed,
		Demo: h.Demo, Path: r.URL.Path, RequestID: st.RequestID, cat: h.Cat}
	for _, l := range i18n.Langs {
		p.Langs = append(p.Langs, LangOption{Tag: l, Name: i18n.LangNames[l], Short: langShort[l], Current: l == st.Lang})
	}
	if st.Signed {
		p.Nav = navFor(st.Actor, r.URL.Path, func(key string) string { return p.T(key) })
	}
	if ok := r.URL.Query().Get("ok"); ok != "" && flashes[ok] {
		p.Flash = "flash." + ok
	}
	return p
}

// langShort names each language in one sign, for phones.
var langShort = map[string]string{i18n.Hans: "简", i18n.Hant: "繁", i18n.En: "EN"}

// flashes are the confirmations a redirect may ask a page to show.
var flashes = map[string]bool{"saved": true, "created": true, "password": true, "unlocked": true}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 instead of half a page, and masks personal information in it
// (maskPage).
func (h *Web) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	h.write(w, r, status, name, data, maskPage)
}

// renderRevealed renders the one page that shows a personal-information
// value in full, after the reveal that the audit log records.
func (h *Web) renderRevealed(w http.ResponseWriter, r *http.Request, name string, data any) {
	h.write(w, r, http.StatusOK, name, data, func(b []byte) []byte { return b })
}

func (h *Web) write(w http.ResponseWriter, r *http.Request, status int, name string, data any, mask func([]byte) []byte) {
	t, ok := h.tmpl[name]
	if !ok {
		h.fail(w, r, fmt.Errorf("no template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(mask(buf.Bytes()))
}

func (h *Web) fail(w http.ResponseWriter, r *http.Request, err error) {
	slog.Error("render", "request_id", edge.StateOf(r).RequestID, "err", err)
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

// errorView is the data of the error page.
type errorView struct {
	Page
	Status  int
	Message string
}

// renderError shows err as a page with its status.
func (h *Web) renderError(w http.ResponseWriter, r *http.Request, err error) {
	e := errs.As(err)
	if e.Code == errs.Internal {
		slog.Error("internal error", "request_id", edge.StateOf(r).RequestID, "route", edge.StateOf(r).Pattern, "err", err)
	}
	if e.Code == errs.Unauthenticated {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	p := h.page(r, "page.error")
	status := edge.Status(e.Code)
	h.render(w, r, status, "error", errorView{Page: p, Status: status, Message: h.Cat.T(p.Lang, e.Message, e.Args...)})
}

// Error shows err as the error page, for refusals decided before a
// handler runs (a costly route over its budget).
func (h *Web) Error(w http.ResponseWriter, r *http.Request, err error) { h.renderError(w, r, err) }

// NotFound is the page for unknown paths.
func (h *Web) NotFound(w http.ResponseWriter, r *http.Request) {
	h.renderError(w, r, errs.New(errs.NotFound, "err.page_not_found"))
}

// formError shows a form again with each field's message when err is about
// the input, and the error page otherwise.
func (h *Web) formError(w http.ResponseWriter, r *http.Request, err error, again func(fields map[string]string)) {
	e := errs.As(err)
	if e.Code != errs.Invalid {
		h.renderError(w, r, err)
		return
	}
	again(e.Fields)
}
