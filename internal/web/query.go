package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pinghu/internal/account"
	"pinghu/internal/db"
)

// The filters of a list live in the URL, so they survive a reload, a
// bookmark and the back button.

func queryInt(q url.Values, name string) int {
	n, _ := strconv.Atoi(q.Get(name))
	return n
}

func queryID(q url.Values, name string) int64 {
	n, err := strconv.ParseInt(q.Get(name), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func queryBool(q url.Values, name string) *bool {
	switch q.Get(name) {
	case "true":
		t := true
		return &t
	case "false":
		f := false
		return &f
	}
	return nil
}

func queryPage(r *http.Request) db.Page {
	q := r.URL.Query()
	return db.NewPage(queryInt(q, "page"), queryInt(q, "size"))
}

// filterValues keeps the non-empty filters of a list for its pager links.
func filterValues(q url.Values, names ...string) url.Values {
	out := url.Values{}
	for _, n := range names {
		if v := strings.TrimSpace(q.Get(n)); v != "" {
			out.Set(n, v)
		}
	}
	return out
}

func accountFilter(active bool) account.Filter {
	return account.Filter{Active: &active, Page: db.NewPage(1, 1)}
}
