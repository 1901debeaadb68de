package web

import "pinghu/internal/edge"

// securityRoutes are two-factor login, the user's own security page and
// sessions, and the security administrator's view of them.
func (h *Web) securityRoutes() []edge.Route {
	pub, signed := edge.Public, edge.Signed
	return []edge.Route{
		// The second step of a login: the pending-login cookie, not a session.
		{Method: "GET", Pattern: "/login/2fa", Access: pub, Handler: h.secondFactorForm},
		{Method: "POST", Pattern: "/login/2fa", Access: pub, Handler: h.secondFactor},

		{Method: "GET", Pattern: "/account/security", Access: signed, Handler: h.accountSecurity},
		{Method: "POST", Pattern: "/account/security/enrol", Access: signed, Handler: h.accountEnrolStart},
		{Method: "GET", Pattern: "/account/security/enrol", Access: signed, Handler: h.accountEnrolForm},
		{Method: "POST", Pattern: "/account/security/confirm", Access: signed, Handler: h.accountEnrolConfirm},
		{Method: "POST", Pattern: "/account/security/disable", Access: signed, Handler: h.accountTwoFactorDisable},
		{Method: "POST", Pattern: "/account/security/recovery", Access: signed, Handler: h.accountRecoveryCodes},
		{Method: "POST", Pattern: "/account/sessions/{id}/end", Access: signed, Handler: h.accountSessionEnd},
		{Method: "POST", Pattern: "/account/sessions/end-others", Access: signed, Handler: h.accountSessionsEndOthers},

		{Method: "GET", Pattern: "/users/{id}/sessions", Access: signed, Handler: h.userSessions},
		{Method: "POST", Pattern: "/users/{id}/sessions/{sid}/end", Access: signed, Handler: h.userSessionEnd},
		{Method: "POST", Pattern: "/users/{id}/two-factor/reset", Access: signed, Handler: h.userTwoFactorReset},

		{Method: "GET", Pattern: "/security", Access: signed, Handler: h.securityPolicy},
		{Method: "POST", Pattern: "/security", Access: signed, Handler: h.securityPolicySave},
	}
}
