// Package app reads the configuration and wires the program together;
// nothing else.
package app

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/edge"
)

// Config is every setting. Each flag has an environment twin, PINGHU_…;
// a flag given on the command line wins over the environment.
type Config struct {
	Addr            string
	DB              string
	Data            string
	Demo            bool
	AdminPassword   string // environment only: never on a command line
	DemoPassword    string // environment only
	MetricsToken    string // environment only
	TrustProxy      bool
	SecureCookies   bool
	MaxBody         int64
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	AuditRetention  time.Duration
	LoginIPLimit    int
	ShutdownTimeout time.Duration
	// ExportLimit and ImportLimit are each user's budget of ledger exports
	// and of bulk imports (edge.Cost), the costliest requests there are.
	ExportLimit edge.Budget
	ImportLimit edge.Budget
	// PublicFormLimit is each client address's budget of submissions on
	// the public forms (a resident's proposal), which need no login.
	PublicFormLimit edge.Budget
	// PublicReadLimit is each client address's budget of public pages and
	// feeds read without login.
	PublicReadLimit edge.Budget
	// MapBoundaryLimit is the largest community boundary file (GeoJSON)
	// the red map takes, in bytes.
	MapBoundaryLimit int64
	// MapTileURL is the red map's background tiles, a URL template with
	// {z}, {x} and {y}; empty (the default) draws no background, so the
	// map works offline.
	MapTileURL string
}

// Defaults returns the configuration before flags and environment.
func Defaults() Config {
	return Config{
		Addr:             "127.0.0.1:8080",
		Data:             "./pinghu-data",
		MaxBody:          1 << 20,
		IdleTimeout:      account.DefaultPolicy.IdleTimeout,
		AbsoluteTimeout:  account.DefaultPolicy.AbsoluteTimeout,
		AuditRetention:   3 * 365 * 24 * time.Hour,
		LoginIPLimit:     account.DefaultPolicy.IPFailures,
		ShutdownTimeout:  20 * time.Second,
		ExportLimit:      edge.Budget{N: 30, Per: 10 * time.Minute},
		ImportLimit:      edge.Budget{N: 10, Per: 10 * time.Minute},
		PublicFormLimit:  edge.Budget{N: 5, Per: time.Hour},
		PublicReadLimit:  edge.Budget{N: 120, Per: time.Minute},
		MapBoundaryLimit: 2 << 20,
	}
}

// DataFlags registers the flags every data-touching subcommand shares.
func (c *Config) DataFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", c.DB, "database: sqlite:PATH or postgres://… (env PINGHU_DB; default sqlite:DATA/pinghu.db)")
	fs.StringVar(&c.Data, "data", c.Data, "data directory for the SQLite file and attachments (env PINGHU_DATA)")
}

