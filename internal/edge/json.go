package edge

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/pii"
)

// DecodeJSON reads exactly one JSON object into v, refusing unknown fields
// and trailing data. The body is already capped by the middleware.
func DecodeJSON(r *http.Request, v any) error {
	ct := r.Header.Get("Content-Type")
	if ct != "" && !strings.HasPrefix(ct, "application/json") {
		return errs.New(errs.Malformed, "err.content_type")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return errs.New(errs.Malformed, "err.body_too_large")
		case errors.Is(err, io.EOF):
			return errs.New(errs.Malformed, "err.body_empty")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			e := &errs.Error{Code: errs.Malformed, Message: "err.unknown_field", Args: []any{field}}
			if field != "" { // a key "" names no field to point at
				e.Fields = map[string]string{field: "err.unknown_field_short"}
			}
			return e
		default:
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) && typeErr.Field != "" {
				return &errs.Error{Code: errs.Malformed, Message: "err.json_type",
					Fields: map[string]string{typeErr.Field: "err.json_type_field"}}
			}
			return errs.New(errs.Malformed, "err.json")
		}
	}
	// Only white space may follow. (dec.More would let a stray "}" or "]"
	// through.)
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errs.New(errs.Malformed, "err.body_too_large")
		}
		return errs.New(errs.Malformed, "err.json_trailing")
	}
	return nil
}

// WriteJSON writes v with a status, every mobile and ID number in its
// strings masked: masking is the default of every answer, whatever type a
// handler serialises (an appeal's description, an audit record's data).
func WriteJSON(w http.ResponseWriter, status int, v any) {
	writeJSON(w, status, v, pii.MaskJSON)
}

// WriteRevealedJSON writes the answer of a reveal: the one answer that
// carries a personal-information value in full, after the audit record.
// It is not to be kept by any cache.
func WriteRevealedJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, v, func(b []byte) []byte { return b })
}

func writeJSON(w http.ResponseWriter, status int, v any, mask func([]byte) []byte) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		slog.Error("json answer", "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(mask(buf.Bytes()))
}

// ErrorBody is the JSON shape of every error answer.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail carries the code, a translated message and per-field messages.
type ErrorDetail struct {
	Code    errs.Code         `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	// Allowed lists, for an action refused in a record's current state,
	// the actions the caller may take instead; absent for other errors.
	Allowed []string `json:"allowed,omitzero"`
}

// WriteError answers err as JSON in the request's language. Internal
// errors are logged with their cause and shown without it.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	e := errs.As(err)
	st := StateOf(r)
	cat := i18n.MustLoad()
	if e.Code == errs.Internal {
		slog.Error("internal error", "request_id", st.RequestID, "route", st.Pattern, "err", err)
	}
	body := ErrorBody{Error: ErrorDetail{Code: e.Code, Message: cat.T(st.Lang, e.Message, e.Args...)}}
	if len(e.Fields) > 0 {
		body.Error.Fields = map[string]string{}
		for f, key := range e.Fields {
			body.Error.Fields[f] = cat.T(st.Lang, key)
		}
	}
	body.Error.Allowed = e.Allowed
	SetRetryAfter(w, e)
	WriteJSON(w, Status(e.Code), body)
}
