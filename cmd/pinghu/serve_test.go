//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

// adminPassword is PINGHU_ADMIN_PASSWORD for the servers these tests start.
const adminPassword = "Harbour-Lantern-5280"

var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// pinghuBinary builds the command once per test run, the way it ships:
// without cgo.
func pinghuBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "pinghu-bin-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "pinghu")
		cmd := exec.Command("go", "build", "-o", binPath, "./cmd/pinghu")
		cmd.Dir = filepath.Join("..", "..") // the module root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// childEnv is the test's environment without any PINGHU_* variable, plus
// the given ones.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PINGHU_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// syncBuffer is written by exec's copying goroutine and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// stdoutWatcher keeps stdout and reports the address of the
// "Pinghu is serving on http://ADDR" line once.
type stdoutWatcher struct {
	syncBuffer
	mu      sync.Mutex
	partial []byte
	addr    chan string
	sent    bool
}

const servingPrefix = "Pinghu is serving on http://"

func (w *stdoutWatcher) Write(p []byte) (int, error) {
	w.syncBuffer.Write(p)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		line := string(w.partial[:i])
		w.partial = w.partial[i+1:]
		if a, ok := strings.CutPrefix(line, servingPrefix); ok && !w.sent {
			w.sent = true
			w.addr <- strings.TrimSpace(a)
		}
	}
	return len(p), nil
}

// server is one running "pinghu serve".
type server struct {
	name    string
	cmd     *exec.Cmd
	stdout  *stdoutWatcher
	stderr  *syncBuffer
	started time.Time
	done    chan struct{} // closed when the process has exited
	addr    string
}

// startServe starts "pinghu serve" with args; the process is killed at
// cleanup if it is still running.
func startServe(t *testing.T, name string, env []string, args ...string) *server {
	t.Helper()
	s := &server{name: name, stdout: &stdoutWatcher{addr: make(chan string, 1)}, stderr: &syncBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(pinghuBinary(t), append([]string{"serve"}, args...)...)
	s.cmd.Env = env
	s.cmd.Stdout, s.cmd.Stderr = s.stdout, s.stderr
	s.started = time.Now()
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("%s: start: %v", name, err)
	}
	go func() {
		_ = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("%s stdout:\n%s", name, s.stdout.String())
			t.Logf("%s stderr:\n%s", name, tail(s.stderr.String(), 4000))
		}
	})
	return s
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// awaitAddr waits for the address the server prints; it may run on any
// goroutine.
func (s *server) awaitAddr(timeout time.Duration) error {
	select {
	case s.addr = <-s.stdout.addr:
		return nil
	case <-s.done:
		return fmt.Errorf("%s exited with %v before serving", s.name, s.cmd.ProcessState)
	case <-time.After(timeout):
		return fmt.Errorf("%s printed no address within %s", s.name, timeout)
	}
}

// waitAddr is awaitAddr on the test's goroutine.
func (s *server) waitAddr(t *testing.T, timeout time.Duration) {
	t.Helper()
	if s.addr != "" {
		return
	}
	if err := s.awaitAddr(timeout); err != nil {
		t.Fatal(err)
	}
}

// url is the server's base URL.
func (s *server) url(path string) string { return "http://" + s.addr + path }

// waitHealthy polls /healthz until it answers 200 and returns when it did.
func (s *server) waitHealthy(t *testing.T, timeout time.Duration) time.Time {
	t.Helper()
	s.waitAddr(t, timeout)
	c := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(timeout)
	for {
		resp, err := c.Get(s.url("/healthz"))
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.TrimSpace(string(body)) == "ok" {
				return time.Now()
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: /healthz not healthy within %s (last: %v)", s.name, timeout, err)
		}
		select {
		case <-s.done:
			t.Fatalf("%s exited with %v while starting", s.name, s.cmd.ProcessState)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// sigterm sends SIGTERM.
func (s *server) sigterm(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("%s: SIGTERM: %v", s.name, err)
	}
}

// waitExit0 waits for the process to end and requires exit status 0.
func (s *server) waitExit0(t *testing.T, timeout time.Duration) {
	t.Helper()
	select {
	case <-s.done:
	case <-time.After(timeout):
		t.Fatalf("%s did not exit within %s of SIGTERM", s.name, timeout)
	}
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("%s exited with %v, want status 0", s.name, s.cmd.ProcessState)
	}
}

// call sends one API request and decodes a JSON answer into out (if any).
func call(t *testing.T, method, url, token string, body any, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, url, err)
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %d %q: %v", method, url, resp.StatusCode, b, err)
		}
	}
	return resp.StatusCode
}

