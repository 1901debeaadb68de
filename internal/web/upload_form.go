package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"

	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

// uploadForm is a form as posted with its files.
type uploadForm struct {
	values  url.Values
	files   []enterprise.Upload
	fileErr string // a catalog key when the files could not all be read
}

// readUploadForm reads a multipart form part by part instead of with
// ParseMultipartForm, so that when the files overflow the route's cap the
// text typed before them (which comes first in the form) is kept and shown
// again rather than lost; tooLarge is then the message for the files.
// Files come from fileField only; a form without files may come
// url-encoded.
func readUploadForm(r *http.Request, fileField string, maxField int64, tooLarge string) (uploadForm, error) {
	p := uploadForm{values: url.Values{}}
	mr, err := r.MultipartReader()
	if errors.Is(err, http.ErrNotMultipart) {
		if err := r.ParseForm(); err != nil {
			return p, errs.New(errs.Malformed, "err.malformed")
		}
		p.values = r.PostForm
		return p, nil
	}
	if err != nil {
		return p, errs.New(errs.Malformed, "err.malformed")
	}
	tooBig := func(err error) bool {
		var mb *http.MaxBytesError
		return errors.As(err, &mb)
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return p, nil
		}
		if tooBig(err) {
			p.fileErr = tooLarge
			return p, nil
		}
		if err != nil {
			return p, errs.New(errs.Malformed, "err.malformed")
		}
		name := part.FormName()
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, maxField+1))
			if tooBig(err) {
				p.fileErr = tooLarge
				return p, nil
			}
			if err != nil {
				return p, errs.New(errs.Malformed, "err.malformed")
			}
			if int64(len(b)) > maxField {
				return p, errs.InvalidField(name, "err.too_long")
			}
			p.values.Add(name, string(b))
			continue
		}
		if name != fileField {
			continue
		}
		// An oversized file is passed on cut one byte past the limit: the
		// service names the problem, as it does for every file.
		data, err := io.ReadAll(io.LimitReader(part, enterprise.MaxUploadBytes+1))
		if tooBig(err) {
			p.fileErr = tooLarge
			return p, nil
		}
		if err != nil {
			return p, errs.New(errs.Malformed, "err.malformed")
		}
		if len(data) == 0 {
			continue // an empty file input posts an empty part
		}
		p.files = append(p.files, enterprise.Upload{Filename: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data})
	}
}
