package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/api"
	"pinghu/internal/appeal"
	"pinghu/internal/assessment"
	"pinghu/internal/audit"
	"pinghu/internal/calendar"
	"pinghu/internal/campaign"
	"pinghu/internal/community"
	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/i18n"
	"pinghu/internal/microproject"
	"pinghu/internal/org"
	"pinghu/internal/overview"
	"pinghu/internal/party"
	"pinghu/internal/project"
	"pinghu/internal/proposal"
	"pinghu/internal/redmap"
	"pinghu/internal/reminder"
	"pinghu/internal/rule"
	"pinghu/internal/station"
	"pinghu/internal/supervision"
	"pinghu/internal/thinktank"
	"pinghu/internal/volunteer"
	"pinghu/internal/web"
)

// App is the wired program.
type App struct {
	Config   Config
	DB       *db.DB
	Now      func() time.Time
	Audit    *audit.Log
	Units    *org.Service
	Accounts *account.Service
	Calendar *calendar.Service
	// Enterprises is the enterprise service: registry, 四个一, visits.
	Enterprises *enterprise.Service
	Appeals     *appeal.Service
	// Assessment is the cadre assessment reference; its sources are the
	// modules that own the parts.
	Assessment *assessment.Service
	// Campaigns is the capability and work-style year: phases, activities.
	Campaigns *campaign.Service
	// Projects is the project service: key and branch-led projects.
	Projects *project.Service
	// Proposals are the proposals (金点子) of cadres and residents.
	Proposals *proposal.Service
	// Volunteers are the joint volunteer services (党建共融).
	Volunteers *volunteer.Service
	// Rules is the rules library (制度).
	Rules *rule.Service
	// Microprojects is the livelihood micro-projects (民生微实事).
	Microprojects *microproject.Service
	// Community puts the community governance figures side by side.
	Community *community.Service
	// Overview asks every module for its figures: the overview page, the
	// comparison of the sub-districts and the summary report; the party
	// module gives it its figures.
	Overview *overview.Service
	// Supervision is the supervision notices (督办); its Targets map is
	// where each kind of target is registered.
	Supervision *supervision.Service
	// ThinkTank is the community expert think tank (社区专家智库).
	ThinkTank *thinktank.Service
	// Stations are the service stations (驿站) and their records.
	Stations *station.Service
	// Map is the red map (红色版图): boundaries and layers.
	Map *redmap.Service
	// Party is the party organisations (党组织), their coverage and the
	// positions (阵地).
	Party *party.Service
	// Reminders gathers the due items of every registered source; Feeds
	// keeps the calendar feed tokens.
	Reminders *reminder.Service
	Feeds     *reminder.Feeds
	Web       *web.Web
	API       *api.API
	metrics   *metrics
}

// Options are what tests change: the clock and the password hasher.
type Options struct {
	Now    func() time.Time
	Hasher *account.Hasher
}

