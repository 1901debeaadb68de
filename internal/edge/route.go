package edge

import "net/http"

// Access says who may reach a route at all; which records they then see
// is decided by the services, in SQL, by scope.
type Access int

const (
	Public Access = iota // anyone, signed in or not
	Signed               // a signed-in user of any role; otherwise the login page or 401
)

// Route is one entry of the route table. The table is data so that tests
// can walk every route (the authorization matrix, "no GET changes state").
type Route struct {
	Method  string
	Pattern string // a net/http pattern path, e.g. /units/{id}
	Access  Access
	API     bool // answers JSON; unauthenticated gets 401 instead of a redirect
	Handler http.HandlerFunc
	// MaxBody, when set, replaces the server's cap on the request body
	// for this route once the access check has passed: a form with photos
	// needs more than a JSON body ever does.
	MaxBody int64
	// Cost, when not Cheap, spends one request of the user's budget for
	// that class before the handler runs; over budget the answer is 429
	// with Retry-After, and the handler does not run.
	Cost Cost
}

// Key is "METHOD pattern", the form net/http's ServeMux registers.
func (r Route) Key() string { return r.Method + " " + r.Pattern }
