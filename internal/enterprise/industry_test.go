package enterprise_test

import (
	"testing"

	"pinghu/internal/enterprise"
	"pinghu/internal/i18n"
)

func TestIndustries(t *testing.T) {
	if len(enterprise.Industries) != 20 {
		t.Fatalf("%d sections, want the 20 of GB/T 4754-2017", len(enterprise.Industries))
	}
	for i, in := range enterprise.Industries {
		if want := string(rune('A' + i)); in.Code != want || in.Name == "" || in.NameEn == "" {
			t.Errorf("section %d is %+v, want code %s with both names", i, in, want)
		}
		if !enterprise.ValidIndustry(in.Code) {
			t.Errorf("%s not valid", in.Code)
		}
	}
	cases := []struct{ code, lang, want string }{
		{"A", "zh-Hans", "农、林、牧、渔业"},
		{"C", "zh-Hans", "制造业"},
		{"C", "en", "Manufacturing"},
		{"I", "", "信息传输、软件和信息技术服务业"},
		{"I", "en-GB", "Information transmission, software and information technology services"},
		{"T", "zh-Hans", "国际组织"},
		{"U", "zh-Hans", "U"},
		{"", "en", ""},
	}
	for _, c := range cases {
		if got := enterprise.IndustryName(c.code, c.lang); got != c.want {
			t.Errorf("IndustryName(%q, %q) = %q, want %q", c.code, c.lang, got, c.want)
		}
	}
	for _, bad := range []string{"U", "a", "C13", " C", "Ｃ"} {
		if enterprise.ValidIndustry(bad) {
			t.Errorf("%q is valid", bad)
		}
	}
	if !enterprise.ValidIndustry("") {
		t.Error("an unrecorded industry is refused")
	}
}

// TestIndustryCatalog keeps the catalog's names, from which Traditional
// Chinese is derived, the same as the table's.
func TestIndustryCatalog(t *testing.T) {
	c := i18n.MustLoad()
	for _, in := range enterprise.Industries {
		key := "enterprise.industry." + in.Code
		if got := c.T(i18n.Hans, key); got != in.Name {
			t.Errorf("%s in zh-Hans is %q, the table says %q", key, got, in.Name)
		}
		if got := c.T(i18n.En, key); got != in.NameEn {
			t.Errorf("%s in en is %q, the table says %q", key, got, in.NameEn)
		}
		if !c.Has(i18n.Hant, key) {
			t.Errorf("%s missing in zh-Hant", key)
		}
	}
}

// TestCatalogKeys: every message key this package returns or names is in
// the catalogs.
func TestCatalogKeys(t *testing.T) {
	c := i18n.MustLoad()
	keys := []string{
		"err.enterprise_credit_code", "err.enterprise_credit_code_taken", "err.enterprise_community", "err.enterprise_industry",
		"err.enterprise_status", "err.enterprise_sort", "err.enterprise_unknown", "err.enterprise_bulk_unknown",
		"err.enterprise_bulk_too_many", "err.assignment_leader", "err.assignment_department", "err.assignment_specialist",
		"err.contact_too_many", "err.visit_date_future", "err.visit_date_old", "err.visit_form", "err.visit_people",
		"err.visit_people_too_many", "err.visit_person_unknown", "err.visit_person_name", "err.attachment_too_many",
		"err.attachment_empty", "err.attachment_too_large", "err.attachment_type",
		"err.required", "err.too_long", "err.out_of_range", "err.bad_date", "err.mobile", "err.not_found", "err.invalid",
		"enterprise.timeline.created", "enterprise.timeline.assignment", "enterprise.timeline.visit", "enterprise.timeline.appeal",
		"enterprise.timeline.appeal_event",
		"audit.action.enterprise.create", "audit.action.enterprise.update", "audit.action.enterprise.assign",
		"audit.action.enterprise.output", "audit.action.enterprise.contact.add", "audit.action.enterprise.contact.update",
		"audit.action.enterprise.contact.remove", "audit.action.visit.create",
	}
	for _, s := range enterprise.Statuses {
		keys = append(keys, "enterprise.status."+string(s))
	}
	for _, f := range enterprise.Forms {
		keys = append(keys, "enterprise.form."+string(f), "enterprise.timeline.visit."+string(f))
	}
	for _, a := range []string{"accept", "start", "transfer", "resolve", "confirm", "reopen", "reject", "supervise"} {
		keys = append(keys, "enterprise.timeline.appeal."+a)
	}
	for _, k := range enterprise.SortKeys {
		keys = append(keys, "enterprise.sort."+k)
	}
	for _, k := range keys {
		for _, lang := range i18n.Langs {
			if !c.Has(lang, k) {
				t.Errorf("%s lacks %s", lang, k)
			}
		}
	}
}
