package redmap_test

import (
	"bytes"
	"io"
	"testing"

	"pinghu/internal/errs"
	"pinghu/internal/redmap"
)

// Whatever the bytes, the parser answers without panicking, a refusal
// names the file field, and what it takes is closed rings of points in
// China.
func FuzzParseBoundary(f *testing.F) {
	for _, s := range []string{
		square(114.10, 22.65, 0.02),
		`{"type":"MultiPolygon","coordinates":[[[[114.1,22.6],[114.2,22.6],[114.2,22.7],[114.1,22.6]]]]}`,
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null}]}`,
		`{"type":"GeometryCollection","geometries":[]}`,
		`{"type":"Polygon","coordinates":[[[1e400,22.6]]]}`,
		`{"type":"Polygon","coordinates":[[]]}`,
		`{"type":"Polygon","coordinates":[]}`,
		`[]`, `null`, `{"type":"Feature"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		mp, err := redmap.ParseBoundary(data, 1<<16)
		if err != nil {
			if e := errs.As(err); e == nil || e.Code != errs.Invalid || e.Fields[redmap.FileField] == "" {
				t.Fatalf("refusal without the file field: %v", err)
			}
			return
		}
		for _, p := range mp {
			for _, r := range p {
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Fatalf("ring taken: %v", r)
				}
				for _, pt := range r {
					if pt[0] < 73 || pt[0] > 136 || pt[1] < 18 || pt[1] > 54 {
						t.Fatalf("point outside China taken: %v", pt)
					}
				}
			}
		}
		_ = redmap.LabelPoint(mp)
	})
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// A file larger than the limit is refused after the limit and one byte,
// not read to its end.
func TestReadLimitedStopsEarly(t *testing.T) {
	r := &countingReader{r: bytes.NewReader(make([]byte, 10<<20))}
	_, err := redmap.ReadLimited(r, 1024)
	if e := errs.As(err); e == nil || e.Fields[redmap.FileField] != "map.err.too_large" {
		t.Fatalf("got %v", err)
	}
	if r.n > 64<<10 {
		t.Errorf("read %d bytes of a 10 MiB file with a 1 KiB limit", r.n)
	}
}
