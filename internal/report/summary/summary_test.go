package summary_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"regexp"
	"strings"
	"testing"

	"pinghu/internal/appeal"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/overview"
	"pinghu/internal/report/summary"
)

var cat = i18n.MustLoad()

func tr(lang string) summary.T {
	return func(key string, args ...any) string { return cat.T(lang, key, args...) }
}

func week(visited int, party *overview.Party) overview.Figures {
	return overview.Figures{From: "2022-05-26", To: "2022-05-31", AsOf: "2022-07-01", UnitName: "平湖街道",
		EnterpriseService: overview.EnterpriseService{Stats: appeal.Stats{AboveScaleEnterprises: 324, EnterprisesVisited: visited,
			AppealsCollected: 326, AppealsResolved: 317, AppealsInProgress: 9}},
		Party: party}
}

// The report says what the figures say, in the sub-district's register;
// "all" only when every above-scale enterprise was visited; the party
// section only where its figures are kept.
func TestBuild(t *testing.T) {
	party := &overview.Party{Organisations: 80, NewOrganisations: 22,
		NewByKind: overview.NewByKind{NonpublicSingle: 6, NonpublicJoint: 15, SocialOrg: 1}}
	cases := []struct {
		name     string
		f        overview.Figures
		lang     string
		want     []string
		not      []string
		sections int
	}{
		{"all visited", week(324, nil), i18n.Hans,
			[]string{"走访服务辖区全部规上工业企业324家，收集企业诉求326宗，已解决317宗，正在推进解决9宗。", "平湖街道工作总结（2022-05-26至2022-05-31）"},
			[]string{"党"}, 3},
		{"some visited", week(300, nil), i18n.Hans, []string{"走访服务企业300家，收集企业诉求326宗"}, []string{"全部规上"}, 3},
		{"english", week(324, nil), i18n.En,
			[]string{"We visited all 324 above-scale industrial enterprises in the sub-district, collected 326 appeals from enterprises, resolved 317 of them and are still working on 9."},
			nil, 3},
		{"with the party", week(324, party), i18n.Hans,
			[]string{"新成立“两新”组织党组织22个，其中非公企业单独组建6个、联合组建15个，社会组织1个。"}, nil, 4},
	}
	for _, c := range cases {
		r := summary.Build(c.f, tr(c.lang), c.lang)
		var text strings.Builder
		text.WriteString(r.Title)
		for _, s := range r.Sections {
			text.WriteString(s.Title + strings.Join(s.Paragraphs, ""))
		}
		for _, w := range c.want {
			if !strings.Contains(text.String(), w) {
				t.Errorf("%s: lacks %q in %s", c.name, w, text.String())
			}
		}
		for _, w := range c.not {
			if strings.Contains(text.String(), w) {
				t.Errorf("%s: holds %q", c.name, w)
			}
		}
		if len(r.Sections) != c.sections {
			t.Errorf("%s: %d sections, want %d", c.name, len(r.Sections), c.sections)
		}
	}
}

// The HTML is an A4 page whose only style is admitted by StyleSource's
// hash, with the charts drawn as SVG; the .docx declares an East Asian
// font on its runs and holds the sentence.
func TestFormats(t *testing.T) {
	r := summary.Build(week(324, nil), tr(i18n.Hans), i18n.Hans)
	var h bytes.Buffer
	if err := r.WriteHTML(&h); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindStringSubmatch(h.String())
	if m == nil {
		t.Fatal("no style")
	}
	sum := sha256.Sum256([]byte(m[1]))
	if want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; summary.StyleSource() != want {
		t.Errorf("StyleSource %s, the page's style hashes to %s", summary.StyleSource(), want)
	}
	for _, w := range []string{"@page{size:A4", `lang="zh-CN"`, "<svg", "正在推进解决9宗"} {
		if !strings.Contains(h.String(), w) {
			t.Errorf("html lacks %q", w)
		}
	}
	var d bytes.Buffer
	if err := r.WriteDOCX(&d); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(d.Bytes()), int64(d.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var doc string
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			_ = rc.Close()
			doc = string(b)
		}
	}
	for _, w := range []string{`w:eastAsia="SimSun"`, "正在推进解决9宗", `w:w="11906"`} {
		if !strings.Contains(doc, w) {
			t.Errorf("docx lacks %q", w)
		}
	}
	// The section's properties (A4) are the body's last child, or Word
	// refuses the file.
	if !regexp.MustCompile(`<w:sectPr>.*</w:sectPr></w:body>`).MatchString(doc) || strings.Count(doc, "<w:sectPr>") != 1 {
		t.Errorf("the section's properties do not close the body: %s", doc[len(doc)-300:])
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]summary.Format{"": summary.HTML, "html": summary.HTML, "docx": summary.DOCX, "xlsx": summary.XLSX} {
		if got, err := summary.ParseFormat(in); err != nil || got != want {
			t.Errorf("%q: %s, %v", in, got, err)
		}
	}
	for _, in := range []string{"pdf", "HTML", "docx "} {
		if _, err := summary.ParseFormat(in); errs.As(err).Fields["format"] == "" {
			t.Errorf("%q: %v, want invalid naming format", in, err)
		}
	}
}