// ServeFlags registers the flags of "serve".
func (c *Config) ServeFlags(fs *flag.FlagSet) {
	c.DataFlags(fs)
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (env PINGHU_ADDR)")
	fs.BoolVar(&c.Demo, "demo", c.Demo, "load the Pinghu demo data and list demo accounts on the login page (env PINGHU_DEMO)")
	fs.BoolVar(&c.TrustProxy, "trust-proxy", c.TrustProxy, "take the client address from X-Forwarded-For (env PINGHU_TRUST_PROXY)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "mark cookies Secure, behind a TLS proxy (env PINGHU_SECURE_COOKIES)")
	fs.DurationVar(&c.IdleTimeout, "session-idle", c.IdleTimeout, "session idle timeout (env PINGHU_SESSION_IDLE)")
	fs.DurationVar(&c.AbsoluteTimeout, "session-max", c.AbsoluteTimeout, "session absolute timeout (env PINGHU_SESSION_MAX)")
	fs.DurationVar(&c.AuditRetention, "audit-retention", c.AuditRetention, "keep audit records this long, at least 4416h (184 days) (env PINGHU_AUDIT_RETENTION)")
	fs.IntVar(&c.LoginIPLimit, "login-ip-limit", c.LoginIPLimit, "failed logins per address per 15 minutes before refusing (env PINGHU_LOGIN_IP_LIMIT)")
	fs.Int64Var(&c.MaxBody, "max-body", c.MaxBody, "largest request body in bytes (env PINGHU_MAX_BODY)")
	fs.Var(&c.ExportLimit, "export-limit", "ledger exports per user: N/DURATION or off (env PINGHU_EXPORT_LIMIT)")
	fs.Var(&c.PublicFormLimit, "public-form-limit", "public form submissions per client address: N/DURATION or off (env PINGHU_PUBLIC_FORM_LIMIT)")
	fs.Var(&c.PublicReadLimit, "public-read-limit", "public pages and feeds read without login, per client address: N/DURATION or off (env PINGHU_PUBLIC_READ_LIMIT)")
	fs.Int64Var(&c.MapBoundaryLimit, "map-boundary-limit", c.MapBoundaryLimit, "largest community boundary file (GeoJSON) in bytes (env PINGHU_MAP_BOUNDARY_LIMIT)")
	fs.StringVar(&c.MapTileURL, "map-tile-url", c.MapTileURL, "red map background tiles, https://host/{z}/{x}/{y}.png; empty: none, the map works offline (env PINGHU_MAP_TILE_URL)")
	fs.Var(&c.ImportLimit, "import-limit", "bulk imports per user: N/DURATION or off (env PINGHU_IMPORT_LIMIT)")
}

// Parse applies the environment, then the command line, then derived
// defaults, and validates.
func (c *Config) Parse(fs *flag.FlagSet, args []string) error {
	fromEnv(fs)
	c.AdminPassword = os.Getenv("PINGHU_ADMIN_PASSWORD")
	c.DemoPassword = os.Getenv("PINGHU_DEMO_PASSWORD")
	c.MetricsToken = os.Getenv("PINGHU_METRICS_TOKEN")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.DB == "" {
		c.DB = "sqlite:" + filepath.Join(c.Data, "pinghu.db")
	}
	if c.AuditRetention < audit.MinRetention {
		return fmt.Errorf("audit retention %s is below the legal minimum of 184 days", c.AuditRetention)
	}
	if c.IdleTimeout <= 0 || c.AbsoluteTimeout < c.IdleTimeout {
		return fmt.Errorf("session timeouts: idle %s must be positive and not above the absolute %s", c.IdleTimeout, c.AbsoluteTimeout)
	}
	if c.MapBoundaryLimit < 1024 {
		return fmt.Errorf("map-boundary-limit %d is too small", c.MapBoundaryLimit)
	}
	if _, err := TileHost(c.MapTileURL); err != nil {
		return err
	}
	if c.MaxBody < 1024 {
		return fmt.Errorf("max-body %d is too small", c.MaxBody)
	}
	return nil
}

// fromEnv sets each flag from PINGHU_NAME (dashes as underscores) before
// the command line is parsed, so the command line wins.
func fromEnv(fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name := "PINGHU_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok {
			if err := f.Value.Set(v); err != nil {
				fmt.Fprintf(os.Stderr, "ignoring %s=%q: %v\n", name, v, err)
			}
		}
	})
}

// Policy is the account policy from the configuration.
func (c Config) Policy() account.Policy {
	p := account.DefaultPolicy
	p.IdleTimeout, p.AbsoluteTimeout, p.IPFailures = c.IdleTimeout, c.AbsoluteTimeout, c.LoginIPLimit
	return p
}

// TileHost is the scheme and host the map's tiles come from, for the
// pages' content security policy; "" when there are no tiles.
func TileHost(tmpl string) (string, error) {
	if tmpl == "" {
		return "", nil
	}
	u, err := url.Parse(strings.NewReplacer("{z}", "0", "{x}", "0", "{y}", "0").Replace(tmpl))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		!strings.Contains(tmpl, "{z}") || !strings.Contains(tmpl, "{x}") || !strings.Contains(tmpl, "{y}") {
		return "", fmt.Errorf("map-tile-url %q: want http(s)://host/…{z}…{x}…{y}…", tmpl)
	}
	return u.Scheme + "://" + u.Host, nil
}
