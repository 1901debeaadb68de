package enterprise_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

// Files that begin as their formats do; the rest is filler, which is all
// the sniffing looks at.
func jpeg() []byte {
	return append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F'}, bytes.Repeat([]byte{7}, 100)...)
}
func png() []byte {
	return append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), bytes.Repeat([]byte{1}, 50)...)
}
func webp() []byte {
	return append([]byte("RIFF\x24\x00\x00\x00WEBPVP8 "), bytes.Repeat([]byte{2}, 30)...)
}
func pdf() []byte { return []byte("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n") }

// storedFiles lists the files under the store's directory.
func (e *env) storedFiles() []string {
	var out []string
	_ = filepath.WalkDir(e.dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestVisitPhotos(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c1)
		e.assign(x.ID, f.leader.ID, f.d1.ID, f.spec1.ID)
		// A random body, so that reading it back byte for byte means
		// something; the largest size allowed.
		big := make([]byte, enterprise.MaxUploadBytes)
		copy(big, jpeg())
		for i := len(jpeg()); i < len(big); i++ {
			big[i] = byte(i*7919 + i>>9)
		}
		in := e.visit(x.ID)
		in.Photos = []enterprise.Upload{
			{Filename: `C:\Users\王\Desktop\现场.jpg`, ContentType: "image/jpeg", Data: big},
			{Filename: "../../etc/passwd.png", ContentType: "text/plain", Data: png()}, // the declared type is ignored
			{Filename: "", Data: webp()},
			{Filename: "报告.pdf", Data: pdf()},
			{Filename: "copy.png", Data: png()}, // the same bytes again
		}
		v, err := e.svc.RecordVisit(e.ctx, e.as(f.spec1), in)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct{ name, typ string }{{"现场.jpg", "image/jpeg"}, {"passwd.png", "image/png"}, {"file.webp", "image/webp"},
			{"报告.pdf", "application/pdf"}, {"copy.png", "image/png"}}
		if len(v.Attachments) != len(want) {
			t.Fatalf("attachments %+v", v.Attachments)
		}
		for i, at := range v.Attachments {
			sum := sha256.Sum256(in.Photos[i].Data)
			if at.Filename != want[i].name || at.ContentType != want[i].typ || at.Size != int64(len(in.Photos[i].Data)) ||
				at.SHA256 != hex.EncodeToString(sum[:]) || at.Owner != enterprise.OwnerVisit || at.OwnerID != v.ID || at.CreatedBy != f.spec1.ID {
				t.Errorf("attachment %d: %+v", i, at)
			}
			// Every photo reads back byte for byte, for those who see the
			// visit.
			for _, a := range []access.Actor{e.as(f.spec1), e.as(f.comm1), e.as(f.leader), e.as(f.dept1)} {
				meta, r, err := e.svc.OpenAttachment(e.ctx, a, at.ID)
				if err != nil {
					t.Errorf("%s opens %d: %v", a.Username, at.ID, err)
					continue
				}
				b, err := io.ReadAll(r)
				r.Close()
				if err != nil || !bytes.Equal(b, in.Photos[i].Data) || meta.ID != at.ID || meta.Filename != at.Filename || !meta.CreatedAt.Equal(at.CreatedAt) {
					t.Errorf("%s reads %d: %d bytes, %v", a.Username, at.ID, len(b), err)
				}
			}
		}
		// Listed with the visit.
		got, err := e.svc.GetVisit(e.ctx, e.as(f.comm1), v.ID)
		if err != nil || len(got.Attachments) != len(want) || got.Attachments[3].Filename != "报告.pdf" {
			t.Errorf("visit's attachments %+v, %v", got.Attachments, err)
		}
		// Out of scope, unknown: not found.
		for _, a := range []access.Actor{e.as(f.spec2), e.as(f.comm2), e.as(f.leader2), e.as(f.sysadmin), e.asEnterprise(x.ID + 1)} {
			_, _, err := e.svc.OpenAttachment(e.ctx, a, v.Attachments[0].ID)
			wantNotFound(t, a.Username+" opens", err)
		}
		_, _, err = e.svc.OpenAttachment(e.ctx, e.as(f.leader), 99999)
		wantNotFound(t, "unknown attachment", err)

		// Where the bytes are: on disk with SQLite, content-addressed and
		// stored once; in the row with PostgreSQL, and no file at all.
		files := e.storedFiles()
		inDB := e.count("SELECT count(*) FROM attachments WHERE data IS NOT NULL")
		if d.Dialect == db.Postgres {
			if len(files) != 0 || inDB != 5 || e.count("SELECT count(*) FROM attachments WHERE storage = 'db'") != 5 {
				t.Errorf("PostgreSQL: %d files %v, %d rows with data", len(files), files, inDB)
			}
		} else {
			if len(files) != 4 || inDB != 0 || e.count("SELECT count(*) FROM attachments WHERE storage = 'file'") != 5 {
				t.Errorf("SQLite: files %v, %d rows with data", files, inDB)
			}
			sum := v.Attachments[0].SHA256
			p := filepath.Join(e.dir, "attachments", sum[:2], sum[2:4], sum)
			b, err := os.ReadFile(p)
			if err != nil || !bytes.Equal(b, big) {
				t.Errorf("the file at %s: %d bytes, %v", p, len(b), err)
			}
			for _, p := range files {
				if strings.Contains(filepath.Base(p), ".upload-") {
					t.Errorf("a temporary file was left: %s", p)
				}
			}
		}
	})
}

