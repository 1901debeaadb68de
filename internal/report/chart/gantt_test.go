package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

func TestGantt(t *testing.T) {
	g := Gantt{Title: "重点项目 <进度>", Today: "2022-07-01", Rows: []GanttRow{
		{Label: "清平高速甘坑立交", Start: "2022-03-01", End: "2022-12-31", Progress: 40, Link: "/projects/1",
			Milestones: []GanttMark{{Date: "2022-06-01", Label: "方案", Done: true}, {Date: "2022-06-20", Label: "征拆", Late: true}}},
		{Label: "深圳外国语学校", Start: "2022-05-17", End: "2023-06-30", Progress: 10},
		{Label: "no dates"},
	}}
	svg := string(g.SVG())
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, svg)
	}
	for _, want := range []string{`role="group"`, `&lt;进度&gt;`, `href="/projects/1"`, `aria-label="清平高速甘坑立交: 2022-03-01 – 2022-12-31, 40%"`,
		"2022-03", "2023-05", `stroke-dasharray`, "<title>2022-06-20 征拆</title>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("missing %q", want)
		}
	}
	// Two bars with progress on each, three rows of labels.
	if n := strings.Count(svg, "<rect"); n != 4 {
		t.Errorf("%d rects, want 4", n)
	}
	if n := strings.Count(svg, "<path"); n != 2 {
		t.Errorf("%d milestones, want 2", n)
	}
	// Without links it is an image; without rows it still draws.
	if svg := string(Gantt{Title: "空"}.SVG()); !strings.Contains(svg, `role="img"`) {
		t.Errorf("empty chart: %s", svg)
	}
}