type loginAnswer struct {
	Token string `json:"token"`
}

type meAnswer struct {
	Username string `json:"username"`
	Role     string `json:"role"`
}

func TestServeTwoProcessesShareSessions(t *testing.T) {
	dbtest.RequirePostgresInCI(t)
	if os.Getenv(dbtest.EnvPostgres) == "" {
		t.Skipf("%s is not set: two servers share sessions only through PostgreSQL", dbtest.EnvPostgres)
	}
	url := dbtest.URL(t, db.Postgres)
	env := childEnv("PINGHU_ADMIN_PASSWORD=" + adminPassword)

	// Both start at once on an empty schema: both migrate and both try to
	// create the first administrator.
	a := startServe(t, "A", env, "--addr", "127.0.0.1:0", "--db", url, "--data", t.TempDir())
	b := startServe(t, "B", env, "--addr", "127.0.0.1:0", "--db", url, "--data", t.TempDir())
	errc := make(chan error, 2)
	for _, s := range []*server{a, b} {
		go func() { errc <- s.awaitAddr(30 * time.Second) }()
	}
	for range 2 {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	a.waitHealthy(t, 30*time.Second)
	b.waitHealthy(t, 30*time.Second)

	// An officer: no token for the password alone. It enrols on the web,
	// starting the login on B and finishing it on A, then signs in to the
	// API on A with a recovery code.
	if code := call(t, "POST", a.url("/api/v1/login"), "", map[string]string{"username": "admin", "password": adminPassword}, nil); code != http.StatusUnauthorized {
		t.Fatalf("password-only login on A: status %d, want 401", code)
	}
	recovery := enrolOnWeb(t, b, a, "admin", adminPassword)
	var login loginAnswer
	if code := call(t, "POST", a.url("/api/v1/login"), "", map[string]string{"username": "admin", "password": adminPassword,
		"recovery_code": recovery[0]}, &login); code != http.StatusOK {
		t.Fatalf("login on A: status %d", code)
	}
	if code := call(t, "POST", b.url("/api/v1/login"), "", map[string]string{"username": "admin", "password": adminPassword,
		"recovery_code": recovery[0]}, nil); code != http.StatusUnauthorized {
		t.Fatalf("a recovery code used on A works again on B: status %d", code)
	}
	if login.Token == "" {
		t.Fatal("login on A returned no token")
	}
	var me meAnswer
	if code := call(t, "GET", b.url("/api/v1/me"), login.Token, nil, &me); code != http.StatusOK {
		t.Fatalf("/me on B with A's token: status %d", code)
	}
	if me.Username != "admin" {
		t.Errorf("/me on B: username %q, want admin", me.Username)
	}
	if code := call(t, "POST", b.url("/api/v1/logout"), login.Token, nil, nil); code != http.StatusNoContent {
		t.Fatalf("logout on B: status %d", code)
	}
	for _, s := range []*server{a, b} {
		if code := call(t, "GET", s.url("/api/v1/me"), login.Token, nil, nil); code != http.StatusUnauthorized {
			t.Errorf("/me on %s after logout on B: status %d, want 401", s.name, code)
		}
	}

	a.sigterm(t)
	b.sigterm(t)
	a.waitExit0(t, 20*time.Second)
	b.waitExit0(t, 20*time.Second)

	// The concurrent start left one schema, one administrator and an
	// unbroken audit chain.
	d := openDB(t, url)
	if n := count(t, d, "SELECT count(*) FROM users WHERE username = 'admin'"); n != 1 {
		t.Errorf("%d administrators after two concurrent starts", n)
	}
	if n := count(t, d, "SELECT count(*) FROM schema_migrations"); n != count(t, d, "SELECT count(DISTINCT version) FROM schema_migrations") || n == 0 {
		t.Errorf("schema_migrations holds %d rows", n)
	}
	isolateEnv(t)
	out := mustRun(t, "", "audit", "verify", "--db", url)
	if !strings.Contains(out, "audit chain verified") {
		t.Errorf("audit verify: %q", out)
	}
}

func TestServeFinishesRequestInFlightOnSIGTERM(t *testing.T) {
	data := t.TempDir()
	s := startServe(t, "server", childEnv("PINGHU_ADMIN_PASSWORD="+adminPassword),
		"--addr", "127.0.0.1:0", "--data", data)
	s.waitHealthy(t, 30*time.Second)

	// A login whose body arrives in two parts: the handler is reading it
	// when the signal comes.
	pr, pw := io.Pipe()
	defer pw.Close()
	req, err := http.NewRequest("POST", s.url("/api/v1/login"), pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	type result struct {
		status int
		body   []byte
		err    error
	}
	res := make(chan result, 1)
	go func() {
		resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
		if err != nil {
			res <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		res <- result{resp.StatusCode, b, err}
	}()
	if _, err := io.WriteString(pw, `{"username": "admin", `); err != nil {
		t.Fatal(err)
	}
	// Give the server time to accept the connection and start the handler;
	// a connection still in the listen queue would be refused, not served.
	time.Sleep(500 * time.Millisecond)

	s.sigterm(t)
	// Shutdown has begun once the listener refuses new connections.
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the server still accepts connections 10 s after SIGTERM")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case <-s.done:
		t.Fatalf("the server exited with %v with a request in flight", s.cmd.ProcessState)
	case r := <-res:
		t.Fatalf("the request in flight ended before its body was sent: %d %v", r.status, r.err)
	case <-time.After(300 * time.Millisecond):
	}

	if _, err := io.WriteString(pw, `"password": "`+adminPassword+`"}`); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	r := <-res
	if r.err != nil {
		t.Fatalf("the request in flight failed: %v", r.err)
	}
	// The whole answer: the administrator has no authenticator yet, so the
	// login, checked against the database, asks for one.
	var answer struct {
		Error struct{ Code string } `json:"error"`
	}
	if r.status != http.StatusUnauthorized || json.Unmarshal(r.body, &answer) != nil || answer.Error.Code != "enrolment_required" {
		t.Errorf("the request in flight got %d %s, want 401 enrolment_required", r.status, r.body)
	}
	s.waitExit0(t, 20*time.Second)
}

// TestServeDemoStartupToHealthz measures, and logs, how long a fresh
// "pinghu serve --demo" takes from exec to its first healthy /healthz. It
// asserts only that it gets there and shuts down cleanly.
func TestServeDemoStartupToHealthz(t *testing.T) {
	if testing.Short() {
		t.Skip("measurement")
	}
	pinghuBinary(t) // not part of the figure
	const runs = 3
	var took []time.Duration
	for i := range runs {
		s := startServe(t, fmt.Sprintf("demo-%d", i), childEnv(), "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--demo")
		healthy := s.waitHealthy(t, 30*time.Second)
		took = append(took, healthy.Sub(s.started))
		if out := s.stdout.String(); !strings.Contains(out, "Demo mode") {
			t.Errorf("no demo announced on stdout:\n%s", out)
		}
		s.sigterm(t)
		s.waitExit0(t, 20*time.Second)
	}
	slices.Sort(took)
	t.Logf("serve --demo, fresh SQLite, exec to first healthy /healthz: median %v (runs: %v)", took[runs/2], took)
}
