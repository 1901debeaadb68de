// Package i18n holds the message catalogs and picks a language per request.
// Simplified Chinese is the default and the source; English is kept by
// hand; Traditional Chinese is derived from the Simplified catalog by
// OpenCC conversion, so there is no third catalog to keep in step.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // Asia/Shanghai must resolve in a static binary on any machine

	"github.com/longbridgeapp/opencc"
)

// Languages, as BCP 47 tags.
const (
	Hans = "zh-Hans"
	Hant = "zh-Hant"
	En   = "en"
)

// Default is the language when nothing else is known.
const Default = Hans

// Langs lists the languages in the order of the language switch.
var Langs = []string{Hans, Hant, En}

// LangNames names each language in itself, for the switch.
var LangNames = map[string]string{Hans: "简体中文", Hant: "繁體中文", En: "English"}

// Zone is where times are shown: stored in UTC, shown in China Standard Time.
var Zone = mustZone("Asia/Shanghai")

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

//go:embed catalog/*.json
var catalogFS embed.FS

// Catalog maps language → key → message.
type Catalog struct {
	msgs map[string]map[string]string
}

var (
	loadOnce sync.Once
	loaded   *Catalog
	loadErr  error
)

// Load reads the embedded catalogs once and derives Traditional Chinese.
func Load() (*Catalog, error) {
	loadOnce.Do(func() { loaded, loadErr = load() })
	return loaded, loadErr
}

// MustLoad is Load for program start, where a broken catalog is a bug.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

func load() (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	// Each module keeps its own catalog files, NAME.LANG.json; they are
	// merged, and a key defined twice is an error rather than a silent win.
	entries, err := catalogFS.ReadDir("catalog")
	if err != nil {
		return nil, err
	}
	for _, lang := range []string{Hans, En} {
		m := map[string]string{}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), "."+lang+".json") {
				continue
			}
			b, err := catalogFS.ReadFile("catalog/" + e.Name())
			if err != nil {
				return nil, err
			}
			part := map[string]string{}
			if err := json.Unmarshal(b, &part); err != nil {
				return nil, fmt.Errorf("catalog %s: %w", e.Name(), err)
			}
			for k, v := range part {
				if _, dup := m[k]; dup {
					return nil, fmt.Errorf("catalog %s: key %q is defined in another file too", e.Name(), k)
				}
				m[k] = v
			}
		}
		c.msgs[lang] = m
	}
	cc, err := opencc.New("s2t")
	if err != nil {
		return nil, err
	}
	// Convert all messages in one call: the converter's cost is mostly per
	// call, and one joined text keeps start-up fast.
	keys := c.Keys()
	const sep = "\n\x1e\n"
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(c.msgs[Hans][k])
	}
	out, err := cc.Convert(b.String())
	if err != nil {
		return nil, err
	}
	parts := strings.Split(out, sep)
	if len(parts) != len(keys) {
		return nil, fmt.Errorf("zh-Hant conversion returned %d messages for %d", len(parts), len(keys))
	}
	hant := make(map[string]string, len(keys))
	for i, k := range keys {
		hant[k] = parts[i]
	}
	c.msgs[Hant] = hant
	return c, nil
}

// Keys lists the keys of the source catalog, sorted.
func (c *Catalog) Keys() []string { return keysOf(c.msgs[Hans]) }

// KeysOf lists the keys of one language's catalog, sorted.
func (c *Catalog) KeysOf(lang string) []string { return keysOf(c.msgs[lang]) }

func keysOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Has reports whether lang has key.
func (c *Catalog) Has(lang, key string) bool {
	_, ok := c.msgs[lang][key]
	return ok
}

// Missing marks a message that is not in the catalog, so that tests and
// people both notice it.
func Missing(key string) string { return "⟦" + key + "⟧" }

// T returns the message for key in lang, formatted with args.
func (c *Catalog) T(lang, key string, args ...any) string {
	m, ok := c.msgs[lang][key]
	if !ok {
		return Missing(key)
	}
	if len(args) == 0 {
		return m
	}
	return fmt.Sprintf(m, args...)
}

// Pick chooses a language from an explicit choice (a cookie or a query
// parameter) or else from an Accept-Language header.
func Pick(choice, acceptLanguage string) string {
	if l := Normalise(choice); l != "" {
		return l
	}
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if l := Normalise(tag); l != "" {
			return l
		}
	}
	return Default
}

// Normalise maps a language tag to one of Langs, or "" when none fits.
func Normalise(tag string) string {
	t := strings.ToLower(strings.TrimSpace(tag))
	switch {
	case t == "":
		return ""
	case t == "zh-hant" || strings.HasPrefix(t, "zh-hant-") || t == "zh-tw" || t == "zh-hk" || t == "zh-mo":
		return Hant
	case t == "zh" || strings.HasPrefix(t, "zh-"):
		return Hans
	case t == "en" || strings.HasPrefix(t, "en-"):
		return En
	}
	return ""
}
