package app

import "pinghu/internal/errs"

var (
	errNotFound    = errs.New(errs.NotFound, "err.page_not_found")
	errCrossOrigin = errs.New(errs.Forbidden, "err.cross_origin")
)
