package appeal

import "pinghu/internal/errs"

// DrillFilter turns a list request that names a figure into the Filter of
// the appeals behind it. The period, the moment and the unit are base's
// From, To, AsOf and UnitID, as in StatsQuery; by and key, when given,
// pick one row of Breakdown (see DrillRow). base's other fields narrow
// the list further, and its sort and page carry over, so that the pages
// and the API follow a dashboard figure by one rule. A narrowing field
// that the row already sets to another value is refused, naming it: the
// intersection would always be empty and look like missing records.
func DrillFilter(base Filter, figure, by, key string) (Filter, error) {
	q := StatsQuery{From: base.From, To: base.To, AsOf: base.AsOf, UnitID: base.UnitID}
	var f Filter
	var err error
	if by == "" && key == "" {
		f, err = Drill(q, figure)
	} else {
		f, err = DrillRow(q, by, key, figure)
	}
	if err != nil {
		return f, err
	}
	bad := errs.Fields{}
	if base.Category != "" {
		if f.Category != "" && f.Category != base.Category {
			bad.Add("category", "err.appeal_drill_conflict")
		}
		f.Category = base.Category
	}
	if base.CommunityID > 0 {
		if f.CommunityID > 0 && f.CommunityID != base.CommunityID {
			bad.Add("community_id", "err.appeal_drill_conflict")
		}
		f.CommunityID = base.CommunityID
	}
	if base.DepartmentID > 0 {
		if f.DepartmentID > 0 && f.DepartmentID != base.DepartmentID || f.Unassigned {
			bad.Add("department_id", "err.appeal_drill_conflict")
		}
		f.DepartmentID = base.DepartmentID
	}
	f.Query, f.State, f.States, f.Channel, f.EnterpriseID = base.Query, base.State, base.States, base.Channel, base.EnterpriseID
	f.Unassigned = f.Unassigned || base.Unassigned
	f.Overdue, f.DueSoon = f.Overdue || base.Overdue, f.DueSoon || base.DueSoon
	f.Supervised, f.Sort, f.Page = base.Supervised, base.Sort, base.Page
	return f, bad.Err()
}
