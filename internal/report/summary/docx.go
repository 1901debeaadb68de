package summary

import (
	"io"

	docx "github.com/fumiama/go-docx"
)

// font is declared for every run, East Asian script included, so that
// Word and LibreOffice set the Chinese text in a CJK face rather than
// falling back to whatever the reader's default Latin font offers.
const (
	latinFont = "Times New Roman"
	cjkFont   = "SimSun"
)

// WriteDOCX writes the report as a Word document on A4: the title, the
// period, and per section its sentences and its table of figures. The
// charts stay in the HTML: a .docx holds raster or DrawingML pictures,
// not the SVG the pages draw, and the table carries the same figures.
func (r Report) WriteDOCX(w io.Writer) error {
	d := docx.New().WithDefaultTheme()
	text := func(p *docx.Paragraph, s, size string) *docx.Run {
		return p.AddText(s).Font(latinFont, cjkFont, latinFont, "eastAsia").Size(size)
	}
	text(d.AddParagraph().Justification("center"), r.Title, "36").Bold()
	text(d.AddParagraph().Justification("center"), r.Period, "24")
	for _, s := range r.Sections {
		text(d.AddParagraph(), s.Title, "28").Bold()
		for _, para := range s.Paragraphs {
			// Two ideographic spaces indent the first line, as the
			// register's paragraphs are set.
			text(d.AddParagraph().Justification("both"), "\u3000\u3000"+para, "24")
		}
		tbl := d.AddTable(len(s.Rows), 2, 0, nil)
		for i, row := range s.Rows {
			text(tbl.TableRows[i].TableCells[0].AddParagraph(), row.Label, "21")
			text(tbl.TableRows[i].TableCells[1].AddParagraph().Justification("right"), row.Value, "21")
		}
	}
	// The section's properties close the body, as the format requires:
	// A4 with the print page's margins (20 mm top and bottom, 18 mm at
	// the sides; 1 mm = 56.7 twips).
	d.Document.Body.Items = append(d.Document.Body.Items, &docx.SectPr{
		PgSz:  &docx.PgSz{W: 11906, H: 16838},
		PgMar: &docx.PgMar{Top: 1134, Bottom: 1134, Left: 1021, Right: 1021, Header: 567, Footer: 567},
	})
	_, err := d.WriteTo(w)
	return err
}
