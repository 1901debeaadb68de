package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// A progress report carries photos from the site: the community that
// leads the project posts them with the report's form; they open for
// those who see the project and for nobody else; a file that is not a
// photo is refused by name and nothing is written.
func TestProjectReportPhotos(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		var pid string
		if err := e.app.DB.R.QueryRow(`SELECT CAST(min(p.id) AS TEXT) FROM projects p JOIN units u ON u.id = p.lead_unit_id
			WHERE u.code = 'PH-HEHUA' AND p.closed_date IS NULL AND NOT EXISTS (SELECT 1 FROM project_departments d
			JOIN units du ON du.id = d.unit_id WHERE d.project_id = p.id AND du.code = 'PH-D-JJB')`).Scan(&pid); err != nil {
			t.Fatal(err)
		}
		community := e.browser().login("community")
		reports := func() int { return e.count(t, "SELECT count(*) FROM project_reports WHERE project_id = $1", pid) }
		before, files := reports(), e.count(t, "SELECT count(*) FROM attachments")

		fields := url.Values{"percent": {"40"}, "narrative": {"现场已完成围挡"}}
		ct, body := multipartForm(t, fields, map[string][]byte{"说明.txt": []byte("not a photo")})
		if r := community.postMultipart("/projects/"+pid+"/reports", ct, body); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, `id="rp-photos"`) || reports() != before || e.count(t, "SELECT count(*) FROM attachments") != files {
			t.Fatalf("a text file as a photo: %d, reports %d→%d", r.Status, before, reports())
		}

		ct, body = multipartForm(t, fields, map[string][]byte{"现场.png": png})
		if r := community.postMultipart("/projects/"+pid+"/reports", ct, body); r.Status != http.StatusSeeOther {
			t.Fatalf("report with a photo: %d %s", r.Status, r.Body)
		}
		page := community.get("/projects/" + pid)
		m := regexp.MustCompile(`<a href="(/attachments/\d+)"><img`).FindStringSubmatch(page.Body)
		if reports() != before+1 || m == nil {
			t.Fatalf("the report's photo is not on the project page (reports %d→%d)", before, reports())
		}
		for who, want := range map[string]int{"community": 200, "leader": 200, "office": 200, "dept": 404, "enterprise": 404, "expert": 404} {
			r := e.browser().login(who).get(m[1])
			if r.Status != want {
				t.Errorf("%s opens the photo: %d, want %d", who, r.Status, want)
			}
			if want == 200 && (r.Header.Get("Content-Type") != "image/png" || r.Body != string(png)) {
				t.Errorf("%s: %s, %d bytes", who, r.Header.Get("Content-Type"), len(r.Body))
			}
		}
	})
}
