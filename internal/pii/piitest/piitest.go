// Package piitest scans what the test suite's servers answer and log for
// mobile and ID numbers in full (docs/personal-information.md). Harnesses
// wrap the handler they serve with Handler and give the application a
// logger from Log; a number found fails the test that caused it, named by
// route, place and its masked form, never in full.
package piitest

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"pinghu/internal/pii"
)

// Hit is one unmasked number found: the kind, where (the part of the
// answer: "body", a header, a file inside an .xlsx), the byte offset there,
// and the number as it would be masked.
type Hit struct {
	Kind   pii.Kind
	Part   string
	Offset int
	Masked string
	value  string
}

// Value is the number found, for comparing with what a test typed in;
// never print it.
func (h Hit) Value() string { return h.value }

func (h Hit) String() string {
	return fmt.Sprintf("%s %s at byte %d of %s", h.Kind, h.Masked, h.Offset, h.Part)
}

// Scanner counts what it scanned and keeps the hits in log lines until a
// test collects them. One Scanner serves a whole test binary.
type Scanner struct {
	answers  atomic.Int64
	parts    atomic.Int64
	logLines atomic.Int64

	mu      sync.Mutex
	logHits []string
}

// Counts reports how many answers, answer parts (bodies, headers, files
// inside an .xlsx) and log lines were scanned.
func (s *Scanner) Counts() (answers, parts, logLines int64) {
	return s.answers.Load(), s.parts.Load(), s.logLines.Load()
}

// Text finds the numbers in text; a JSON document is also read as its
// string values, so that an escape before a number does not hide it.
func Text(part string, b []byte) []Hit {
	var out []Hit
	seen := map[int]bool{}
	add := func(s string) {
		for _, m := range pii.FindUnmasked(s) {
			if !seen[m.Start] {
				seen[m.Start] = true
				out = append(out, Hit{Kind: m.Kind, Part: part, Offset: m.Start, Masked: m.Masked(s), value: s[m.Start:m.End]})
			}
		}
	}
	add(string(b))
	if t := bytes.TrimSpace(b); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		add(pii.JSONStrings(b))
	}
	return out
}

// Body finds the numbers in an answer's body of the given content type:
// text of any kind as it is, an .xlsx file by every part inside it (the
// shared strings, each sheet).
func (s *Scanner) Body(contentType string, body []byte) []Hit {
	s.parts.Add(1)
	if strings.Contains(contentType, "spreadsheetml") || bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			return []Hit{{Kind: "unreadable", Part: "xlsx: " + err.Error(), Masked: "-"}}
		}
		var out []Hit
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				return append(out, Hit{Kind: "unreadable", Part: f.Name + ": " + err.Error(), Masked: "-"})
			}
			b, err := io.ReadAll(rc)
			_ = rc.Close()
			if err != nil {
				return append(out, Hit{Kind: "unreadable", Part: f.Name + ": " + err.Error(), Masked: "-"})
			}
			s.parts.Add(1)
			out = append(out, Text("xlsx "+f.Name, b)...)
		}
		return out
	}
	if strings.HasPrefix(contentType, "image/") || strings.HasPrefix(contentType, "application/octet-stream") {
		return nil // the bytes of an uploaded photo are not text
	}
	return Text("body", body)
}

// Answer scans one answer: its body and the headers that carry data
// (Location, Content-Disposition). Numbers the request itself carried are
// not counted: an answer that repeats what the user just typed into a form
// (a form shown again with its errors) discloses nothing.
func (s *Scanner) Answer(req *http.Request, reqBody []byte, header http.Header, body []byte) []Hit {
	s.answers.Add(1)
	hits := s.Body(header.Get("Content-Type"), body)
	for _, h := range []string{"Location", "Content-Disposition"} {
		if v := header.Get(h); v != "" {
			s.parts.Add(1)
			hits = append(hits, Text("header "+h, []byte(decoded(v)))...)
		}
	}
	sent := decoded(req.URL.RawQuery) + "\n" + string(reqBody) + "\n" + decoded(string(reqBody))
	var out []Hit
	for _, h := range hits {
		if h.value == "" || !strings.Contains(sent, h.value) {
			out = append(out, h)
		}
	}
	return out
}

// decoded is s with URL escapes undone, when it has any.
func decoded(s string) string {
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}

// Exempt reports whether a path is a reveal's, the one answer meant to
// show a number in full.
func Exempt(path string) bool { return strings.HasSuffix(path, "/reveal") }

// Handler wraps h so that every answer is scanned; a number found fails t.
func (s *Scanner) Handler(t testing.TB, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var reqBody []byte
		if r.Body != nil {
			reqBody, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(reqBody))
		}
		rec := &recorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		if Exempt(r.URL.Path) {
			s.answers.Add(1)
			return
		}
		for _, hit := range s.Answer(r, reqBody, w.Header(), rec.body.Bytes()) {
			t.Errorf("personal information in the answer to %s %s: %s", r.Method, r.URL.RequestURI(), hit)
		}
	})
}

// recorder passes an answer through and keeps a copy of its body.
type recorder struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Log returns a logger whose every line, written as JSON as the server
// writes it, is scanned and then dropped. Lines holding a number are kept
// for LogHits.
func (s *Scanner) Log() *slog.Logger {
	buf := &bytes.Buffer{}
	return slog.New(&logScan{s: s, h: slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}), buf: buf, mu: &sync.Mutex{}})
}

// LogHits returns the hits in log lines since the last call, and forgets
// them.
func (s *Scanner) LogHits() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.logHits
	s.logHits = nil
	return out
}

type logScan struct {
	s   *Scanner
	h   slog.Handler // writes into buf
	buf *bytes.Buffer
	mu  *sync.Mutex
}

func (l *logScan) Enabled(context.Context, slog.Level) bool { return true }

func (l *logScan) Handle(ctx context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Reset()
	if err := l.h.Handle(ctx, r); err != nil {
		return err
	}
	line := l.buf.Bytes()
	l.s.logLines.Add(1)
	if hits := Text("log line", line); len(hits) > 0 {
		masked := pii.MaskText(string(bytes.TrimSpace(line)))
		l.s.mu.Lock()
		for _, h := range hits {
			l.s.logHits = append(l.s.logHits, fmt.Sprintf("%s in log line %s", h, masked))
		}
		l.s.mu.Unlock()
	}
	return nil
}

func (l *logScan) WithAttrs(as []slog.Attr) slog.Handler {
	return &logScan{s: l.s, h: l.h.WithAttrs(as), buf: l.buf, mu: l.mu}
}

func (l *logScan) WithGroup(name string) slog.Handler {
	return &logScan{s: l.s, h: l.h.WithGroup(name), buf: l.buf, mu: l.mu}
}