func TestUploadsRefused(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		x := e.create("甲公司", e.f.c1)
		tooBig := make([]byte, enterprise.MaxUploadBytes+1)
		copy(tooBig, jpeg())
		nine := make([]enterprise.Upload, enterprise.MaxUploads)
		for i := range nine {
			nine[i] = enterprise.Upload{Filename: "p.png", Data: png()}
		}
		cases := []struct {
			name string
			ups  []enterprise.Upload
			msg  string // "" when accepted
		}{
			{"nine photos", nine, ""},
			{"ten photos", append(nine[:9:9], enterprise.Upload{Data: png()}), "err.attachment_too_many"},
			{"one byte over 10 MiB", []enterprise.Upload{{Filename: "big.jpg", Data: tooBig}}, "err.attachment_too_large"},
			{"empty", []enterprise.Upload{{Filename: "a.jpg", ContentType: "image/jpeg"}}, "err.attachment_empty"},
			{"GIF", []enterprise.Upload{{Filename: "a.gif", Data: []byte("GIF89a\x01\x00\x01\x00")}}, "err.attachment_type"},
			{"text called a JPEG", []enterprise.Upload{{Filename: "a.jpg", ContentType: "image/jpeg", Data: []byte("hello, world")}}, "err.attachment_type"},
			{"HTML called a PNG", []enterprise.Upload{{Filename: "a.png", ContentType: "image/png", Data: []byte("<html><script>alert(1)</script>")}}, "err.attachment_type"},
			{"a RIFF that is not WebP", []enterprise.Upload{{Filename: "a.wav", Data: []byte("RIFF\x24\x00\x00\x00WAVEfmt ")}}, "err.attachment_type"},
			{"a JPEG cut short", []enterprise.Upload{{Filename: "a.jpg", Data: []byte{0xFF, 0xD8}}}, "err.attachment_type"},
			{"one bad among good", []enterprise.Upload{{Data: png()}, {Data: []byte("MZ\x90\x00")}, {Data: pdf()}}, "err.attachment_type"},
		}
		for _, c := range cases {
			in := e.visit(x.ID)
			in.Photos = c.ups
			before, files := e.counts(), len(e.storedFiles())
			_, err := e.svc.RecordVisit(e.ctx, e.as(e.f.leader), in)
			if c.msg == "" {
				if err != nil {
					t.Errorf("%s: %v", c.name, err)
				}
				continue
			}
			wantFields(t, c.name, err, map[string]string{"photos": c.msg})
			if after := e.counts(); after != before || len(e.storedFiles()) != files {
				t.Errorf("%s: wrote %s → %s", c.name, before, after)
			}
		}
	})
}

