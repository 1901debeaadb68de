package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
	"pinghu/internal/pii/piitest"
)

// demoPassword is given to every demo account in these tests. It passes
// the password policy for each demo username.
const demoPassword = "Lake-Willow-7391"

// isolateEnv removes every PINGHU_* variable but the test database's, so
// that the developer's or CI's environment cannot change what a command
// does (a stray PINGHU_DB would even point it at another database).
// Variables are unset rather than set to "": the configuration reads an
// empty variable as a value.
func isolateEnv(t *testing.T) {
	t.Helper()
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "PINGHU_") || name == dbtest.EnvPostgres {
			continue
		}
		t.Setenv(name, "") // restores the old value at cleanup
		os.Unsetenv(name)
	}
}

// runCLI runs the command line in-process, as main does. What a command
// prints is scanned like every answer of the server: a mobile or ID number
// in full, other than one the test typed in, fails the test.
func runCLI(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out)
	for _, h := range piitest.Text("output", out.Bytes()) {
		if !strings.Contains(stdin+strings.Join(args, " "), h.Value()) {
			t.Errorf("pinghu %s prints personal information: %s", strings.Join(args, " "), h)
		}
	}
	return out.String(), err
}

// mustRun runs a command that must succeed.
func mustRun(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	out, err := runCLI(t, stdin, args...)
	if err != nil {
		t.Fatalf("pinghu %s: %v\noutput:\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// openDB opens a database the commands have already migrated, as a second,
// independent client would.
func openDB(t *testing.T, url string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestVersionAndUsage(t *testing.T) {
	isolateEnv(t)
	cases := []struct {
		name    string
		args    []string
		wantOut []string // substrings of stdout
		wantErr []string // substrings of the error; nil means success
	}{
		{name: "version", args: []string{"version"}, wantOut: []string{"pinghu " + version + "\n"}},
		{name: "no arguments print the usage", args: nil, wantOut: []string{"Usage:", "pinghu serve", "pinghu audit verify"}},
		{name: "help", args: []string{"help"}, wantOut: []string{"Usage:", "pinghu backup FILE"}},
		{name: "--help", args: []string{"--help"}, wantOut: []string{"Usage:"}},
		{name: "unknown command", args: []string{"frobnicate"},
			wantErr: []string{`unknown command "frobnicate"`, "Usage:", "pinghu serve", "pinghu user add", "pinghu version"}},
		{name: "unknown command that looks like a flag", args: []string{"--db"}, wantErr: []string{`unknown command "--db"`, "Usage:"}},
		{name: "user without subcommand", args: []string{"user"}, wantErr: []string{"add, list, passwd or reset-2fa"}},
		{name: "user with unknown subcommand", args: []string{"user", "remove"}, wantErr: []string{`unknown subcommand "remove"`}},
		{name: "audit without verify", args: []string{"audit", "list"}, wantErr: []string{"the subcommand is verify"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runCLI(t, "", tc.args...)
			if tc.wantErr == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
			} else {
				if err == nil {
					t.Fatalf("want an error, got success with output %q", out)
				}
				for _, s := range tc.wantErr {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error does not contain %q:\n%v", s, err)
					}
				}
			}
			for _, s := range tc.wantOut {
				if !strings.Contains(out, s) {
					t.Errorf("output does not contain %q:\n%s", s, out)
				}
			}
		})
	}
}

func TestUserAddReadsPasswordFromStdin(t *testing.T) {
	dbtest.RequirePostgresInCI(t)
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			isolateEnv(t)
			ctx := context.Background()
			url := dbtest.URL(t, dialect)
			if out := mustRun(t, "", "migrate", "--db", url); !strings.Contains(out, "database is up to date") {
				t.Fatalf("migrate output: %q", out)
			}

			// Units, made directly in the database as another program would.
			d := openDB(t, url)
			root, err := org.FindByCode(ctx, d.R, "root")
			if err != nil {
				t.Fatal(err)
			}
			insert := func(parent org.Unit, kind org.Kind, code, name string) org.Unit {
				t.Helper()
				u, err := org.Insert(ctx, d.W, org.Unit{Kind: kind, Code: code, Name: name, Active: true, CreatedAt: time.Now()}, parent)
				if err != nil {
					t.Fatalf("insert unit %s: %v", code, err)
				}
				return u
			}
			sub := insert(root, org.Subdistrict, "T-SUB", "测试街道")
			hehua := insert(sub, org.Community, "T-HEHUA", "禾花社区")
			insert(sub, org.Community, "T-TWIN-1", "重名社区")
			insert(sub, org.Community, "T-TWIN-2", "重名社区")

			type created struct {
				role     string
				unitID   int64
				phone    string
				password string // the password that must now sign in
			}
			strong := "Qing-Shan-2024"
			cases := []struct {
				name    string
				args    []string
				stdin   string
				want    *created // nil: the command must fail and create nobody
				wantErr []string
			}{
				{name: "unit by id", stdin: strong + "\n",
					args: []string{"--username", "zhang", "--role", "leader", "--unit", strconv.FormatInt(sub.ID, 10)},
					want: &created{role: "leader", unitID: sub.ID, password: strong}},
				{name: "unit by exact name, phone, CRLF line and a second line",
					stdin: "Lv-Shui-Qiao-88\r\nnot the password\n",
					args:  []string{"--username", "lisi", "--role", "community", "--unit", "禾花社区", "--phone", "13812345678", "--name", "李四"},
					want:  &created{role: "community", unitID: hehua.ID, phone: "13812345678", password: "Lv-Shui-Qiao-88"}},
				{name: "password without a final newline", stdin: "Bai-Yun-Jian-7",
					args: []string{"--username", "wang", "--role", "office", "--unit", "测试街道"},
					want: &created{role: "office", unitID: sub.ID, password: "Bai-Yun-Jian-7"}},
				{name: "weak password", stdin: "1234567890\n",
					args:    []string{"--username", "weak", "--role", "leader", "--unit", "测试街道"},
					wantErr: []string{"password: "}},
				{name: "short password", stdin: "Ab1-xyz\n",
					args:    []string{"--username", "short", "--role", "leader", "--unit", "测试街道"},
					wantErr: []string{"password: "}},
				{name: "no password on stdin", stdin: "",
					args:    []string{"--username", "nopw", "--role", "leader", "--unit", "测试街道"},
					wantErr: []string{"no password on standard input"}},
				{name: "unknown role", stdin: strong + "\n",
					args:    []string{"--username", "king", "--role", "emperor", "--unit", "测试街道"},
					wantErr: []string{"role: "}},
				{name: "unknown unit name", stdin: strong + "\n",
					args:    []string{"--username", "nowhere", "--role", "leader", "--unit", "不存在社区"},
					wantErr: []string{"不存在社区"}},
				{name: "unknown unit id", stdin: strong + "\n",
					args:    []string{"--username", "noid", "--role", "leader", "--unit", "999999"},
					wantErr: []string{"999999"}},
				{name: "ambiguous unit name", stdin: strong + "\n",
					args:    []string{"--username", "twin", "--role", "community", "--unit", "重名社区"},
					wantErr: []string{"重名社区"}},
				{name: "username taken", stdin: "Another-Strong-77\n",
					args:    []string{"--username", "zhang", "--role", "office", "--unit", "测试街道"},
					wantErr: []string{"username: "}},
			}
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					username := tc.args[1]
					before := count(t, d, "SELECT count(*) FROM users WHERE username = $1", username)
					args := append([]string{"user", "add", "--db", url}, tc.args...)
					out, err := runCLI(t, tc.stdin, args...)
					if tc.want == nil {
						if err == nil {
							t.Fatalf("want an error, got success: %s", out)
						}
						for _, s := range tc.wantErr {
							if !strings.Contains(err.Error(), s) {
								t.Errorf("error does not contain %q: %v", s, err)
							}
						}
						if n := count(t, d, "SELECT count(*) FROM users WHERE username = $1", username); n != before {
							t.Errorf("a failed add changed the users named %q: %d before, %d after", username, before, n)
						}
						return
					}
					if err != nil {
						t.Fatalf("user add: %v", err)
					}
					if !strings.Contains(out, "created user "+username) {
						t.Errorf("output %q does not confirm the user", out)
					}
					var role, phone, hash string
					var unitID int64
					err = d.R.QueryRowContext(ctx, "SELECT role, COALESCE(unit_id, 0), phone, password_hash FROM users WHERE username = $1",
						username).Scan(&role, &unitID, &phone, &hash)
					if err != nil {
						t.Fatalf("reading the new user: %v", err)
					}
					if role != tc.want.role || unitID != tc.want.unitID || phone != tc.want.phone {
						t.Errorf("stored role=%q unit=%d phone=%q, want role=%q unit=%d phone=%q",
							role, unitID, phone, tc.want.role, tc.want.unitID, tc.want.phone)
					}
					if !account.Verify(tc.want.password, hash) {
						t.Errorf("the stored hash does not match the password %q from stdin", tc.want.password)
					}
					if strings.HasPrefix(tc.stdin, tc.want.password+"\r") && account.Verify(tc.want.password+"\r", hash) {
						t.Errorf("the carriage return was kept in the password")
					}
				})
			}

			t.Run("list masks phones", func(t *testing.T) {
				out := mustRun(t, "", "user", "list", "--db", url)
				for _, s := range []string{"USERNAME", "zhang", "lisi", "李四", "wang", "禾花社区", "测试街道", "138****5678"} {
					if !strings.Contains(out, s) {
						t.Errorf("user list does not contain %q:\n%s", s, out)
					}
				}
				for _, s := range []string{"13812345678", "weak", "king"} {
					if strings.Contains(out, s) {
						t.Errorf("user list contains %q:\n%s", s, out)
					}
				}
			})

			t.Run("reset-2fa", func(t *testing.T) {
				// zhang's phone is lost: an authenticator, recovery codes and
				// a session, as a login would have left them.
				var id int64
				if err := d.R.QueryRowContext(ctx, "SELECT id FROM users WHERE username = 'zhang'").Scan(&id); err != nil {
					t.Fatal(err)
				}
				for _, q := range []string{
					"INSERT INTO totp_authenticators (user_id, secret, created_at, confirmed_at, last_step) VALUES ($1, 'JBSWY3DPEHPK3PXP', 1, 1, 1)",
					"INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, 'x', 1)",
					"INSERT INTO sessions (id, user_id, kind, created_at, last_seen_at, expires_at) VALUES ('s-zhang', $1, 'web', 1, 1, 9999999999999999)",
				} {
					if _, err := d.W.ExecContext(ctx, q, id); err != nil {
						t.Fatal(err)
					}
				}
				if _, err := runCLI(t, "", "user", "reset-2fa", "--db", url, "--username", "nobody"); err == nil {
					t.Error("reset-2fa of an unknown user succeeded")
				}
				out := mustRun(t, "", "user", "reset-2fa", "--db", url, "--username", "zhang")
				if !strings.Contains(out, "two-factor login of zhang reset") {
					t.Errorf("output %q", out)
				}
				left := count(t, d, `SELECT (SELECT count(*) FROM totp_authenticators WHERE user_id = $1) +
					(SELECT count(*) FROM recovery_codes WHERE user_id = $1) + (SELECT count(*) FROM sessions WHERE user_id = $1)`, id)
				audited := count(t, d, "SELECT count(*) FROM audit_log WHERE action = 'user.two_factor.reset' AND actor = 'system:cli'")
				if left != 0 || audited != 1 {
					t.Errorf("after reset-2fa: %d rows left, %d audit records", left, audited)
				}
			})
		})
	}
}

