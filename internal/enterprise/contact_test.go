package enterprise_test

import (
	"encoding/json"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
)

func TestContacts(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c1)
		e.assign(x.ID, f.leader.ID, f.d1.ID, f.spec1.ID)
		spec := e.as(f.spec1)

		first, err := e.svc.AddContact(e.ctx, spec, x.ID, enterprise.ContactInput{Name: ptr(" 王经理 "), Position: ptr("总经理"),
			Phone: ptr("+86 138-0013-8000"), IsPrimary: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		if first.Name != "王经理" || first.Phone != "13800138000" || first.MaskedPhone() != "138****8000" || !first.IsPrimary {
			t.Errorf("added %+v", first)
		}
		b, _ := json.Marshal(first)
		if pii.ContainsUnmaskedMobile(string(b)) || !strings.Contains(string(b), `"phone":"138****8000"`) {
			t.Errorf("JSON of a contact: %s", b)
		}
		// A second primary contact takes over; an empty phone is allowed.
		second, err := e.svc.AddContact(e.ctx, e.as(f.office), x.ID, enterprise.ContactInput{Name: ptr("李会计"), Phone: ptr(""), IsPrimary: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		list, err := e.svc.Contacts(e.ctx, e.as(f.comm1), x.ID)
		if err != nil || len(list) != 2 || list[0].ID != second.ID || !list[0].IsPrimary || list[1].IsPrimary {
			t.Errorf("contacts after a second primary: %+v, %v", list, err)
		}
		// Making the first primary again clears the second.
		if _, err := e.svc.UpdateContact(e.ctx, e.as(f.leader), first.ID, enterprise.ContactInput{IsPrimary: ptr(true), Phone: ptr("13912345678")}); err != nil {
			t.Fatal(err)
		}
		list, _ = e.svc.Contacts(e.ctx, e.asEnterprise(x.ID), x.ID)
		if len(list) != 2 || list[0].ID != first.ID || !list[0].IsPrimary || list[1].IsPrimary || list[0].Phone != "13912345678" ||
			list[0].Position != "总经理" {
			t.Errorf("contacts after switching back: %+v", list)
		}
		if n := e.count("SELECT count(*) FROM enterprise_contacts WHERE is_primary = TRUE"); n != 1 {
			t.Errorf("%d primary contacts", n)
		}

		// Validation names each field and writes nothing.
		bad := []struct {
			name string
			in   enterprise.ContactInput
			want map[string]string
		}{
			{"no name", enterprise.ContactInput{Phone: ptr("13800138000")}, map[string]string{"name": "err.required"}},
			{"blank name", enterprise.ContactInput{Name: ptr("  ")}, map[string]string{"name": "err.required"}},
			{"name too long", enterprise.ContactInput{Name: ptr(strings.Repeat("王", enterprise.MaxContactName+1))}, map[string]string{"name": "err.too_long"}},
			{"position too long", enterprise.ContactInput{Name: ptr("王"), Position: ptr(strings.Repeat("长", 41))}, map[string]string{"position": "err.too_long"}},
			{"landline", enterprise.ContactInput{Name: ptr("王"), Phone: ptr("0755-12345678")}, map[string]string{"phone": "err.mobile"}},
			{"short number", enterprise.ContactInput{Name: ptr("王"), Phone: ptr("12345")}, map[string]string{"phone": "err.mobile"}},
			{"12 prefix", enterprise.ContactInput{Name: ptr("王"), Phone: ptr("12345678901")}, map[string]string{"phone": "err.mobile"}},
		}
		for _, c := range bad {
			before := e.counts()
			_, err := e.svc.AddContact(e.ctx, spec, x.ID, c.in)
			wantFields(t, c.name, err, c.want)
			if after := e.counts(); after != before {
				t.Errorf("%s: wrote %s → %s", c.name, before, after)
			}
		}
		_, err = e.svc.UpdateContact(e.ctx, spec, first.ID, enterprise.ContactInput{Phone: ptr("abc")})
		wantFields(t, "update with a bad phone", err, map[string]string{"phone": "err.mobile"})

		// Who may edit: leaders, the office, and this enterprise's
		// specialist; nobody else, not even those who can read them.
		others := map[string]access.Actor{"another specialist": e.as(f.spec2), "community": e.as(f.comm1), "department": e.as(f.dept1),
			"the enterprise itself": e.asEnterprise(x.ID), "expert": e.as(f.expert), "sysadmin": e.as(f.sysadmin),
			"another sub-district's leader": e.as(f.leader2)}
		before := e.counts()
		for name, a := range others {
			_, err := e.svc.AddContact(e.ctx, a, x.ID, enterprise.ContactInput{Name: ptr("张")})
			wantNotFound(t, name+" adds", err)
			_, err = e.svc.UpdateContact(e.ctx, a, first.ID, enterprise.ContactInput{Name: ptr("张")})
			wantNotFound(t, name+" updates", err)
			wantNotFound(t, name+" removes", e.svc.RemoveContact(e.ctx, a, first.ID))
		}
		if after := e.counts(); after != before {
			t.Errorf("refused contact changes wrote %s → %s", before, after)
		}
		_, err = e.svc.Contacts(e.ctx, e.as(f.spec2), x.ID)
		wantNotFound(t, "another specialist reads", err)

		seq := e.auditSeq()
		if err := e.svc.RemoveContact(e.ctx, spec, second.ID); err != nil {
			t.Fatal(err)
		}
		wantNotFound(t, "remove twice", e.svc.RemoveContact(e.ctx, spec, second.ID))
		_, err = e.svc.UpdateContact(e.ctx, spec, 99999, enterprise.ContactInput{Name: ptr("x")})
		wantNotFound(t, "update unknown", err)
		if recs := e.records(seq); len(recs) != 1 || recs[0].Action != "enterprise.contact.remove" || recs[0].Before == "" {
			t.Errorf("audit of remove %+v", recs)
		}

		// No record of the audit log holds a phone number in the clear.
		rows, err := e.d.R.QueryContext(e.ctx, "SELECT before_data || after_data FROM audit_log")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			if pii.ContainsUnmaskedMobile(s) {
				t.Errorf("an audit record shows a phone number: %s", s)
			}
			if strings.Contains(s, "****") {
				n++
			}
		}
		if n < 2 {
			t.Errorf("only %d audit records with a masked phone: the check looked at nothing", n)
		}
	})
}

func TestContactsCap(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		x := e.create("甲公司", e.f.c1)
		a := e.as(e.f.office)
		for i := 0; i < enterprise.MaxContacts; i++ {
			if _, err := e.svc.AddContact(e.ctx, a, x.ID, enterprise.ContactInput{Name: ptr("联系人")}); err != nil {
				t.Fatal(err)
			}
		}
		before := e.counts()
		_, err := e.svc.AddContact(e.ctx, a, x.ID, enterprise.ContactInput{Name: ptr("多一个")})
		if ee := errs.As(err); ee.Code != errs.Conflict || ee.Message != "err.contact_too_many" {
			t.Errorf("one too many: %v", err)
		}
		if after := e.counts(); after != before {
			t.Errorf("wrote %s → %s", before, after)
		}
	})
}
