package api_test

import (
	"context"
	"fmt"
	"io"
	"iter"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// stepTimeout bounds one browser step: an action, a wait or a check.
const stepTimeout = 30 * time.Second

// browserRequired reports whether a missing Chromium fails the browser
// tests rather than skipping them. CI sets CI; TAILOR_REQUIRE_BROWSER does
// the same on a workstation.
func browserRequired() bool {
	return os.Getenv("CI") != "" || os.Getenv("TAILOR_REQUIRE_BROWSER") != ""
}

// chromiumPath returns TAILOR_CHROMIUM, or /usr/bin/chromium (Debian's
// chromium package), or the first chromium on PATH.
func chromiumPath(t *testing.T) string {
	t.Helper()

	if p := os.Getenv("TAILOR_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("TAILOR_CHROMIUM is %q, which cannot be used: %v", p, err)
		}

		return p
	}

	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}

	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}

	msg := "chromium is not installed: install Debian's chromium package (apt-get install chromium) or set TAILOR_CHROMIUM to a Chromium binary"
	if browserRequired() {
		t.Fatal(msg)
	}

	t.Skip(msg)

	return ""
}

// artifactDir returns TAILOR_ARTIFACTS, created if needed, or a temporary
// folder that the test removes.
func artifactDir(t *testing.T) string {
	t.Helper()

	dir := os.Getenv("TAILOR_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("create TAILOR_ARTIFACTS folder %s: %v", dir, err)
	}

	return dir
}

// browser is one headless Chromium with a fresh profile. It stops when
// the test ends.
type browser struct {
	ctx       context.Context
	artifacts string
}

// newBrowser starts Chromium with no proxy and a resolver that maps every
// host name except 127.0.0.1 to "not found", so pages cannot reach another
// host. Each tab also fails such requests itself (see newPage).
func newBrowser(t *testing.T) *browser {
	t.Helper()

	path := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(1280, 900),
	}

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})

	// The first call starts the browser and binds it to ctx, so it runs
	// without a timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium %s: %v", path, err)
	}

	return &browser{ctx: ctx, artifacts: artifactDir(t)}
}

// page is one browser tab. It records the console errors and the
// requests to hosts other than loopback, and checks the console when the
// test ends.
type page struct {
	t         *testing.T
	ctx       context.Context
	base      string
	artifacts string

	mu       sync.Mutex
	messages []chromedp.ConsoleMessage // errors and exceptions, in arrival order
	blocked  []string                  // URLs on other hosts, failed by the tab
	expected []string                  // loopback paths whose failed load a test causes on purpose
}

// viewport is a tab's screen size in CSS pixels. With mobile set, the tab
// also emulates a phone's touch screen and meta viewport handling.
type viewport struct {
	width, height int64
	mobile        bool
}

var (
	desktop = viewport{width: 1280, height: 900}
	phone   = viewport{width: 390, height: 844, mobile: true}
)

// newPage opens a tab on base with the given viewport. The tab pauses
// every request through the Fetch domain, lets loopback ones continue
// and fails the rest as blocked by the client.
func (b *browser) newPage(t *testing.T, base string, vp viewport) *page {
	t.Helper()

	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)

	p := &page{t: t, ctx: ctx, base: base, artifacts: b.artifacts}

	console := chromedp.Console(ctx) // opens the tab
	paused := chromedp.Events(ctx, fetch.RequestPaused)

	go p.recordConsole(console)
	go p.routeRequests(paused)

	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatalf("enable request interception: %v", err)
	}

	var emulate []chromedp.EmulateViewportOption
	if vp.mobile {
		emulate = append(emulate, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}

	p.do("set the viewport", chromedp.EmulateViewport(vp.width, vp.height, emulate...))

	// Cleanups run last-in first-out, so the console is checked before
	// the tab closes.
	t.Cleanup(p.checkConsole)

	return p
}