// loadDemo loads the demo organisation into a fresh database of the
// dialect and returns its URL.
func loadDemo(t *testing.T, dialect db.Dialect) string {
	t.Helper()
	t.Setenv("PINGHU_DEMO_PASSWORD", demoPassword)
	url := dbtest.URL(t, dialect)
	out := mustRun(t, "", "demo", "--db", url)
	if !strings.Contains(out, demoPassword) {
		t.Fatalf("demo output does not name the demo password:\n%s", out)
	}
	return url
}

// auditRecord reads one stored record as Verify reads it.
func auditRecord(t *testing.T, d *db.DB, seq int64) audit.Record {
	t.Helper()
	var r audit.Record
	var at int64
	err := d.R.QueryRowContext(context.Background(), `SELECT seq, at, COALESCE(actor_id, 0), actor, role, action, entity, entity_id,
		result, ip, request_id, before_data, after_data, prev_hash, hash FROM audit_log WHERE seq = $1`, seq).Scan(
		&r.Seq, &at, &r.ActorID, &r.Actor, &r.Role, &r.Action, &r.Entity, &r.EntityID,
		&r.Result, &r.IP, &r.RequestID, &r.Before, &r.After, &r.PrevHash, &r.Hash)
	if err != nil {
		t.Fatalf("audit record %d: %v", seq, err)
	}
	r.At = db.Time(at)
	return r
}

