package reminder

import (
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/i18n"
)

// WriteICS writes items as an iCalendar object (RFC 5545) of VTODO
// components: lines end in CRLF, are folded at 75 octets without
// splitting a UTF-8 sequence, and text values are escaped. base is the
// absolute address the items' paths hang from; stamp is DTSTAMP, the time
// the feed was made.
func WriteICS(w io.Writer, name string, items []Item, base string, stamp time.Time) error {
	var b strings.Builder
	line := func(s string) { fold(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Pinghu//Reminders//ZH")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escapeText(name))
	dtstamp := stamp.UTC().Format("20060102T150405Z")
	for _, it := range items {
		line("BEGIN:VTODO")
		line("UID:" + escapeText(it.UID))
		line("DTSTAMP:" + dtstamp)
		line("SUMMARY:" + escapeText(it.Title))
		// The date is the day in CST, whatever zone the source's time is in:
		// midnight in Shenzhen is the day before in UTC.
		line("DUE;VALUE=DATE:" + it.Due.In(i18n.Zone).Format("20060102"))
		if it.Done {
			line("STATUS:COMPLETED")
		} else {
			line("STATUS:NEEDS-ACTION")
		}
		if it.Path != "" {
			line("URL:" + base + it.Path)
		}
		line("END:VTODO")
	}
	line("END:VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash,
// semicolon, comma and newlines.
func escapeText(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// maxLine is the longest content line in octets, CRLF excluded (§3.1).
const maxLine = 75

// fold writes one content line, folded: a continuation starts with a
// space, which counts in its 75 octets. A cut never falls inside a UTF-8
// sequence, so each physical line stays valid UTF-8.
func fold(b *strings.Builder, s string) {
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