// Open opens and migrates the database and builds the services.
func Open(ctx context.Context, cfg Config, opt Options) (*App, error) {
	now := opt.Now
	if now == nil {
		now = func() time.Time { return time.Now().UTC() }
	}
	hasher := account.DefaultHasher
	if opt.Hasher != nil {
		hasher = *opt.Hasher
	}
	d, err := db.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	applied, err := d.Migrate(ctx)
	if err != nil {
		_ = d.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	if len(applied) > 0 {
		slog.Info("migrated", "applied", applied)
	}
	cat, err := i18n.Load()
	if err != nil {
		_ = d.Close()
		return nil, err
	}
	a := &App{Config: cfg, DB: d, Now: now}
	a.Audit = &audit.Log{DB: d, Now: now}
	a.Units = &org.Service{DB: d, Audit: a.Audit, Now: now}
	a.Calendar = &calendar.Service{DB: d, Audit: a.Audit, Now: now}
	a.Accounts = &account.Service{DB: d, Audit: a.Audit, Now: now, Policy: cfg.Policy(), Hasher: hasher}
	// Attachment bytes live under the data directory with SQLite; with
	// PostgreSQL they go in the database and the directory is not used.
	a.Enterprises = &enterprise.Service{DB: d, Audit: a.Audit, Now: now,
		Files: &enterprise.FileStore{Dir: filepath.Join(cfg.Data, "files")}}
	a.Appeals = &appeal.Service{DB: d, Audit: a.Audit, Now: now, Calendar: a.Calendar}
	a.Proposals = &proposal.Service{DB: d, Audit: a.Audit, Now: now}
	a.Microprojects = &microproject.Service{DB: d, Audit: a.Audit, Now: now}
	a.Rules = &rule.Service{DB: d, Audit: a.Audit, Now: now, Proposals: a.Proposals,
		// Read when a rule is created: the projects are set up below.
		ProjectVisible: func(ctx context.Context, act access.Actor, id int64) error {
			_, err := a.Projects.Ref(ctx, act, id)
			return err
		}}
	// A department opens the files of its own appeals only.
	a.Enterprises.AppealVisible = a.Appeals.Visible
	a.Campaigns = &campaign.Service{DB: d, Audit: a.Audit, Now: now}
	a.Projects = &project.Service{DB: d, Audit: a.Audit, Now: now}
	a.Projects.AppealVisible = func(ctx context.Context, act access.Actor, id int64) error {
		_, err := a.Appeals.Get(ctx, act, id)
		return err
	}
	a.Supervision = &supervision.Service{DB: d, Audit: a.Audit, Now: now, Targets: map[supervision.Kind]supervision.Target{
		supervision.KindAppeal:    supervision.AppealTarget{Appeals: a.Appeals},
		supervision.KindProject:   supervision.ProjectTarget{Projects: a.Projects},
		supervision.KindMilestone: supervision.MilestoneTarget{Projects: a.Projects},
	}}
	a.Projects.SupervisionOpen = a.Supervision.Open
	// A report's photos are stored with every other upload and open to
	// those who see the project.
	a.Projects.Files = a.Enterprises
	a.Enterprises.ReportVisible = a.Projects.ReportVisible
	// An expert's answer keeps its files with every other upload, open
	// to those who see the consultation.
	a.ThinkTank = &thinktank.Service{DB: d, Audit: a.Audit, Now: now, Files: a.Enterprises}
	a.Enterprises.ConsultationVisible = a.ThinkTank.Visible
	a.Reminders = &reminder.Service{Now: now, Sources: []reminder.Source{
		supervision.Source{Service: a.Supervision},
		project.ReminderSource{S: a.Projects},
	}}
	a.Feeds = &reminder.Feeds{DB: d, Audit: a.Audit, Now: now}
	a.Stations = &station.Service{DB: d, Audit: a.Audit, Now: now}
	a.Volunteers = &volunteer.Service{DB: d, Audit: a.Audit, Now: now}
	a.Party = &party.Service{DB: d, Audit: a.Audit, Now: now}
	// The red map's layers, in the legend's order.
	a.Map = &redmap.Service{DB: d, Audit: a.Audit, Now: now, Limit: cfg.MapBoundaryLimit, Sources: []redmap.Source{
		redmap.PartyOrgSource(a.Party),
		redmap.PositionSource(a.Party),
		redmap.StationSource{S: a.Stations},
		redmap.ProjectSource{S: a.Projects},
		redmap.MicroprojectSource{S: a.Microprojects},
	}}
	a.Community = &community.Service{DB: d, Micro: a.Microprojects, ThinkTank: a.ThinkTank, Stations: a.Stations, Volunteers: a.Volunteers}
	a.Overview = &overview.Service{Units: a.Units, Enterprises: a.Enterprises, Appeals: a.Appeals, Projects: a.Projects, Supervision: a.Supervision,
		Community: a.Community, PartyFigures: a.Party.OverviewFigures, Now: now}
	a.Assessment = &assessment.Service{DB: d, Now: now, Sources: []assessment.Source{
		campaign.AssessmentSource{S: a.Campaigns},
		project.AssessmentSource{S: a.Projects},
		supervision.AssessmentSource{S: a.Supervision},
	}}
	a.API = &api.API{Accounts: a.Accounts, Units: a.Units, Audit: a.Audit, Calendar: a.Calendar, Enterprises: a.Enterprises,
		Appeals: a.Appeals, Campaigns: a.Campaigns, Projects: a.Projects, Proposals: a.Proposals, Rules: a.Rules,
		Supervision: a.Supervision, Reminders: a.Reminders, Feeds: a.Feeds, Assessment: a.Assessment, ThinkTank: a.ThinkTank, Stations: a.Stations, Volunteers: a.Volunteers, Microprojects: a.Microprojects, Community: a.Community, Overview: a.Overview, Map: a.Map, Party: a.Party, Cat: cat, Now: now}
	a.Web, err = web.New(web.Web{Accounts: a.Accounts, Units: a.Units, Audit: a.Audit, Calendar: a.Calendar,
		Enterprises: a.Enterprises, Appeals: a.Appeals, Campaigns: a.Campaigns, Projects: a.Projects, Proposals: a.Proposals,
		Rules: a.Rules, Supervision: a.Supervision, Reminders: a.Reminders, Feeds: a.Feeds, Assessment: a.Assessment,
		ThinkTank: a.ThinkTank, Stations: a.Stations, Volunteers: a.Volunteers, Microprojects: a.Microprojects, Community: a.Community, Overview: a.Overview, Map: a.Map, Party: a.Party, MapTileURL: cfg.MapTileURL, Cat: cat, Now: now, SecureCookies: cfg.SecureCookies, Demo: cfg.Demo})
	if err != nil {
		_ = d.Close()
		return nil, err
	}
	a.metrics = newMetrics(d)
	return a, nil
}

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }

