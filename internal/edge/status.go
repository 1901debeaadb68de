// Package edge is where HTTP meets the domain, shared by the HTML pages
// and the JSON API: the request context (actor, language, request id), the
// one mapping from error codes to HTTP statuses, body decoding with limits,
// the route type and the middleware every response passes through.
package edge

import (
	"net/http"

	"pinghu/internal/errs"
)

// Status maps an error code to its HTTP status. This is the only place.
func Status(code errs.Code) int {
	switch code {
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Conflict:
		return http.StatusConflict
	case errs.Unauthenticated, errs.TOTPRequired, errs.EnrolmentRequired:
		return http.StatusUnauthorized
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.RateLimited:
		return http.StatusTooManyRequests
	case errs.Malformed:
		return http.StatusBadRequest
	default:
		return http.StatusInternalServerError
	}
}
