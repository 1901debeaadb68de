package pii_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// inventory is every column that holds personal information, as listed in
// docs/personal-information.md with its purpose, who sees it in full, where
// it is masked and how long it is kept.
var inventory = []string{
	"users.phone", "users.display_name", "users.username", "users.password_hash",
	"enterprise_contacts.name", "enterprise_contacts.position", "enterprise_contacts.phone",
	"visits.findings", "visit_people.name", "attachments.data", "attachments.filename",
	"appeals.title", "appeals.description", "appeals.resolution_note", "appeals.reject_note",
	"appeal_events.note", "appeal_events.reason", "appeal_events.actor",
	"assignment_history.note",
	"activity_invitations.leave_reason",
	"proposals.resident_name", "proposals.resident_mobile", "proposals.title", "proposals.body",
	"proposals.decline_reason", "proposal_evaluations.comment",
	"volunteers.name", "volunteers.mobile", "volunteers.id_number",
	"microprojects.proposer_name", "microprojects.proposer_mobile", "microprojects.title", "microprojects.description",
	"microprojects.reject_reason", "microproject_events.note", "microproject_objections.body", "microproject_progress.note",
	"microproject_ratings.comment",
	"supervision_notices.title", "supervision_notices.content", "supervision_notices.target_title", "supervision_notices.reply",
	"supervision_notices.return_note", "supervision_events.note",
	"experts.name", "experts.mobile",
	"consultations.description", "consultations.advice", "consultations.rating_comment", "consultations.close_note",
	"station_records.note",
	"party_orgs.secretary", "party_enterprise_work.worker_name", "party_org_events.note",
	"sessions.ip", "sessions.user_agent",
	"audit_log.actor", "audit_log.ip", "audit_log.before_data", "audit_log.after_data",
}

// notPersonal are columns whose names look personal but hold none, each
// with the reason.
var notPersonal = map[string]string{
	"units.name":                 "an organisational unit's name",
	"calendar_days.name":         "a public holiday's name",
	"appeal_categories.name":     "a category of appeals",
	"appeal_categories.name_en":  "a category of appeals",
	"enterprises.name":           "a company's name (organisation data; see the page on 个体工商户)",
	"enterprises.address":        "a company's registered address",
	"appeals.reject_reason":      "a code from Shenzhen's exclusion list",
	"users.password_changed_at":  "when the password last changed, for the expiry policy",
	"campaigns.name":             "a campaign's name (能力作风提升年)",
	"campaign_phases.name":       "a campaign phase's name",
	"activities.title":           "a meeting's title, as on its notice",
	"projects.name":              "a key project's name, as the lists publish it",
	"project_fields.name":        "a field of projects (土地整备…)",
	"project_fields.name_en":     "a field of projects",
	"project_milestones.title":   "a project milestone's title",
	"rules.title":                "a rule's title, an official document's",
	"experts.title":              "an expert's professional title (高级工程师, 注册会计师…)",
	"stations.name":              "a service station's name, published on the public map",
	"stations.address":           "a service station's address, published on the public map",
	"volunteer_teams.name":       "a joint volunteer team's name (共融志愿服务队)",
	"volunteer_team_orgs.name":   "a member organisation's name: a party committee or a unit",
	"volunteer_activities.title": "a volunteer activity's title, as announced",
	"party_orgs.name":            "a party organisation's name (平湖社区党委)",
	"party_orgs.address":         "where a party organisation meets: an office or a workplace",
	"party_positions.name":       "a position's name (亚钢一号党群服务中心)",
	"party_positions.address":    "a position's address, a public place",
	"social_orgs.name":           "a registered social organisation's name",
}

// looksPersonal is the names that make a column a candidate: identifiers,
// contact details, names, network addresses and free text people type
// numbers into.
var looksPersonal = regexp.MustCompile(`phone|mobile|id_?card|id_?number|email|name|address|^ip$|_ip$|user_agent|note|description|findings|reason|title|position|filename|password|actor$|^data$|_data$`)

// schemaColumns reads every table.column the migrations of a dialect
// create.
func schemaColumns(t *testing.T, dialect string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "db", "migrations", dialect, "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations for %s: %v", dialect, err)
	}
	table := regexp.MustCompile(`(?s)CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\((.*?)\n\);`)
	column := regexp.MustCompile(`^\s+(\w+)\s+\w+`)
	added := regexp.MustCompile(`ALTER TABLE (\w+) ADD COLUMN (?:IF NOT EXISTS )?(\w+)`)
	out := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range table.FindAllStringSubmatch(string(b), -1) {
			for _, line := range strings.Split(m[2], "\n") {
				c := column.FindStringSubmatch(line)
				if c == nil {
					continue
				}
				switch strings.ToUpper(c[1]) {
				case "PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT":
					continue
				}
				out[m[1]+"."+c[1]] = true
			}
		}
		for _, m := range added.FindAllStringSubmatch(string(b), -1) {
			out[m[1]+"."+m[2]] = true
		}
	}
	return out
}

// TestInventoryCoversSchema: a column that looks personal is in the
// inventory or named as not personal; every entry exists in both
// dialects' schemas and has its row on the documentation page.
func TestInventoryCoversSchema(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "personal-information.md"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, c := range inventory {
		listed[c] = true
		if !strings.Contains(string(doc), "`"+c+"`") {
			t.Errorf("%s is in the inventory but has no row in docs/personal-information.md", c)
		}
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		cols := schemaColumns(t, dialect)
		if len(cols) < 100 {
			t.Fatalf("%s: only %d columns read from the migrations; the parser is broken", dialect, len(cols))
		}
		var unlisted []string
		for c := range cols {
			name := c[strings.IndexByte(c, '.')+1:]
			if looksPersonal.MatchString(name) && !listed[c] && notPersonal[c] == "" {
				unlisted = append(unlisted, c)
			}
		}
		sort.Strings(unlisted)
		for _, c := range unlisted {
			t.Errorf("%s: column %s looks like personal information but is not in the inventory (internal/pii/inventory_test.go, docs/personal-information.md)", dialect, c)
		}
		for _, c := range append(append([]string{}, inventory...), keys(notPersonal)...) {
			if !cols[c] {
				t.Errorf("%s: %s is listed but not in the schema", dialect, c)
			}
		}
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
