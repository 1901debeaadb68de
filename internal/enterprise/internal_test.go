package enterprise

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/pii"
)

func TestSniff(t *testing.T) {
	cases := []struct {
		data []byte
		want string
	}{
		{[]byte{0xFF, 0xD8, 0xFF, 0xE1}, "image/jpeg"},
		{[]byte{0xFF, 0xD8}, ""},
		{[]byte("\x89PNG\r\n\x1a\nrest"), "image/png"},
		{[]byte("\x89PNG\r\n"), ""},
		{[]byte("RIFF\x00\x00\x00\x00WEBPVP8L"), "image/webp"},
		{[]byte("RIFF\x00\x00\x00\x00AVI "), ""},
		{[]byte("RIFF"), ""},
		{[]byte("%PDF-1.4"), "application/pdf"},
		{[]byte(" %PDF-1.4"), ""},
		{[]byte("GIF89a"), ""},
		{[]byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), ""},
		{[]byte("PK\x03\x04"), ""},
		{nil, ""},
	}
	for _, c := range cases {
		if got := sniff(c.data); got != c.want {
			t.Errorf("sniff(%q) = %q, want %q", c.data, got, c.want)
		}
	}
}

func TestSanitizeFilename(t *testing.T) {
	long := strings.Repeat("照", 150)
	cases := []struct{ in, typ, want string }{
		{"photo.jpg", "image/jpeg", "photo.jpg"},
		{"../../etc/passwd", "image/png", "passwd"},
		{`C:\Users\me\现场 照片.png`, "image/png", "现场 照片.png"},
		{"dir/", "image/webp", "file.webp"},
		{"", "application/pdf", "file.pdf"},
		{"..", "image/jpeg", "file.jpg"},
		{".hidden.png", "image/png", "hidden.png"},
		{"  spaced .jpg  ", "image/jpeg", "spaced .jpg"},
		{"evil\u202egpj.exe", "image/jpeg", "evilgpj.exe"},
		{"tab\tand\nnewline.pdf", "application/pdf", "tabandnewline.pdf"},
		{"bad\xffbyte.png", "image/png", "badbyte.png"},
		{long + ".jpg", "image/jpeg", strings.Repeat("照", 96) + ".jpg"},
		{long, "image/jpeg", strings.Repeat("照", 100)},
		{long + "." + strings.Repeat("x", 20), "image/jpeg", strings.Repeat("照", 100)},
	}
	for _, c := range cases {
		got := sanitizeFilename(c.in, c.typ)
		if got != c.want {
			t.Errorf("sanitizeFilename(%q) = %q, want %q", c.in, got, c.want)
		}
		if strings.ContainsAny(got, `/\`) || utf8.RuneCountInString(got) > MaxFilenameRunes || !utf8.ValidString(got) {
			t.Errorf("sanitizeFilename(%q) = %q breaks a rule", c.in, got)
		}
	}
}

// FuzzSanitizeFilename: whatever a client sends, the stored name has no
// directory part, is valid UTF-8, within the limit, and never empty.
func FuzzSanitizeFilename(f *testing.F) {
	for _, s := range []string{"a.jpg", "../x", `..\..\x.png`, "\u202e", strings.Repeat("é", 200) + ".pdf", ".", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := sanitizeFilename(name, "image/png")
		if got == "" || strings.ContainsAny(got, `/\`) || utf8.RuneCountInString(got) > MaxFilenameRunes ||
			!utf8.ValidString(got) || strings.HasPrefix(got, ".") {
			t.Errorf("sanitizeFilename(%q) = %q", name, got)
		}
	})
}

func TestOrderBy(t *testing.T) {
	cases := []struct {
		sort, want string
		ok         bool
	}{
		{"", " ORDER BY e.name ASC, e.id ASC", true},
		{"name", " ORDER BY e.name ASC, e.id ASC", true},
		{"-updated_at", " ORDER BY e.updated_at DESC, e.id DESC", true},
		{"community", " ORDER BY c.sort_order ASC, c.name ASC, e.name ASC, e.id ASC", true},
		{"-", "", false},
		{"name;--", "", false},
		{"Name", "", false},
	}
	for _, c := range cases {
		got, ok := orderBy(c.sort)
		if got != c.want || ok != c.ok {
			t.Errorf("orderBy(%q) = %q, %v", c.sort, got, ok)
		}
	}
}

// TestFileStorePath: only a SHA-256 in hex names a file, so a value
// read from the database can never point outside the store.
func TestFileStorePath(t *testing.T) {
	fs := &FileStore{Dir: "/data"}
	good := strings.Repeat("ab", 32)
	if p, ok := fs.path(good); !ok || p != "/data/attachments/ab/ab/"+good {
		t.Errorf("path(%s) = %s, %v", good, p, ok)
	}
	for _, bad := range []string{"", "../../etc/passwd", strings.Repeat("AB", 32), strings.Repeat("ab", 31) + "/.", strings.Repeat("g", 64)} {
		if p, ok := fs.path(bad); ok {
			t.Errorf("path(%q) = %s", bad, p)
		}
	}
}

// TestUniqueViolation: a duplicate that slips past the check (two
// inserts racing) is still reported on the credit code field.
func TestUniqueViolation(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		root, err := org.FindByCode(ctx, d.R, "root")
		if err != nil {
			t.Fatal(err)
		}
		sub, err := org.Insert(ctx, d.W, org.Unit{Kind: org.Subdistrict, Name: "s", Code: "s", Active: true}, root)
		if err != nil {
			t.Fatal(err)
		}
		c, err := org.Insert(ctx, d.W, org.Unit{Kind: org.Community, Name: "c", Code: "c", Active: true}, sub)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := pii.MakeCreditCode("91440300MA5F00001")
		e := Enterprise{Name: "甲", CreditCode: code, CommunityID: c.ID, Status: Operating, CreatedAt: time.Now()}
		if _, err := insertEnterprise(ctx, d.W, e); err != nil {
			t.Fatal(err)
		}
		_, err = insertEnterprise(ctx, d.W, e)
		if ee := errs.As(err); ee.Code != errs.Invalid || ee.Fields["credit_code"] != "err.enterprise_credit_code_taken" {
			t.Errorf("second insert: %v", err)
		}
		e.CreditCode, _ = pii.MakeCreditCode("91440300MA5F00002")
		id, err := insertEnterprise(ctx, d.W, e)
		if err != nil {
			t.Fatal(err)
		}
		e.ID, e.CreditCode = id, code
		err = updateEnterprise(ctx, d.W, e)
		if ee := errs.As(err); ee.Code != errs.Invalid || ee.Fields["credit_code"] != "err.enterprise_credit_code_taken" {
			t.Errorf("update to a taken code: %v", err)
		}
	})
}
