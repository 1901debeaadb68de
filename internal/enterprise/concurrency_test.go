package enterprise_test

import (
	"sync"
	"testing"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

// TestConcurrentCreditCode: racing registrations of one code leave one
// enterprise; the others are told the code is taken, on PostgreSQL by the
// unique constraint, which the check before writing cannot see.
func TestConcurrentCreditCode(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		code := e.code()
		const n = 8
		var wg sync.WaitGroup
		results := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = e.svc.Create(e.ctx, e.as(e.f.leader), enterprise.Input{Name: ptr("同一家"), CreditCode: ptr(code),
					CommunityID: ptr(e.f.c1.ID)})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range results {
			switch {
			case err == nil:
				ok++
			case errs.As(err).Fields["credit_code"] != "err.enterprise_credit_code_taken":
				t.Errorf("a racing create: %v", err)
			}
		}
		if ok != 1 || e.count("SELECT count(*) FROM enterprises") != 1 || e.count("SELECT count(*) FROM audit_log WHERE action = 'enterprise.create'") != 1 {
			t.Errorf("%d creates succeeded", ok)
		}
	})
}

// TestConcurrentPrimary: contacts made primary at the same moment leave
// exactly one primary contact.
func TestConcurrentPrimary(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		x := e.create("甲公司", e.f.c1)
		const n = 8
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.svc.AddContact(e.ctx, e.as(e.f.office), x.ID, enterprise.ContactInput{Name: ptr("联系人"), IsPrimary: ptr(true)}); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if p, all := e.count("SELECT count(*) FROM enterprise_contacts WHERE is_primary = TRUE"), e.count("SELECT count(*) FROM enterprise_contacts"); p != 1 || all != n {
			t.Errorf("%d primary of %d contacts", p, all)
		}
	})
}
