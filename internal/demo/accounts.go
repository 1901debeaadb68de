package demo

import (
	"context"
	"database/sql"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/org"
)

// demoAccounts is one account per business role and per officer role
// (the bootstrap "admin" is the sysadmin), and a leader of the district
// above Pinghu, who sees every sub-district under it. Display names
// describe the role; no real person's name is used.
var demoAccounts = []struct {
	Username, Name string
	Role           access.Role
	UnitCode       string
}{
	{"secadmin", "安全管理员（演示）", access.Secadmin, "root"},
	{"auditor", "安全审计员（演示）", access.Auditor, "root"},
	{"leader", "街道领导（演示）", access.Leader, SubdistrictCode},
	{"office", "督查督办室（演示）", access.Office, SubdistrictCode},
	{"dept", "经济服务办公室（演示）", access.Dept, "PH-D-JJB"},
	{"community", "禾花社区工作人员（演示）", access.Community, "PH-HEHUA"},
	{"specialist", "企业服务专员（演示）", access.Specialist, "PH-D-JJB"},
	{"enterprise", "企业联系人（演示）", access.Enterprise, "PH-HEHUA"},
	{"expert", "智库专家（演示）", access.Expert, "PH-HEHUA"},
	{"district", "区领导（演示）", access.Leader, DistrictCode},
}

func loadAccounts(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	actor := access.System("demo")
	if admin, err := account.GetByUsername(ctx, tx, "admin"); err == nil {
		st.Accounts = append(st.Accounts, Account{Username: admin.Username, Role: admin.Role, UnitCode: "root"})
	}
	for i, a := range demoAccounts {
		unit, err := org.FindByCode(ctx, tx, a.UnitCode)
		if err != nil {
			return err
		}
		pw, phone := env.Password, demoMobile(i)
		if _, err := env.Accounts.CreateInTx(ctx, tx, actor, account.Input{Username: &a.Username, DisplayName: &a.Name,
			Role: &a.Role, UnitID: &unit.ID, Password: &pw, Phone: &phone}); err != nil {
			return err
		}
		st.Accounts = append(st.Accounts, Account{Username: a.Username, Role: a.Role, UnitCode: a.UnitCode, UnitName: unit.Name})
	}
	return nil
}