func (p *page) recordConsole(messages iter.Seq2[chromedp.ConsoleMessage, error]) {
	for m, err := range messages {
		if err != nil {
			return
		}

		if m.Type != chromedp.ConsoleError && m.Type != chromedp.ConsoleException {
			continue
		}

		p.mu.Lock()
		p.messages = append(p.messages, m)
		p.mu.Unlock()
	}
}

func (p *page) routeRequests(paused iter.Seq2[fetch.EventRequestPaused, error]) {
	for ev, err := range paused {
		if err != nil {
			return
		}

		if isLoopback(ev.Request.URL) {
			_, err = chromedp.Call(p.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		} else {
			p.mu.Lock()
			p.blocked = append(p.blocked, ev.Request.URL)
			p.mu.Unlock()

			_, err = chromedp.Call(p.ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}

		if err != nil && p.ctx.Err() == nil {
			p.t.Errorf("route request %s: %v", ev.Request.URL, err)
		}
	}
}

// isLoopback reports whether raw is a URL on 127.0.0.1, ::1 or
// localhost, or a data: or blob: URL that needs no network.
func isLoopback(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}

	switch u.Scheme {
	case "data", "blob":
		return true
	case "http", "https", "ws", "wss":
	default:
		return false
	}

	host := u.Hostname()
	if host == "localhost" {
		return true
	}

	ip := net.ParseIP(host)

	return ip != nil && ip.IsLoopback()
}

// expectFailedLoad marks a loopback path whose failed load (a 4xx
// response) the test causes on purpose, so its console error is allowed.
func (p *page) expectFailedLoad(path string) {
	p.mu.Lock()
	defer p.mu.Unlock()

	p.expected = append(p.expected, path)
}

// takeUnexpected returns the recorded console errors that are failures
// and clears the record.
//
// Chromium logs every failed resource load as an error of the browser log
// with source "network" and the resource's URL. Two kinds are expected and
// skipped here, and only these: loads from hosts other than loopback,
// which are the product images that the tab blocks (the page shows its
// placeholder instead), and the loopback paths passed to expectFailedLoad.
func (p *page) takeUnexpected() []string {
	p.mu.Lock()
	defer p.mu.Unlock()

	var out []string
	for _, m := range p.messages {
		if m.Source == "network" && !isLoopback(m.URL) {
			continue
		}

		if m.Source == "network" && slices.ContainsFunc(p.expected, func(path string) bool { return strings.Contains(m.URL, path) }) {
			continue
		}

		out = append(out, fmt.Sprintf("%s (source %q, url %q)", m.String(), m.Source, m.URL))
	}

	p.messages = nil

	return out
}

// checkConsole fails the test for each unexpected console error.
func (p *page) checkConsole() {
	// A round trip lets the browser deliver the messages of the last step.
	_, _ = chromedp.Run(p.ctx, chromedp.Evaluate[chromedp.Void]("0"))
	time.Sleep(200 * time.Millisecond)

	for _, m := range p.takeUnexpected() {
		p.t.Errorf("console error: %s", m)
	}
}

// blockedURLs returns the URLs on other hosts that the tab failed.
func (p *page) blockedURLs() []string {
	p.mu.Lock()
	defer p.mu.Unlock()

	return slices.Clone(p.blocked)
}

// do runs actions with the step timeout and fails the test on an error.
func (p *page) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()

	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()

	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("%s: %v", step, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](p *page, expression string) T {
	p.t.Helper()

	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()

	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expression))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expression, err)
	}

	return v
}

// waitFor polls a JavaScript condition until it is true.
func (p *page) waitFor(what, condition string) {
	p.t.Helper()

	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()

	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](condition, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		p.t.Fatalf("wait for %s (%s): %v; page error banner: %q", what, condition, err, p.errorBanner())
	}
}

