package summary

import (
	"context"
	"io"
	"net/url"
	"strings"

	"pinghu/internal/errs"
)

// Format is a way to write the report.
type Format string

const (
	HTML Format = "html" // print-ready A4 page
	DOCX Format = "docx" // Word document
	XLSX Format = "xlsx" // ledger annex
)

// ParseFormat reads a format; empty is HTML.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case "":
		return HTML, nil
	case HTML, DOCX, XLSX:
		return f, nil
	}
	return "", errs.InvalidField("format", "rpt.err.format")
}

// ContentType is the media type of a format.
func (f Format) ContentType() string {
	switch f {
	case DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/html; charset=utf-8"
}

// FileName is the name a download of the report is saved under: the
// report's name in the reader's language, the period and the format.
func (r Report) FileName(t T, f Format) string {
	return t("rpt.file") + "-" + r.Figures.From + "-" + r.Figures.To + "." + string(f)
}

// Write writes the report in format f; the annex reads its records from
// src.
func (r Report) Write(ctx context.Context, w io.Writer, f Format, src Records, t T) error {
	switch f {
	case DOCX:
		return r.WriteDOCX(w)
	case XLSX:
		return r.WriteAnnex(ctx, w, src, t)
	}
	return r.WriteHTML(w)
}

// Header is one header of the answer that carries a written report.
type Header struct{ Name, Value string }

// Headers are the answer's headers for the report in format f: the HTML
// shown inline, with a CSP that admits its own style (by hash) and
// nothing else inline; the files as downloads under FileName.
func (r Report) Headers(f Format, t T) []Header {
	out := []Header{{"Content-Type", f.ContentType()}}
	if f == HTML {
		return append(out, Header{"Content-Security-Policy", "default-src 'none'; style-src " + StyleSource() +
			"; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"})
	}
	name := r.FileName(t, f)
	return append(out, Header{"Content-Disposition", `attachment; filename="` + asciiName(name) + `"; filename*=UTF-8''` + url.PathEscape(name)})
}

// asciiName keeps the ASCII of a file name for clients that do not read
// filename*.
func asciiName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return -1
		}
		return r
	}, s)
}
