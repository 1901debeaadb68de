package web

import (
	"net/http"

	"pinghu/internal/edge"
	"pinghu/internal/i18n"
)

// setLang remembers the chosen language in a cookie. It is a POST because
// it changes what later requests show.
func (h *Web) setLang(w http.ResponseWriter, r *http.Request) {
	lang := i18n.Normalise(r.FormValue("lang"))
	if lang == "" {
		lang = i18n.Default
	}
	edge.SetCookie(w, r, edge.LangCookie, lang, 365*24*3600, h.SecureCookies)
	http.Redirect(w, r, localPath(r.FormValue("back")), http.StatusSeeOther) // #nosec G710 -- localPath admits only a path of this site
}
