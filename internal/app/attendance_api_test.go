package app_test

import (
	"encoding/json"
	"testing"
)

// The attendance figures over the API are the invitations themselves: on
// the demo's 2022 as a leader sees it, every invitation, each counted once
// as signed in, on leave or absent; a department's figures are a part.
func TestAttendanceStatsAPI(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		get := func(who string) (total struct{ Invited, SignedIn, OnLeave, Absent, Pending int }) {
			r := e.api("GET", "/api/v1/stats/attendance?as_of=2022-12-31", e.token(who), nil)
			var rep struct {
				Total struct {
					Invited  int `json:"invited"`
					SignedIn int `json:"signed_in"`
					OnLeave  int `json:"on_leave"`
					Absent   int `json:"absent"`
					Pending  int `json:"pending"`
				} `json:"total"`
			}
			if r.Status != 200 || json.Unmarshal([]byte(r.Body), &rep) != nil {
				t.Fatalf("%s: %d %s", who, r.Status, r.Body)
			}
			total.Invited, total.SignedIn, total.OnLeave, total.Absent, total.Pending = rep.Total.Invited, rep.Total.SignedIn, rep.Total.OnLeave, rep.Total.Absent, rep.Total.Pending
			return total
		}
		all := get("leader")
		want := e.count(t, `SELECT count(*) FROM activity_invitations i JOIN activities a ON a.id = i.activity_id WHERE a.starts_at < $1`, cstDay("2023-01-01"))
		signed := e.count(t, `SELECT count(*) FROM activity_invitations i JOIN activities a ON a.id = i.activity_id
			WHERE a.starts_at < $1 AND i.signed_in_at IS NOT NULL`, cstDay("2023-01-01"))
		if all.Invited != want || all.SignedIn != signed || all.Invited != all.SignedIn+all.OnLeave+all.Absent+all.Pending || all.Pending != 0 {
			t.Errorf("leader's 2022 attendance %+v; invitations %d, signed in %d", all, want, signed)
		}
		if dept := get("dept"); dept.Invited >= all.Invited {
			t.Errorf("a department's figures %+v are not a part of the sub-district's %+v", dept, all)
		}
	})
}