func TestAuditVerifyDetectsTampering(t *testing.T) {
	dbtest.RequirePostgresInCI(t)
	exec := func(t *testing.T, d *db.DB, q string, args ...any) {
		t.Helper()
		if _, err := d.W.ExecContext(context.Background(), q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	cases := []struct {
		name    string
		tamper  func(t *testing.T, d *db.DB)
		wantErr []string
	}{
		{name: "actor of record 5 altered",
			tamper:  func(t *testing.T, d *db.DB) { exec(t, d, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 5") },
			wantErr: []string{"after 4 good records", "audit record 5:", "altered"}},
		{name: "record 5 altered and rehashed",
			tamper: func(t *testing.T, d *db.DB) {
				r := auditRecord(t, d, 5)
				r.Actor = "mallory"
				r.Hash = r.ComputeHash()
				exec(t, d, "UPDATE audit_log SET actor = $1, hash = $2 WHERE seq = 5", r.Actor, r.Hash)
			},
			wantErr: []string{"after 5 good records", "audit record 6:", "does not link"}},
		{name: "middle record 5 deleted",
			tamper:  func(t *testing.T, d *db.DB) { exec(t, d, "DELETE FROM audit_log WHERE seq = 5") },
			wantErr: []string{"after 4 good records", "audit record 6:", "records 5 to 5 are missing"}},
		{name: "records 5 to 7 deleted",
			tamper:  func(t *testing.T, d *db.DB) { exec(t, d, "DELETE FROM audit_log WHERE seq BETWEEN 5 AND 7") },
			wantErr: []string{"after 4 good records", "audit record 8:", "records 5 to 7 are missing"}},
	}
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			for _, tc := range cases {
				t.Run(tc.name, func(t *testing.T) {
					isolateEnv(t)
					ctx := context.Background()
					url := loadDemo(t, dialect)
					d := openDB(t, url)
					n := count(t, d, "SELECT count(*) FROM audit_log")
					if n < 10 {
						t.Fatalf("the demo wrote only %d audit records", n)
					}
					out := mustRun(t, "", "audit", "verify", "--db", url)
					if want := fmt.Sprintf("audit chain verified: %d records", n); !strings.Contains(out, want) {
						t.Fatalf("verify output %q, want %q", out, want)
					}

					// The append-only guard stands in the way of an honest
					// mistake; the attacker removes it first.
					if _, err := d.W.ExecContext(ctx, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 5"); err == nil {
						t.Fatal("the append-only trigger let an UPDATE through")
					}
					if dialect == db.Postgres {
						exec(t, d, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard")
					} else {
						exec(t, d, "DROP TRIGGER audit_log_no_update")
						exec(t, d, "DROP TRIGGER audit_log_no_delete")
					}
					tc.tamper(t, d)

					out, err := runCLI(t, "", "audit", "verify", "--db", url)
					if err == nil {
						t.Fatalf("verify accepted a tampered log: %s", out)
					}
					var broken *audit.BrokenError
					if !errors.As(err, &broken) {
						t.Errorf("error %v is not an *audit.BrokenError", err)
					}
					for _, s := range tc.wantErr {
						if !strings.Contains(err.Error(), s) {
							t.Errorf("error does not contain %q: %v", s, err)
						}
					}
					if strings.Contains(out, "verified") {
						t.Errorf("verify printed success: %q", out)
					}
				})
			}
		})
	}
}

func TestBackupIsConsistentCopy(t *testing.T) {
	dbtest.RequirePostgresInCI(t)
	isolateEnv(t)
	ctx := context.Background()
	url := loadDemo(t, db.SQLite)
	src := openDB(t, url)
	tables := []string{"units", "users", "audit_log", "settings"}
	want := map[string]int{}
	for _, table := range tables {
		want[table] = count(t, src, "SELECT count(*) FROM "+table)
	}
	if want["units"] < 12 || want["users"] < 10 || want["audit_log"] < 10 {
		t.Fatalf("the demo is smaller than expected: %v", want)
	}

	dir := t.TempDir()
	existing := filepath.Join(dir, "existing.db")
	if err := os.WriteFile(existing, []byte("an old file that the backup replaces"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		file string
		args func(file string) []string
	}{
		{name: "file before the flags", file: filepath.Join(dir, "first.db"),
			args: func(f string) []string { return []string{"backup", f, "--db", url} }},
		{name: "file after the flags, in a folder still to be made", file: filepath.Join(dir, "a", "b", "last.db"),
			args: func(f string) []string { return []string{"backup", "--db", url, f} }},
		{name: "over an existing file", file: existing,
			args: func(f string) []string { return []string{"backup", f, "--db", url} }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := mustRun(t, "", tc.args(tc.file)...)
			if !strings.Contains(out, "backup written and verified: "+tc.file) {
				t.Errorf("output %q does not confirm the backup", out)
			}
			if _, err := os.Stat(tc.file + ".partial"); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s.partial remains (stat: %v)", tc.file, err)
			}
			if err := db.IntegrityCheck(ctx, "sqlite:"+tc.file); err != nil {
				t.Errorf("integrity of the copy: %v", err)
			}
			cp := openDB(t, "sqlite:"+tc.file)
			for _, table := range tables {
				if got := count(t, cp, "SELECT count(*) FROM "+table); got != want[table] {
					t.Errorf("%s: %d rows in the copy, %d in the source", table, got, want[table])
				}
			}
			// The copy's audit chain is whole, not merely the same length.
			out = mustRun(t, "", "audit", "verify", "--db", "sqlite:"+tc.file)
			if w := fmt.Sprintf("verified: %d records", want["audit_log"]); !strings.Contains(out, w) {
				t.Errorf("verify of the copy: %q, want %q", out, w)
			}
		})
	}

	t.Run("a failed backup leaves no partial file", func(t *testing.T) {
		// The copy cannot be renamed over a folder, so the last step fails.
		target := filepath.Join(dir, "a-folder")
		if err := os.Mkdir(target, 0o750); err != nil {
			t.Fatal(err)
		}
		if out, err := runCLI(t, "", "backup", target, "--db", url); err == nil {
			t.Fatalf("backup over a folder succeeded: %s", out)
		}
		if _, err := os.Stat(target + ".partial"); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s.partial remains after a failed backup (stat: %v)", target, err)
		}
		if fi, err := os.Stat(target); err != nil || !fi.IsDir() {
			t.Errorf("the folder in the way was changed: %v", err)
		}
	})

	t.Run("no file named", func(t *testing.T) {
		if out, err := runCLI(t, "", "backup", "--db", url); err == nil || !strings.Contains(err.Error(), "name the file") {
			t.Fatalf("want an error asking for the file, got %v (output %q)", err, out)
		}
	})

	t.Run("postgres points at pg_dump", func(t *testing.T) {
		pg := dbtest.URL(t, db.Postgres) // skips when PostgreSQL is not configured
		file := filepath.Join(t.TempDir(), "pg.db")
		out, err := runCLI(t, "", "backup", file, "--db", pg)
		if err == nil {
			t.Fatalf("backup of PostgreSQL succeeded: %s", out)
		}
		if !strings.Contains(err.Error(), "pg_dump") {
			t.Errorf("error does not mention pg_dump: %v", err)
		}
		for _, f := range []string{file, file + ".partial"} {
			if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("%s exists after a refused backup (stat: %v)", f, err)
			}
		}
	})
}
