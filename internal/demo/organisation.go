package demo

import (
	"context"
	"database/sql"
	"fmt"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/org"
)

// Communities are Pinghu's twelve, in the order the sub-district lists
// them, with the codes used across the demo.
var Communities = []struct{ Code, Name string }{
	{"PH-PINGHU", "平湖社区"}, {"PH-BAINIKENG", "白泥坑社区"}, {"PH-FENGHUANG", "凤凰社区"},
	{"PH-FUCHENGAO", "辅城坳社区"}, {"PH-HEHUA", "禾花社区"}, {"PH-EGONGLING", "鹅公岭社区"},
	{"PH-LIANGANTIAN", "良安田社区"}, {"PH-LICHANG", "力昌社区"}, {"PH-SHANXIA", "山厦社区"},
	{"PH-SHANGMUGU", "上木古社区"}, {"PH-XINMU", "新木社区"}, {"PH-XINNAN", "新南社区"},
}

// Departments are the sub-district's offices as the demo models them.
var Departments = []struct{ Code, Name string }{
	{"PH-D-DZB", "党政办公室"}, {"PH-D-DJB", "党建工作办公室"}, {"PH-D-DCB", "督查督办室"},
	{"PH-D-JJB", "经济服务办公室"}, {"PH-D-CJB", "城市建设办公室"}, {"PH-D-PAB", "平安建设办公室"},
	{"PH-D-YJB", "应急管理办公室"}, {"PH-D-SQB", "社区建设办公室"}, {"PH-D-GTB", "规划土地监察队"},
	{"PH-D-TZB", "土地整备事务中心"}, {"PH-D-ZFD", "综合行政执法队"}, {"PH-D-CGB", "城市管理办公室"},
	{"PH-D-GGB", "公共服务办公室"}, {"PH-D-CZB", "财政办公室"},
}

// GridsPerCommunity is how many grids each demo community has.
const GridsPerCommunity = 3

// Codes of the units above the communities.
const (
	DistrictCode    = "LG"
	SubdistrictCode = "LG-PH"
)

func loadOrganisation(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	actor := access.System("demo")
	root, err := org.FindByCode(ctx, tx, "root")
	if err != nil {
		return err
	}
	add := func(parent org.Unit, kind org.Kind, code, name string, order int) (org.Unit, error) {
		u, err := org.Insert(ctx, tx, org.Unit{Kind: kind, Code: code, Name: name, SortOrder: order, Active: true, CreatedAt: Epoch}, parent)
		if err != nil {
			return u, err
		}
		st.Units[code] = u.ID
		return u, env.Audit.Append(ctx, tx, actor, audit.Entry{Action: "unit.create", Entity: "unit", EntityID: u.ID, After: u})
	}
	district, err := add(root, org.District, DistrictCode, "深圳市龙岗区", 1)
	if err != nil {
		return err
	}
	sub, err := add(district, org.Subdistrict, SubdistrictCode, "平湖街道", 1)
	if err != nil {
		return err
	}
	for i, c := range Communities {
		cu, err := add(sub, org.Community, c.Code, c.Name, i+1)
		if err != nil {
			return err
		}
		for g := 1; g <= GridsPerCommunity; g++ {
			name := fmt.Sprintf("%s第%d网格", c.Name[:len(c.Name)-len("社区")], g)
			if _, err := add(cu, org.Grid, fmt.Sprintf("%s-G%d", c.Code, g), name, g); err != nil {
				return err
			}
		}
	}
	for i, d := range Departments {
		if _, err := add(sub, org.Department, d.Code, d.Name, 100+i); err != nil {
			return err
		}
	}
	return nil
}