// TestAppealAttachments: an appeal's files are scoped through the
// appeal's enterprise in SQL, then narrowed by the appeal module's hook.
func TestAppealAttachments(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c2)
		e.assign(x.ID, f.leader.ID, f.d2.ID, f.spec2.ID)
		appealID := e.appeal(x.ID, f.d2.ID, "融资", start)
		var ats []enterprise.Attachment
		err := e.inTx(func(tx *sql.Tx) (err error) {
			ats, err = e.svc.SaveAttachmentsTx(e.ctx, tx, e.as(f.spec2), enterprise.OwnerAppeal, appealID,
				[]enterprise.Upload{{Filename: "证明.pdf", Data: pdf()}})
			return err
		})
		if err != nil || len(ats) != 1 {
			t.Fatalf("save: %+v, %v", ats, err)
		}
		id := ats[0].ID
		everyone := []access.Actor{e.as(f.spec2), e.as(f.comm2), e.as(f.dept2), e.asEnterprise(x.ID),
			e.as(f.spec1), e.as(f.comm1), e.as(f.dept1), e.asEnterprise(x.ID + 1)}
		// Without the appeal module's rule, an appeal's file is nobody's.
		for _, a := range everyone {
			_, _, err := e.svc.OpenAttachment(e.ctx, a, id)
			wantNotFound(t, a.Username+", no appeal rule", err)
		}
		e.svc.AppealVisible = func(context.Context, access.Actor, int64) error { return nil }
		for _, a := range everyone[:4] {
			_, r, err := e.svc.OpenAttachment(e.ctx, a, id)
			if err != nil {
				t.Errorf("%s: %v", a.Username, err)
				continue
			}
			b, _ := io.ReadAll(r)
			r.Close()
			if !bytes.Equal(b, pdf()) {
				t.Errorf("%s read %q", a.Username, b)
			}
		}
		for _, a := range everyone[4:] {
			_, _, err := e.svc.OpenAttachment(e.ctx, a, id)
			wantNotFound(t, a.Username, err)
		}
		// The hook narrows, never widens.
		var asked []int64
		e.svc.AppealVisible = func(ctx context.Context, a access.Actor, appealID int64) error {
			asked = append(asked, appealID)
			if a.Role == access.Community {
				return errs.E(errs.NotFound)
			}
			return nil
		}
		_, _, err = e.svc.OpenAttachment(e.ctx, e.as(f.comm2), id)
		wantNotFound(t, "community, hook says no", err)
		_, r, err := e.svc.OpenAttachment(e.ctx, e.as(f.spec2), id)
		if err != nil {
			t.Errorf("specialist, hook says yes: %v", err)
		} else {
			r.Close()
		}
		_, _, err = e.svc.OpenAttachment(e.ctx, e.as(f.spec1), id)
		wantNotFound(t, "out of scope, hook says yes", err)
		if len(asked) != 2 || asked[0] != appealID {
			t.Errorf("the hook was asked about %v", asked)
		}
		// An owner this package does not know is refused when saving, and
		// a row of one (written by hand) is nobody's to open.
		err = e.inTx(func(tx *sql.Tx) error {
			_, err := e.svc.SaveAttachmentsTx(e.ctx, tx, e.as(f.leader), "project", x.ID, []enterprise.Upload{{Data: png()}})
			return err
		})
		if errs.CodeOf(err) != errs.Internal {
			t.Errorf("saving for an unknown owner: %v", err)
		}
		var stray int64
		if err := d.W.QueryRowContext(e.ctx, `INSERT INTO attachments (owner, owner_id, filename, content_type, size, sha256, storage,
			data, created_at) VALUES ('project', $1, 'a.pdf', 'application/pdf', 3, $2, 'db', $3, 0) RETURNING id`,
			x.ID, strings.Repeat("0", 64), []byte("%PD")).Scan(&stray); err != nil {
			t.Fatal(err)
		}
		_, _, err = e.svc.OpenAttachment(e.ctx, e.as(f.rootLeader), stray)
		wantNotFound(t, "an unknown owner", err)
	})
}

// TestNoFileStore: SQLite without a file store refuses photos with an
// internal error (an installation mistake) and writes nothing.
func TestNoFileStore(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	e := newEnv(t, d)
	e.svc.Files = nil
	x := e.create("甲公司", e.f.c1)
	in := e.visit(x.ID)
	in.Photos = []enterprise.Upload{{Data: png()}}
	before := e.counts()
	_, err := e.svc.RecordVisit(e.ctx, e.as(e.f.leader), in)
	if errs.CodeOf(err) != errs.Internal {
		t.Errorf("%v, want internal", err)
	}
	if after := e.counts(); after != before {
		t.Errorf("wrote %s → %s", before, after)
	}
	// A visit without photos needs no store.
	if _, err := e.svc.RecordVisit(e.ctx, e.as(e.f.leader), e.visit(x.ID)); err != nil {
		t.Error(err)
	}
}
