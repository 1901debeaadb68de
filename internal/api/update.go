package api

import (
	"context"
	"net/http"

	"pinghu/internal/access"
	"pinghu/internal/edge"
)

// updateByID answers a PUT that corrects the record of the path's id: the
// body is read into an I and handed to update, whose record is the answer.
func updateByID[I, O any](update func(ctx context.Context, a access.Actor, id int64, in I) (O, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r)
		if err != nil {
			edge.WriteError(w, r, err)
			return
		}
		var in I
		if err := edge.DecodeJSON(r, &in); err != nil {
			edge.WriteError(w, r, err)
			return
		}
		out, err := update(r.Context(), edge.Actor(r), id, in)
		if err != nil {
			edge.WriteError(w, r, err)
			return
		}
		edge.WriteJSON(w, http.StatusOK, out)
	}
}
