package summary

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"io"
)

// style lays the report out on A4 paper. It is the page's only style and
// sits inline so that the saved file prints alike anywhere; the page's
// CSP admits it by its hash (StyleSource).
const style = `@page{size:A4;margin:20mm 18mm}
body{font-family:"Noto Serif CJK SC","Source Han Serif SC","SimSun",serif;font-size:12pt;line-height:1.7;color:#000;max-width:174mm;margin:0 auto}
h1{font-size:18pt;text-align:center;margin:0 0 4pt}
.period{text-align:center;color:#333;margin:0 0 16pt}
h2{font-size:14pt;margin:16pt 0 6pt;break-after:avoid}
p{text-indent:2em;margin:0 0 6pt}
table{border-collapse:collapse;width:100%;margin:6pt 0;break-inside:avoid}
th,td{border:1px solid #666;padding:2pt 6pt;text-align:left}
td.num{text-align:right}
figure{margin:6pt 0;break-inside:avoid}
svg{max-width:100%;height:auto}`

// StyleSource is the CSP source that admits the report's inline style.
func StyleSource() string {
	sum := sha256.Sum256([]byte(style))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

var page = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>{{.Style}}</style></head>
<body><h1>{{.Title}}</h1><p class="period">{{.Period}}</p>
{{range .Sections}}<section id="{{.ID}}"><h2>{{.Title}}</h2>
{{range .Paragraphs}}<p>{{.}}</p>{{end}}
<table><tbody>{{range .Rows}}<tr><th scope="row">{{.Label}}</th><td class="num">{{.Value}}</td></tr>{{end}}</tbody></table>
{{if .Chart}}<figure>{{.Chart}}</figure>{{end}}
</section>{{end}}</body></html>`))

// WriteHTML writes the report as one self-contained HTML page for A4.
func (r Report) WriteHTML(w io.Writer) error {
	return page.Execute(w, struct {
		Report
		Style template.CSS
	}{r, template.CSS(style)})
}
