package i18n

import (
	"strings"
	"testing"
)

func TestCatalogsMatch(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range c.Keys() {
		for _, lang := range Langs {
			if !c.Has(lang, k) {
				t.Errorf("%s lacks %s", lang, k)
			}
		}
		if a, b := strings.Count(c.T(Hans, k), "%"), strings.Count(c.T(En, k), "%"); a != b {
			t.Errorf("%s: %d format verbs in zh-Hans, %d in en", k, a, b)
		}
	}
	for _, k := range c.KeysOf(En) {
		if !c.Has(Hans, k) {
			t.Errorf("en has %s, zh-Hans does not", k)
		}
	}
}

func TestTraditionalIsDerived(t *testing.T) {
	c := MustLoad()
	if got := c.T(Hant, "err.login_failed"); got != "用戶名或密碼錯誤" {
		t.Errorf("zh-Hant err.login_failed = %q", got)
	}
	if c.T(Hans, "nope") != Missing("nope") {
		t.Error("a missing key is not marked")
	}
}

func TestPick(t *testing.T) {
	cases := []struct{ choice, accept, want string }{
		{"", "", Hans},
		{"en", "zh-CN", En},
		{"", "zh-TW,zh;q=0.8", Hant},
		{"", "en-GB,en;q=0.9", En},
		{"", "fr-FR, zh-HK;q=0.5", Hant},
		{"klingon", "zh-CN", Hans},
		{"zh-Hant", "", Hant},
	}
	for _, c := range cases {
		if got := Pick(c.choice, c.accept); got != c.want {
			t.Errorf("Pick(%q, %q) = %q, want %q", c.choice, c.accept, got, c.want)
		}
	}
}
