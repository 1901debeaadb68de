package web

import (
	"net/http"
	"net/url"

	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// listStatus sorts out the error of a list page. None is 200. An invalid
// filter is 422 with the fields at fault, and the page still shows, with
// its form, so that the user can mend the filter. Anything else is not the
// page's to show: it is rendered here, and ok is false.
func (h *Web) listStatus(w http.ResponseWriter, r *http.Request, err error) (status int, fields map[string]string, ok bool) {
	if err == nil {
		return http.StatusOK, nil, true
	}
	e := errs.As(err)
	if e.Code != errs.Invalid {
		h.renderError(w, r, err)
		return 0, nil, false
	}
	return http.StatusUnprocessableEntity, e.Fields, true
}

// listAfter runs list once the filter read from the URL holds no bad
// field; with one, or when list fails, the page has no rows.
func listAfter[T any](bad errs.Fields, list func() (db.List[T], error)) (db.List[T], error) {
	none := db.List[T]{Page: 1, PageSize: db.DefaultPageSize}
	if err := bad.Err(); err != nil {
		return none, err
	}
	l, err := list()
	if err != nil {
		return none, err
	}
	return l, nil
}

// ledgerHref is the ledger of a list for the filters the list shows.
func ledgerHref(path string, filter url.Values) string {
	if len(filter) == 0 {
		return path
	}
	return path + "?" + filter.Encode()
}
