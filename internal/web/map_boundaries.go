package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/redmap"
)

// mapBoundariesView is the boundaries' page: each community's current
// boundary and the upload form.
type mapBoundariesView struct {
	Page
	Boundaries  []redmap.Boundary
	Communities []redmap.Community
	CommunityID int64
	Limit       string
	Errors      map[string]string
}

// Size shows a file size in KiB, or MiB from one MiB up.
func (mapBoundariesView) Size(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64) + " MiB"
	}
	return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + " KiB"
}

// mapUploadBody is the upload route's cap on the body: the file's limit
// and room for the form around it.
func (h *Web) mapUploadBody() int64 {
	if h.Map == nil {
		return 0
	}
	return h.Map.MaxBytes() + 64<<10
}

func (h *Web) mapBoundaries(w http.ResponseWriter, r *http.Request) {
	h.showBoundaries(w, r, http.StatusOK, 0, nil)
}

func (h *Web) showBoundaries(w http.ResponseWriter, r *http.Request, status int, community int64, fields map[string]string) {
	a := edge.Actor(r)
	if !redmap.Uploads(a) {
		h.NotFound(w, r)
		return
	}
	v := mapBoundariesView{Page: h.page(r, "map.page.boundaries"), CommunityID: community, Errors: fields,
		Limit: mapBoundariesView{}.Size(h.Map.MaxBytes())}
	v.Crumbs = []Crumb{{Key: "map.page", Href: mapPath}}
	var err error
	if v.Communities, err = h.Map.Communities(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	if v.Boundaries, err = h.Map.Boundaries(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "map_boundaries", v)
}

// mapBoundaryUpload takes a boundary file. The form sends the community
// before the file; the file is read only up to the configured limit.
func (h *Web) mapBoundaryUpload(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !redmap.Uploads(a) {
		h.NotFound(w, r)
		return
	}
	community, data, fields := h.readBoundaryForm(r)
	if fields == nil {
		_, err := h.Map.Upload(r.Context(), a, community, bytes.NewReader(data))
		if err == nil {
			http.Redirect(w, r, "/map/boundaries?ok=saved", http.StatusSeeOther)
			return
		}
		var ok bool
		if _, fields, ok = h.listStatus(w, r, err); !ok {
			return
		}
	}
	h.showBoundaries(w, r, http.StatusUnprocessableEntity, community, fields)
}

// readBoundaryForm reads the community and the file of the upload form;
// fields names what could not be read.
func (h *Web) readBoundaryForm(r *http.Request) (community int64, data []byte, fields map[string]string) {
	mr, err := r.MultipartReader()
	if err != nil {
		return 0, nil, map[string]string{redmap.FileField: "map.err.unreadable"}
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return community, data, nil
		}
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return community, nil, map[string]string{redmap.FileField: "map.err.too_large"}
		}
		if err != nil {
			return community, nil, map[string]string{redmap.FileField: "map.err.unreadable"}
		}
		switch part.FormName() {
		case "community_id":
			b, _ := io.ReadAll(io.LimitReader(part, 32))
			community, _ = strconv.ParseInt(string(b), 10, 64)
		case redmap.FileField:
			data, err = redmap.ReadLimited(part, h.Map.MaxBytes())
			if err != nil {
				return community, nil, errs.As(err).Fields
			}
		}
	}
}
