package chart

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

// wellFormed parses the SVG as XML, so a stray character or an unescaped
// label fails the test.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
	}
}

func TestBars(t *testing.T) {
	b := Bars{Title: `按类别 <诉求> & "率"`, Labels: []string{"政策咨询", "空间<用地>", "融资"}, Values: []float64{12, 0, 7.5},
		Links: []string{"/appeals?category=policy&x=1", "", "/appeals?category=financing"}}
	svg := string(b.SVG())
	wellFormed(t, svg)
	if got := strings.Count(svg, "<rect "); got != 3 {
		t.Errorf("%d bars, want 3", got)
	}
	if got := strings.Count(svg, "<a href="); got != 2 {
		t.Errorf("%d links, want 2 (the bar without a link has none)", got)
	}
	for _, want := range []string{"空间&lt;用地&gt;", "category=policy&amp;x=1", "7.5", `aria-label="按类别 &lt;诉求&gt; &amp; &#34;率&#34;"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(svg, "style=") {
		t.Error("inline style would be refused by the CSP")
	}
	// The axis runs to the round number above the largest value: 12 → 20.
	if !strings.Contains(svg, ">20</text>") {
		t.Error("no axis label at 20")
	}
}

func TestLine(t *testing.T) {
	l := Line{Title: "每周趋势", Labels: []string{"W1", "W2", "W3"},
		Series: []Series{{Name: "收集", Values: []float64{3, 5, 4}, Links: []string{"/a?w=1", "/a?w=2", "/a?w=3"}}, {Name: "办结", Values: []float64{1, 4, 6}}}}
	svg := string(l.SVG())
	wellFormed(t, svg)
	if strings.Count(svg, "<polyline") != 2 || strings.Count(svg, "<circle") != 6 || strings.Count(svg, "<a href") != 3 {
		t.Errorf("unexpected shape:\n%s", svg)
	}
	empty := string(Line{Title: "空"}.SVG())
	wellFormed(t, empty)
	wellFormed(t, string(Bars{Title: "空"}.SVG()))
}

// TestChartRole: a chart whose marks are links is a named group, each
// link named for its mark, since the content of an image is hidden from
// assistive technology; a chart without links stays an image.
func TestChartRole(t *testing.T) {
	for _, c := range []struct {
		name  string
		svg   string
		role  string
		names []string
	}{
		{"bars with links", string(Bars{Title: "类别", Labels: []string{"政策", "融资"}, Values: []float64{3, 4}, Links: []string{"", "/f"}}.SVG()),
			"group", []string{`<a href="/f" aria-label="融资: 4">`}},
		{"bars without", string(Bars{Title: "类别", Labels: []string{"政策"}, Values: []float64{3}}.SVG()), "img", nil},
		{"line with links", string(Line{Title: "趋势", Labels: []string{"W1"}, Series: []Series{{Name: "办结"}, {Name: "收集", Values: []float64{2}, Links: []string{"/w"}}}}.SVG()),
			"group", []string{`<a href="/w" aria-label="收集 W1: 2">`}},
		{"line without", string(Line{Title: "趋势", Labels: []string{"W1"}, Series: []Series{{Name: "收集", Values: []float64{2}}}}.SVG()), "img", nil},
	} {
		if !strings.Contains(c.svg, `role="`+c.role+`"`) {
			t.Errorf("%s: not role %s:\n%s", c.name, c.role, c.svg)
		}
		for _, n := range c.names {
			if !strings.Contains(c.svg, n) {
				t.Errorf("%s: lacks %s", c.name, n)
			}
		}
	}
}

func TestNiceMax(t *testing.T) {
	cases := map[float64]float64{0: 1, 0.3: 0.5, 7: 10, 12: 20, 326: 500, 1000: 1000, 2400: 2500}
	for in, want := range cases {
		if got := niceMax(in); got != want {
			t.Errorf("niceMax(%v) = %v, want %v", in, got, want)
		}
	}
}
