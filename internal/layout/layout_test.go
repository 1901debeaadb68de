package layout

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const module = "pinghu/"

// layer says which of our packages each package may import. A package not
// listed is a domain package (internal/<area>), which may import only the
// foundation: errs, db, access, audit, pii, and the domain packages named
// in domainDeps.
var allowed = map[string][]string{
	"internal/errs":         {},
	"internal/access":       {},
	"internal/pii":          {},
	"internal/i18n":         {},
	"internal/db":           {"internal/errs"},
	"internal/db/dbtest":    {"internal/db"},
	"internal/testfix":      {"internal/access", "internal/account", "internal/audit", "internal/db", "internal/db/dbtest", "internal/org"},
	"internal/pii/piitest":  {"internal/pii"},
	"internal/audit":        {"internal/access", "internal/db", "internal/errs", "internal/pii"},
	"internal/org":          {"internal/access", "internal/audit", "internal/db", "internal/errs"},
	"internal/account":      {"internal/access", "internal/audit", "internal/db", "internal/errs", "internal/org", "internal/pii"},
	"internal/edge":         {"internal/access", "internal/account", "internal/errs", "internal/i18n", "internal/pii"},
	"internal/web":          {"*domain", "internal/edge", "internal/i18n", "internal/report/chart", "internal/report/summary"},
	"internal/api":          {"*domain", "internal/edge", "internal/i18n", "internal/report/summary"},
	"internal/demo":         {"*domain", "internal/i18n"},
	"internal/report/chart": {},
	// The summary report draws its charts and writes HTML, so it may use
	// html/template, as the chart package does.
	"internal/report/summary": {"*domain", "internal/report/chart"},
	"internal/app":            {"*domain", "internal/edge", "internal/i18n", "internal/web", "internal/api", "internal/demo", "internal/report/summary"},
	"cmd/pinghu":              {"*domain", "internal/app", "internal/i18n"},
	"internal/layout":         {},
}

// foundation is what "*domain" expands to, plus every domain package.
var foundation = []string{"internal/errs", "internal/db", "internal/access", "internal/audit", "internal/pii", "internal/i18n", "internal/org", "internal/account"}

// forbiddenInDomain keeps HTTP out of the domain: handler → service →
// store → database, one way.
var forbiddenInDomain = []string{"net/http", "html/template"}

func TestImportRule(t *testing.T) {
	root, _ := filepath.Abs("../..")
	pkgs := map[string]map[string]bool{} // package dir → imports
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		if pkgs[rel] == nil {
			pkgs[rel] = map[string]bool{}
		}
		for _, imp := range f.Imports {
			pkgs[rel][strings.Trim(imp.Path.Value, `"`)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	domain := map[string]bool{}
	for _, p := range foundation {
		domain[p] = true
	}
	for p := range pkgs {
		if _, listed := allowed[p]; !listed && strings.HasPrefix(p, "internal/") {
			domain[p] = true
		}
	}
	var names []string
	for p := range pkgs {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		rules, listed := allowed[p]
		if !listed {
			if !strings.HasPrefix(p, "internal/") {
				t.Errorf("%s: a package outside internal/ and cmd/pinghu", p)
				continue
			}
			rules = []string{"*domain"}
			for imp := range pkgs[p] {
				for _, bad := range forbiddenInDomain {
					if imp == bad {
						t.Errorf("%s is a domain package and imports %s", p, imp)
					}
				}
			}
		}
		ok := map[string]bool{}
		for _, r := range rules {
			if r == "*domain" {
				for d := range domain {
					ok[d] = true
				}
				continue
			}
			ok[r] = true
		}
		for imp := range pkgs[p] {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			dep := strings.TrimPrefix(imp, module)
			if dep == p || ok[dep] {
				continue
			}
			t.Errorf("%s may not import %s (see README, Architecture)", p, dep)
		}
	}
	if len(pkgs) < 10 {
		t.Fatalf("found only %d packages: the walk is broken", len(pkgs))
	}
}
