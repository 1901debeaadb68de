package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/org"
)

// A user whose scope is empty (no unit), unknown or zero, or whose unit
// was deactivated, sees nothing: empty lists and 404 for every object.
func TestEmptyScopeSeesNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		hehua := e.unit("PH-HEHUA")
		dead := e.unit("PH-XINNAN")
		if err := setActive(e, dead.ID, false); err != nil {
			t.Fatal(err)
		}
		objects := []string{
			"/api/v1/units/" + strconv.FormatInt(hehua.ID, 10),
			"/api/v1/units/" + strconv.FormatInt(dead.ID, 10),
			"/api/v1/units/1",
			"/api/v1/users/" + userID(t, e, "leader"),
			"/api/v1/users/1",
		}
		pages := []string{
			"/units/" + strconv.FormatInt(hehua.ID, 10),
			"/users/" + userID(t, e, "leader"),
		}
		lists := []string{"/api/v1/units", "/api/v1/users", "/api/v1/audit", "/api/v1/units?kind=community", "/api/v1/users?role=leader"}
		for _, role := range []access.Role{access.Sysadmin, access.Secadmin, access.Auditor, access.Leader, access.Community} {
			for _, scope := range []struct {
				name string
				unit int64
			}{{"zero", 0}, {"inactive", dead.ID}} {
				username := string(role) + "-" + scope.name
				e.addUser(username, role, scope.unit)
				tok := e.token(username)
				for _, path := range lists {
					r := e.api("GET", path, tok, nil)
					if r.Status == http.StatusNotFound {
						continue // the role may not list this at all
					}
					var list struct {
						Items []json.RawMessage
						Total int
					}
					if err := json.Unmarshal([]byte(r.Body), &list); err != nil || r.Status != 200 {
						t.Fatalf("%s %s: %d %s", username, path, r.Status, snippet(r.Body))
					}
					if list.Total != 0 || len(list.Items) != 0 {
						t.Errorf("%s sees %d records at %s", username, list.Total, path)
					}
				}
				for _, path := range objects {
					if r := e.api("GET", path, tok, nil); r.Status != http.StatusNotFound {
						t.Errorf("%s GET %s: %d, want 404", username, path, r.Status)
					}
				}
				b := e.browser().login(username)
				for _, path := range pages {
					if r := b.get(path); r.Status != http.StatusNotFound {
						t.Errorf("%s GET %s: %d, want 404", username, path, r.Status)
					}
				}
				if r := b.get("/units"); r.Status == 200 && strings.Contains(r.Body, hehua.Name) {
					t.Errorf("%s sees %s on /units", username, hehua.Name)
				}
				if r := b.get("/users"); r.Status == 200 && strings.Contains(r.Body, ">leader<") {
					t.Errorf("%s sees accounts on /users", username)
				}
			}
		}
		// An unknown unit id gives no scope either.
		for _, id := range []int64{0, -1, 999999, dead.ID} {
			path, err := org.ActivePath(ctx, e.app.DB.R, id)
			if err != nil || path != "" {
				t.Errorf("ActivePath(%d) = %q, %v; want no scope", id, path, err)
			}
		}
	})
}

// Scope follows the unit: a community user sees their community and what
// is under it, and nothing of a sibling community.
func TestScopeFollowsUnit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		hehua, pinghu := e.unit("PH-HEHUA"), e.unit("PH-PINGHU")
		tok := e.token("community")
		r := e.api("GET", "/api/v1/units", tok, nil)
		if !strings.Contains(r.Body, hehua.Name) || strings.Contains(r.Body, pinghu.Name) {
			t.Fatalf("community user's units: %s", snippet(r.Body))
		}
		if r := e.api("GET", "/api/v1/units/"+strconv.FormatInt(pinghu.ID, 10), tok, nil); r.Status != 404 {
			t.Errorf("sibling community: %d", r.Status)
		}
		// Moving the user to another unit changes what they see at once.
		sec := e.token("secadmin")
		id := userID(t, e, "community")
		if r := e.api("PATCH", "/api/v1/users/"+id, sec, map[string]any{"unit_id": pinghu.ID}); r.Status != 200 {
			t.Fatalf("move user: %d %s", r.Status, r.Body)
		}
		tok = e.token("community")
		if r := e.api("GET", "/api/v1/units/"+strconv.FormatInt(hehua.ID, 10), tok, nil); r.Status != 404 {
			t.Errorf("old community after the move: %d", r.Status)
		}
		if r := e.api("GET", "/api/v1/units/"+strconv.FormatInt(pinghu.ID, 10), tok, nil); r.Status != 200 {
			t.Errorf("new community after the move: %d", r.Status)
		}
	})
}

func setActive(e *env, id int64, active bool) error {
	_, err := e.app.DB.W.Exec("UPDATE units SET active = $1 WHERE id = $2", active, id)
	return err
}

// A unit under an inactive unit gives no scope either: deactivating a
// community shuts out the accounts of its grids too.
func TestInactiveAncestorRemovesScope(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		grid := e.unit("PH-HEHUA-G1")
		e.addUser("gridder", access.Community, grid.ID)
		tok := e.token("gridder")
		if r := e.api("GET", "/api/v1/units/"+strconv.FormatInt(grid.ID, 10), tok, nil); r.Status != 200 {
			t.Fatalf("own grid: %d", r.Status)
		}
		if err := setActive(e, e.unit("PH-HEHUA").ID, false); err != nil {
			t.Fatal(err)
		}
		if r := e.api("GET", "/api/v1/units/"+strconv.FormatInt(grid.ID, 10), tok, nil); r.Status != 404 {
			t.Fatalf("own grid under an inactive community: %d", r.Status)
		}
		// Nor can a unit be created under it.
		admin := e.token("admin")
		r := e.api("POST", "/api/v1/units", admin, map[string]any{"parent_id": grid.ID, "kind": "grid", "name": "x", "code": "X-1"})
		if r.Status != 422 || !strings.Contains(r.Body, "parent_id") {
			t.Fatalf("create under an inactive ancestor: %d %s", r.Status, r.Body)
		}
	})
}

// No account holds two officer roles in turn, not even by way of a
// business role in between.
func TestOfficerRolesNeverTwo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.addUser("xleader", access.Leader, e.unit("LG-PH").ID)
		sec := e.token("secadmin")
		id := userID(t, e, "xleader")
		steps := []struct {
			role   string
			status int
		}{{"auditor", 200}, {"leader", 200}, {"sysadmin", 422}, {"secadmin", 422}, {"auditor", 200}}
		for _, s := range steps {
			r := e.api("PATCH", "/api/v1/users/"+id, sec, map[string]any{"role": s.role})
			if r.Status != s.status {
				t.Fatalf("to %s: %d %s", s.role, r.Status, r.Body)
			}
		}
	})
}
