package web

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/enterprise"
	"pinghu/internal/i18n"
)

// Helpers the enterprise and visit templates call on their page.

// IndustryName names an industry section in the page's language; "—"
// when none is recorded, the code itself when it is unknown.
func (p Page) IndustryName(code string) string {
	if code == "" {
		return "—"
	}
	if key := "enterprise.industry." + code; p.cat.Has(p.Lang, key) {
		return p.T(key)
	}
	return code
}

// EnterpriseStatus names a registry status.
func (p Page) EnterpriseStatus(s enterprise.Status) string {
	return p.T("enterprise.status." + string(s))
}

// VisitForm names how a visit was made.
func (p Page) VisitForm(f enterprise.Form) string { return p.T("enterprise.form." + string(f)) }

// Day shows the date of a time in China Standard Time.
func (p Page) Day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(i18n.Zone).Format(time.DateOnly)
}

// Wan shows an amount in yuan as ten-thousands of yuan (万元) with two
// decimals and thousands separators, the unit statistics report output in.
func (p Page) Wan(yuan int64) string {
	neg := yuan < 0
	if neg {
		yuan = -yuan
	}
	cents := (yuan + 50) / 100 // hundredths of 万元 = 100 yuan
	whole, frac := strconv.FormatInt(cents/100, 10), cents%100
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	b.WriteByte('.')
	if frac < 10 {
		b.WriteByte('0')
	}
	b.WriteString(strconv.FormatInt(frac, 10))
	return b.String()
}

// People joins the names of a visit's people.
func (p Page) People(people []enterprise.Person) string {
	names := make([]string, 0, len(people))
	for _, x := range people {
		names = append(names, x.Name)
	}
	sep := "、"
	if p.Lang == i18n.En {
		sep = ", "
	}
	return strings.Join(names, sep)
}

// Excerpt shortens free text to n characters on one line.
func (p Page) Excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// FileSize shows a size in KiB or MiB.
func (p Page) FileSize(n int64) string {
	if n >= 1<<20 {
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	}
	return strconv.FormatInt((n+1023)/1024, 10) + " KiB"
}

// IsImage reports whether an attachment can be shown as a picture.
func (p Page) IsImage(contentType string) bool { return strings.HasPrefix(contentType, "image/") }

// parseWan reads an amount in 万元 with at most four decimals (one yuan)
// into whole yuan, exactly: no floating point between the form and the
// ledger. Thousands separators and spaces are ignored.
func parseWan(s string) (int64, bool) {
	s = strings.NewReplacer(",", "", "，", "", " ", "").Replace(strings.TrimSpace(s))
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(whole) > 12 || len(frac) > 4 {
		return 0, false
	}
	for _, part := range []string{whole, frac} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
	}
	frac += strings.Repeat("0", 4-len(frac))
	w, _ := strconv.ParseInt("0"+whole, 10, 64)
	f, _ := strconv.ParseInt(frac, 10, 64)
	return w*10000 + f, true
}
