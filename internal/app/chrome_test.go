package app_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser tests drive a real headless Chromium over the test server:
// what they prove (a form that submits, a menu that opens on a phone, an
// accessible page) the HTTP client cannot see. Locally they skip where no
// Chromium is installed; under CI=true a missing browser fails them.

// chromeStep bounds one step (a navigation, a click and the page it
// loads, a script): a hung step fails the test instead of the run.
const chromeStep = 30 * time.Second

// chromePath finds the browser: PINGHU_CHROME, else the usual names.
func chromePath() string {
	if p := os.Getenv("PINGHU_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// requireInCI skips a test that lacks what it needs, except under CI,
// where a skipped browser test would pass for nothing.
func requireInCI(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI: %s", why)
	}
	t.Skip(why)
}

// chrome is one Chromium for a test; each session in it is a browser
// context of its own, so that several accounts are signed in at once
// without sharing cookies.
type chrome struct {
	browser context.Context
}

// startChrome starts Chromium for the test and stops it when the test ends.
func startChrome(t *testing.T) *chrome {
	t.Helper()
	path := chromePath()
	if path == "" {
		requireInCI(t, "no Chromium found: install Debian's chromium package (apt-get install chromium fonts-noto-cjk) or set PINGHU_CHROME")
	}
	profile := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.UserDataDir(profile), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("lang", "zh-CN"), chromedp.Flag("accept-lang", "zh-CN,zh"))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	if err := firstRun(browser); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	return &chrome{browser: browser}
}

// firstRun starts what a chromedp context stands for (the browser, or a
// tab). Its context must carry no deadline: the first run's context
// lives as long as what it starts, so a timeout would end the browser or
// the tab's events with it. A watchdog bounds the wait instead.
func firstRun(ctx context.Context) error {
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err := <-done:
		return err
	case <-time.After(chromeStep):
		return fmt.Errorf("no answer in %s", chromeStep)
	}
}

// tab is one signed-in (or signed-out) person in the browser: a fresh
// browser context with one tab, over one test server.
type tab struct {
	t    *testing.T
	e    *env
	ctx  context.Context
	name string // for the failure files: who this tab is
}

// open makes a new session of its own at the given viewport. When the test
// fails, the tab's last screenshot and HTML are saved in a directory that
// outlives the test, and its path is printed.
func (c *chrome) open(t *testing.T, e *env, name string, width, height int64) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(c.browser, chromedp.WithNewBrowserContext())
	tb := &tab{t: t, e: e, ctx: ctx, name: name}
	// Cleanups run last first: the evidence is saved before the tab closes.
	t.Cleanup(cancel)
	t.Cleanup(func() {
		if t.Failed() {
			tb.saveEvidence("last")
		}
	})
	if err := firstRun(ctx); err != nil {
		t.Fatalf("opening a tab for %s: %v", name, err)
	}
	tb.do(chromedp.EmulateViewport(width, height))
	return tb
}

// saveEvidence writes the tab's screenshot and HTML under a new temporary
// directory, which outlives the test, and prints where.
func (b *tab) saveEvidence(label string) {
	dir, err := os.MkdirTemp("", "pinghu-chrome-")
	if err != nil {
		b.t.Logf("browser evidence: %v", err)
		return
	}
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	base := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(b.t.Name()+"-"+b.name+"-"+label))
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		_ = os.WriteFile(base+".png", png, 0o644)
	}
	if html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`)); err == nil {
		_ = os.WriteFile(base+".html", []byte(html), 0o644)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	b.t.Logf("browser %s at %s: screenshot and HTML saved in %s", b.name, loc, dir)
}

// do runs steps, each within chromeStep, and fails the test on an error.
func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	for i, s := range steps {
		ctx, cancel := context.WithTimeout(b.ctx, chromeStep)
		err := chromedp.Do(ctx, s)
		cancel()
		if err != nil {
			b.t.Fatalf("%s: step %d: %v", b.name, i+1, err)
		}
	}
}

// eval evaluates a script in the page and decodes its value.
func eval[T any](b *tab, script string, opts ...chromedp.EvaluateOption) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, chromeStep)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](script, opts...))
	if err != nil {
		b.t.Fatalf("%s: %s: %v", b.name, snippet(script), err)
	}
	return v
}

// visit loads a path of the test server and fails unless it answers 200.
func (b *tab) visit(path string) {
	b.t.Helper()
	if status := b.load(path); status != 200 {
		b.t.Fatalf("%s: GET %s: status %d", b.name, path, status)
	}
}

// load loads a path of the test server and returns the status of the
// page it ends on.
func (b *tab) load(path string) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, chromeStep)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.e.srv.URL+path))
	if err != nil {
		b.t.Fatalf("%s: GET %s: %v", b.name, path, err)
	}
	return resp.Status
}

// follow runs steps that leave the page (a click on a link or a submit
// button), waits until the next page has loaded, and returns its path
// and query. A redirect is followed; the page it ends on must answer 200.
func (b *tab) follow(steps ...chromedp.Action[chromedp.Void]) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, chromeStep)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		b.t.Fatalf("%s: %v", b.name, err)
	}
	if resp.Status != 200 {
		b.t.Fatalf("%s: %s answered %d", b.name, resp.URL, resp.Status)
	}
	return b.path()
}

// path is the current page's path and query.
func (b *tab) path() string {
	b.t.Helper()
	return eval[string](b, `location.pathname + location.search`)
}

// click clicks the element that sel finds (by CSS) and leaves the page.
func (b *tab) click(sel string) string {
	b.t.Helper()
	return b.follow(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// text is the visible text of the first element that sel finds.
func (b *tab) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, chromeStep)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("%s: text of %s: %v", b.name, sel, err)
	}
	return strings.TrimSpace(s)
}

// has reports whether sel finds an element on the page now.
func (b *tab) has(sel string) bool {
	b.t.Helper()
	return eval[bool](b, fmt.Sprintf(`document.querySelector(%q) !== null`, sel))
}

// login signs in through the login form as a person would. Every account
// signs in here, so a step after the password (a second factor) is added
// in this one place.
func (b *tab) login(username string) {
	b.t.Helper()
	b.visit("/login")
	b.do(chromedp.SendKeys(chromedp.ID("username"), username), chromedp.SendKeys(chromedp.ID("password"), testPassword))
	landed := b.click(`form.login-form button[type=submit]`)
	if strings.HasPrefix(landed, "/login/2fa") {
		// The second factor: an officer enrols at the first sign-in
		// (the secret is read off the page, as a person types it into
		// an app); later sign-ins take a code of that authenticator.
		if b.has("#totp-secret") {
			b.e.auth.Enrol(username, b.text("#totp-secret"))
		}
		b.do(chromedp.SendKeys(chromedp.ID("code"), b.e.auth.Code(b.t, username)))
		landed = b.click(`form.login-form button[type=submit]`)
		if landed == "/login/2fa" && b.has(".recovery-codes") {
			return // signed in; the recovery codes are shown once
		}
	}
	if strings.HasPrefix(landed, "/login") {
		b.t.Fatalf("%s: still on the login page after signing in as %s", b.name, username)
	}
}
