package reminder

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"pinghu/internal/i18n"
)

func TestEscapeText(t *testing.T) {
	cases := map[string]string{
		"plain":          "plain",
		`a\b`:            `a\\b`,
		"a;b,c":          `a\;b\,c`,
		"line1\nline2":   `line1\nline2`,
		"line1\r\nline2": `line1\nline2`,
	}
	for in, want := range cases {
		if got := escapeText(in); got != want {
			t.Errorf("escapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFold: every physical line is at most 75 octets and valid UTF-8, and
// unfolding (dropping CRLF and one space) gives the line back.
func TestFold(t *testing.T) {
	for _, s := range []string{
		"SUMMARY:short",
		"SUMMARY:" + strings.Repeat("a", 67),  // exactly 75
		"SUMMARY:" + strings.Repeat("a", 68),  // 76
		"SUMMARY:" + strings.Repeat("督办", 60), // three-octet runes across every cut
		"SUMMARY:x" + strings.Repeat("平", 100),
	} {
		var b strings.Builder
		fold(&b, s)
		out := b.String()
		if !strings.HasSuffix(out, "\r\n") {
			t.Errorf("%q: no CRLF at the end", out)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n")
		for i, l := range lines {
			if len(l) > 75 || !utf8.ValidString(l) || (i > 0 && !strings.HasPrefix(l, " ")) {
				t.Errorf("line %d of %q: %d octets %q", i, s, len(l), l)
			}
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", ""); got != s {
			t.Errorf("unfolded %q, want %q", got, s)
		}
	}
}

func TestWriteICS(t *testing.T) {
	due := time.Date(2022, 6, 10, 0, 0, 0, 0, i18n.Zone)
	items := []Item{
		{Kind: "supervision", Title: "加快进度, 第一期; 见附件", Due: due, Path: "/supervisions/3", UID: "supervision-3@pinghu"},
		// A source may give the day's start in UTC (16:00 the day before):
		// DUE is still the day in CST.
		{Kind: "milestone", Title: "完成", Due: due.AddDate(0, 0, 1).UTC(), Done: true, Path: "/projects/1", UID: "milestone-1@pinghu"},
	}
	var b strings.Builder
	if err := WriteICS(&b, "平湖提醒", items, "https://pinghu.example", time.Date(2022, 6, 6, 1, 2, 3, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Errorf("a bare LF in %q", out)
	}
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:",
		"BEGIN:VTODO\r\nUID:supervision-3@pinghu\r\nDTSTAMP:20220606T010203Z\r\nSUMMARY:加快进度\\, 第一期\\; 见附件\r\n" +
			"DUE;VALUE=DATE:20220610\r\nSTATUS:NEEDS-ACTION\r\nURL:https://pinghu.example/supervisions/3\r\nEND:VTODO\r\n",
		"DUE;VALUE=DATE:20220611\r\nSTATUS:COMPLETED\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("feed lacks %q:\n%s", want, out)
		}
	}
}
