package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

// outputSet records one year's output value, typed in 万元.
func (h *Web) outputSet(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseTarget(w, r)
	if !ok {
		return
	}
	// Seeing an enterprise is not managing it: check before reading the form.
	if !enterprise.RightsOf(edge.Actor(r)).Manage {
		h.NotFound(w, r)
		return
	}
	_ = r.ParseForm()
	f := Form{Values: map[string]string{"year": strings.TrimSpace(r.PostForm.Get("year")),
		"value_wan": strings.TrimSpace(r.PostForm.Get("value_wan"))}}
	bad := errs.Fields{}
	year, err := strconv.Atoi(f.Values["year"])
	if err != nil {
		bad.Add("year", "err.bad_number")
	}
	yuan, ok := parseWan(f.Values["value_wan"])
	if !ok {
		bad.Add("value_wan", "ent.err.wan")
	}
	err = bad.Err()
	if err == nil {
		err = h.Enterprises.SetOutput(r.Context(), edge.Actor(r), e.ID, year, yuan)
	}
	if err != nil {
		h.enterpriseAgain(w, r, e, err, func(v *enterpriseView, fields map[string]string) {
			f.Errors = map[string]string{}
			for k, msg := range fields {
				if k == "value_yuan" {
					k = "value_wan"
				}
				f.Errors[k] = msg
			}
			v.Output = f
		})
		return
	}
	http.Redirect(w, r, enterprisePath(e.ID)+"?ok=saved#outputs", http.StatusSeeOther)
}