// Routes is the whole route table: pages, API and operations.
func (a *App) Routes() []edge.Route {
	var rs []edge.Route
	rs = append(rs, a.Web.Routes()...)
	rs = append(rs, a.API.Routes()...)
	rs = append(rs, a.opsRoutes()...)
	return rs
}

// Handler is the HTTP handler with every middleware in place.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	// The budgets of costly routes are the handler's own: each server
	// built from the configuration starts with every user's budget full.
	limiter := &edge.Limiter{Now: a.Now, Budgets: map[edge.Cost]edge.Budget{
		edge.Export: a.Config.ExportLimit, edge.Import: a.Config.ImportLimit, edge.PublicForm: a.Config.PublicFormLimit,
		edge.PublicRead: a.Config.PublicReadLimit}}
	edge.Mount(mux, a.Routes(), limiter, a.Web.Error)
	// Unknown paths get the site's own 404 page (or JSON under /api/).
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		edge.StateOf(r).Pattern = "unmatched"
		if edge.IsAPI(r.URL.Path) {
			edge.WriteError(w, r, errNotFound)
			return
		}
		a.Web.NotFound(w, r)
	})
	// Parse checked the template; the map's tiles are the one outside
	// origin a page may load images from.
	tileHost, _ := TileHost(a.Config.MapTileURL)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		edge.WriteError(w, r, errCrossOrigin)
	}))
	return edge.Chain(mux,
		edge.Observe(a.Config.TrustProxy, a.metrics.observe),
		edge.SecurityHeadersWith(tileHost),
		edge.Language,
		cop.Handler,
		edge.LimitBody(a.Config.MaxBody),
		edge.Authenticate(a.Accounts),
	)
}

// Server is the HTTP server with explicit timeouts: a slow client must
// not hold a connection or a goroutine forever.
func (a *App) Server() *http.Server {
	return &http.Server{
		Addr:              a.Config.Addr,
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}