// errorBanner returns the text of the page's error banner, or "".
func (p *page) errorBanner() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()

	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.querySelector('#error'); return e && !e.hidden ? e.textContent : ''; })()`))

	return text
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// screenshot saves a PNG of the whole page.
func (p *page) screenshot(step string) {
	p.t.Helper()

	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()

	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", step, err)
	}

	p.save(step, png)
}

// save writes a PNG under the artifact folder, named after the test and
// step.
func (p *page) save(step string, png []byte) {
	p.t.Helper()

	name := unsafeName.ReplaceAllString(p.t.Name()+"-"+step, "_") + ".png"
	path := filepath.Join(p.artifacts, name)

	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatalf("save screenshot: %v", err)
	}

	p.t.Logf("screenshot %s", path)
}

// screenshotViewport saves a PNG of what the screen shows now.
func (p *page) screenshotViewport(step string) {
	p.t.Helper()

	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()

	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		p.t.Fatalf("screenshot %s: %v", step, err)
	}

	p.save(step, png)
}

// tabTo presses Tab (Shift+Tab when backwards) until the focused element
// matches selector, and fails when it is not reachable within 120 presses.
func (p *page) tabTo(selector string, backwards bool) {
	p.t.Helper()

	var opts []chromedp.KeyOption
	if backwards {
		opts = append(opts, chromedp.KeyModifiers(chromedp.ModifierShift))
	}

	check := fmt.Sprintf(`document.activeElement !== null && document.activeElement.matches(%q)`, selector)
	for range 120 {
		if eval[bool](p, check) {
			return
		}

		p.do("press Tab", chromedp.KeyEvent("\t", opts...))
	}

	p.t.Fatalf("%s is not reachable with the Tab key; focus ended on %s", selector,
		eval[string](p, `document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : 'nothing'`))
}

// probePage loads an image from another host, logs one console error and
// fetches two missing loopback paths.
const probePage = `<!doctype html>
<html lang="en"><head><title>probe</title><link rel="icon" href="data:,"></head>
<body>
<img src="http://images.example.com/a.jpg" alt="" onerror="document.body.dataset.image = 'failed'">
<script>
console.error('probe error');
Promise.all([fetch('/expected-missing'), fetch('/unexpected-missing')]).then(() => { document.body.dataset.fetched = 'true'; });
</script>
</body></html>`

func TestPageConsoleCheck(t *testing.T) {
	b := newBrowser(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}

		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, probePage)
	}))
	t.Cleanup(srv.Close)

	p := b.newPage(t, srv.URL, desktop)
	p.expectFailedLoad("/expected-missing")
	p.do("open the probe page", chromedp.Navigate(srv.URL+"/"))
	p.waitFor("the image to fail and the fetches to end", `document.body.dataset.image === 'failed' && document.body.dataset.fetched === 'true'`)

	_, _ = chromedp.Run(p.ctx, chromedp.Evaluate[chromedp.Void]("0"))
	time.Sleep(200 * time.Millisecond)

	got := p.takeUnexpected()
	if len(got) != 2 {
		t.Fatalf("unexpected console errors = %q, want the console.error call and the unexpected 404", got)
	}

	if !strings.Contains(got[0], "probe error") && !strings.Contains(got[1], "probe error") {
		t.Errorf("unexpected console errors = %q, want the console.error call among them", got)
	}

	if !strings.Contains(strings.Join(got, "\n"), "/unexpected-missing") {
		t.Errorf("unexpected console errors = %q, want the 404 of /unexpected-missing among them", got)
	}

	if blocked := p.blockedURLs(); !slices.Equal(blocked, []string{"http://images.example.com/a.jpg"}) {
		t.Errorf("blocked URLs = %q, want only the image on images.example.com", blocked)
	}
}

func TestIsLoopback(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"http://127.0.0.1:8080/v1/search", true},
		{"http://[::1]:8080/", true},
		{"http://localhost/", true},
		{"data:image/png;base64,AAAA", true},
		{"http://ecx.images-amazon.com/images/I/51AERD8SM8L._SY445_.jpg", false},
		{"https://10.0.0.1/", false},
		{"http://127.0.0.1.example.com/", false},
		{"ftp://127.0.0.1/", false},
		{"::not a url", false},
	}

	for _, tt := range tests {
		if got := isLoopback(tt.url); got != tt.want {
			t.Errorf("isLoopback(%q) = %v, want %v", tt.url, got, tt.want)
		}
	}
}
