package enterprise

import (
	"testing"
	"time"

	"pinghu/internal/i18n"
	"pinghu/internal/pii"
)

// An enterprise as typed into a form, a body or an import row: validation
// never panics, names only the Input's own fields with a message the
// catalog has, and what passes is in stored form — normalising it again
// changes nothing, and the credit code is a valid one.
func FuzzInputValidate(f *testing.F) {
	f.Add("平湖精密", "91440300MA5G00001W", int64(3), "平新北路 1 号", "c", "operating", true)
	f.Add(" ", "91440300ma5g00001w", int64(0), "", "Z", "closed ", false)
	f.Add("x", "9144 0300 MA5G 0000 1W", int64(-1), "\u3000", "", "", true)
	cat := i18n.MustLoad()
	known := map[string]bool{"name": true, "credit_code": true, "community_id": true, "address": true,
		"industry": true, "above_scale": true, "top100": true, "status": true}
	f.Fuzz(func(t *testing.T, name, code string, community int64, address, industry, status string, creating bool) {
		st := Status(status)
		in := Input{Name: &name, CreditCode: &code, CommunityID: &community, Address: &address, Industry: &industry, Status: &st}
		problems := in.validate(creating)
		for field, msg := range problems {
			if !known[field] || !cat.Has(i18n.Hans, msg) || !cat.Has(i18n.En, msg) {
				t.Fatalf("problem %s=%q", field, msg)
			}
		}
		if len(problems) > 0 {
			return
		}
		again := in
		again.normalise()
		if *again.Name != *in.Name || *again.CreditCode != *in.CreditCode || *again.Address != *in.Address ||
			*again.Industry != *in.Industry || *again.Status != *in.Status {
			t.Fatalf("accepted %+v is not in stored form", in)
		}
		if !pii.ValidCreditCode(*in.CreditCode) || *in.CommunityID <= 0 || *in.Name == "" || !in.Status.Valid() {
			t.Fatalf("accepted name %q, code %q, community %d, status %q", *in.Name, *in.CreditCode, *in.CommunityID, *in.Status)
		}
	})
}

// A visit as recorded from a form or a body: the date is read in China
// Standard Time and kept as YYYY-MM-DD, never in the future nor before
// the first visit date; problems name the VisitInput's own fields.
func FuzzVisitValidate(f *testing.F) {
	f.Add(int64(1), " 2022-05-26 ", "visit", "findings", int64(3), "")
	f.Add(int64(0), "2022-5-26", "call", "", int64(0), "张三")
	f.Add(int64(2), "2026-03-03", "", "", int64(-1), "")
	f.Add(int64(2), "2026-03-02", "meeting", "", int64(0), " ")
	now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 09:00 on 2 March in CST
	cat := i18n.MustLoad()
	known := map[string]bool{"enterprise_id": true, "date": true, "form": true, "findings": true, "people": true, "photos": true}
	f.Fuzz(func(t *testing.T, enterpriseID int64, date, form, findings string, userID int64, person string) {
		in := VisitInput{EnterpriseID: enterpriseID, Date: date, Form: Form(form), Findings: findings,
			People: []Person{{UserID: userID, Name: person}}}
		problems := in.validate(now)
		for field, msg := range problems {
			if !known[field] || !cat.Has(i18n.Hans, msg) || !cat.Has(i18n.En, msg) {
				t.Fatalf("problem %s=%q", field, msg)
			}
		}
		if problems["date"] != "" {
			return
		}
		d, err := time.ParseInLocation(time.DateOnly, in.Date, i18n.Zone)
		if err != nil || d.Format(time.DateOnly) != in.Date || in.Date > "2026-03-02" || in.Date < FirstVisitDate {
			t.Fatalf("date %q accepted as %q", date, in.Date)
		}
	})
}
