package web

import (
	"io"
	"mime"
	"net/http"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
)

type visitView struct {
	Page
	V      enterprise.Visit
	Rights enterprise.Rights
}

func (h *Web) visitDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	vis, err := h.Enterprises.GetVisit(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := visitView{Page: h.page(r, "page.visit"), V: vis, Rights: enterprise.RightsOf(a)}
	v.Title = vis.EnterpriseName + " · " + vis.Date
	v.Crumbs = []Crumb{{Key: "nav.visits", Href: "/visits"}}
	h.render(w, r, http.StatusOK, "visit", v)
}

// attachment serves a stored file to someone who may see its record, as
// the type it was found to be when stored (never the type the uploader
// claimed), inline, and with nosniff from the security headers.
func (h *Web) attachment(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	at, body, err := h.Enterprises.OpenAttachment(r.Context(), edge.Actor(r), id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	defer body.Close()
	hd := w.Header()
	hd.Set("Content-Type", at.ContentType)
	hd.Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": at.Filename}))
	hd.Set("X-Content-Type-Options", "nosniff")
	// The bytes never change (the name is their hash), but who may see
	// them can: keep them out of shared caches and revalidate.
	hd.Set("Cache-Control", "private, no-cache")
	hd.Set("ETag", strconv.Quote(at.SHA256))
	if rs, ok := body.(io.ReadSeeker); ok {
		http.ServeContent(w, r, "", at.CreatedAt, rs)
		return
	}
	hd.Set("Content-Length", strconv.FormatInt(at.Size, 10))
	hd.Set("Last-Modified", at.CreatedAt.UTC().Format(http.TimeFormat))
	_, _ = io.Copy(w, body)
}
