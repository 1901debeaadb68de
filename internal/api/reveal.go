package api

import (
	"net/http"

	"pinghu/internal/edge"
)

// revealInput is why the caller asks to see a value in full: one of the
// reasons of audit.RevealReasons and a note of at least a few words.
type revealInput struct {
	Reason string `json:"reason"`
	Note   string `json:"note"`
}

// revealed is the one kind of answer that carries a phone in full.
type revealed struct {
	Phone string `json:"phone"`
}

// reveal answers a reveal: the value, uncached, or the error.
func reveal(w http.ResponseWriter, r *http.Request, do func(in revealInput) (string, error)) {
	var in revealInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	phone, err := do(in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteRevealedJSON(w, revealed{Phone: phone})
}

func (a *API) revealContactPhone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		var contact int64
		if contact, err = pathParam(r, "contact"); err == nil {
			reveal(w, r, func(in revealInput) (string, error) {
				return a.Enterprises.RevealContactPhone(r.Context(), edge.Actor(r), id, contact, in.Reason, in.Note)
			})
			return
		}
	}
	edge.WriteError(w, r, err)
}

func (a *API) revealUserPhone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	reveal(w, r, func(in revealInput) (string, error) {
		return a.Accounts.RevealPhone(r.Context(), edge.Actor(r), id, in.Reason, in.Note)
	})
}
