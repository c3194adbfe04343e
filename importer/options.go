package importer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/smartplan/smartplan/planner"
)

// DefaultMaxBytes is the input size cap when Options.MaxBytes is 0.
const DefaultMaxBytes int64 = 512 << 20

// Options are the settings shared by every loader. The zero value reads any
// supported file with every decision left to the file's own content.
type Options struct {
	Sheet         string            // read this sheet (hidden sheets only when named)
	Columns       map[string]string // canonical field -> header, overrides the aliases
	Status        map[string]string // stage text -> "won", "lost" or "open"
	DateOrder     string            // "", "dmy", "mdy": default when a column proves nothing
	Locale        string            // "", "fr", "en": decides "1,234" when the column cannot
	Delimiter     rune              // 0: detect among , ; tab |
	MaxBytes      int64             // input size cap; 0 = DefaultMaxBytes
	MaxLineBytes  int               // one CSV line; 0 = DefaultMaxLineBytes
	MaxFieldBytes int               // one quoted CSV field; 0 = DefaultMaxFieldBytes
	TwoDigitYears bool              // accept 03/04/26 as 2026
	Teams         map[string]string // owner -> team, joined onto deals
	// LookupColumns maps the fields of the lookup files (--teams,
	// --accounts: owner, team, account, segment) to headers. Columns
	// applies to the history, activity and targets only, whose headers
	// differ from a lookup's.
	LookupColumns map[string]string
	Accounts      map[string]string // account -> segment, joined onto deals
	// FX, when set, converts every amount of a history into its reporting
	// currency (planner.FXTable's rule: a closed deal at its close date's
	// rate, an open deal at AsOf's); a deal whose currency it has no rate
	// for loses its amount, with a located error.
	FX   *planner.FXTable
	AsOf time.Time
	// Currency is the reporting currency (--currency, the config's
	// currency:) an exchange-rate table converts into.
	Currency string
	// Budget bounds the reading of each file (time and memory); Context,
	// when set, stops every reading when it ends (a signal, a deadline).
	Budget  Budget
	Context context.Context

	// ctx is the context of the file being read (withBudget), checked by
	// each of its reads (budgetFile).
	ctx context.Context

	// forceEnc and forceSanitize are set when a CSV is read again in the
	// encoding its whole content decides (reencodeError).
	forceEnc      textEncoding
	forceSanitize bool
	// scanMerges is set when a workbook is read again because its
	// sheet's merged ranges, which follow the rows, turned out to matter
	// (errRescan): the sheets are then read with their merged ranges known
	// before the rows; merges holds those the first reading found, by
	// sheet part, so that they are not looked for again.
	scanMerges bool
	merges     map[string][]mergeRange
}

func (o Options) maxLineBytes() int {
	if o.MaxLineBytes > 0 {
		return o.MaxLineBytes
	}
	return DefaultMaxLineBytes
}

func (o Options) maxFieldBytes() int {
	if o.MaxFieldBytes > 0 {
		return o.MaxFieldBytes
	}
	return DefaultMaxFieldBytes
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return DefaultMaxBytes
}

// Config is the optional YAML configuration file. Every key is optional;
// an unknown key is an error that names it and its line.
type Config struct {
	Columns map[string]string `yaml:"columns"`
	// TeamsColumns chooses the owner and team columns of the --teams file
	// (owner: Name, team: UserRole.Name).
	TeamsColumns map[string]string `yaml:"teams_columns"`
	Status       map[string]string `yaml:"status"`
	DateOrder    string            `yaml:"date_order"`
	Locale       string            `yaml:"locale"`
	Lang         string            `yaml:"lang"`
	Currency     string            `yaml:"currency"`
	WindowMonths int               `yaml:"window_months"`
	Thresholds   struct {
		Achievable  float64 `yaml:"achievable"`
		Unrealistic float64 `yaml:"unrealistic"`
		// Market is the share of a segment's accounts left to win
		// above which a new-customers target is a stretch (0.30).
		Market float64 `yaml:"market_share"`
	} `yaml:"thresholds"`
	Priorities  []string `yaml:"priorities"`
	Assumptions struct {
		ResponseRate    float64 `yaml:"response_rate"`
		MeetingRate     float64 `yaml:"meeting_rate"`
		OpportunityRate float64 `yaml:"opportunity_rate"`
	} `yaml:"assumptions"`
	MaxBytes int64 `yaml:"max_bytes"`
	// MaxLineBytes and MaxFieldBytes bound one CSV line and one quoted
	// field (which may span lines): past them the line is refused as a
	// row, the field stops the file.
	MaxLineBytes  int `yaml:"max_line_bytes"`
	MaxFieldBytes int `yaml:"max_field_bytes"`
	// TwoDigitYears accepts dates such as 02/03/24 (00-29 are 2000-2029,
	// 30-99 are 1930-1999, as in Excel); refused otherwise.
	TwoDigitYears bool `yaml:"two_digit_years"`
	// FileBudget bounds the reading of one input file: past either, the
	// file is refused and the run goes on with the others (Budget).
	FileBudget struct {
		Seconds  float64 `yaml:"seconds"`
		MemoryMB int64   `yaml:"memory_mb"`
	} `yaml:"file_budget"`
}

// Budget returns the file budget the configuration sets (zero fields keep
// the defaults).
func (c *Config) Budget() Budget {
	return Budget{Time: time.Duration(c.FileBudget.Seconds * float64(time.Second)), Memory: c.FileBudget.MemoryMB << 20}
}

// configKeys lists the keys allowed at each level, read from Config's yaml
// tags so that a new key cannot be forgotten here: a struct field is a
// section with keys of its own; a map (configMaps: columns, status,
// teams_columns) holds names to single values, its keys free
// (validateConfig checks them).
var configKeys, configMaps = func() (map[string]map[string]bool, map[string]bool) {
	keys, maps := map[string]map[string]bool{"": {}}, map[string]bool{}
	t := reflect.TypeFor[Config]()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		keys[""][name] = true
		switch f.Type.Kind() {
		case reflect.Struct:
			keys[name] = map[string]bool{}
			for j := range f.Type.NumField() {
				sub, _, _ := strings.Cut(f.Type.Field(j).Tag.Get("yaml"), ",")
				keys[name][sub] = true
			}
		case reflect.Map:
			maps[name] = true
		}
	}
	return keys, maps
}()

// LoadConfig reads a YAML configuration file. Unknown keys, wrong types and
// out-of-range values are errors that name the key and its line.
func LoadConfig(path string) (*Config, error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 1<<20+1))
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", name, err)
	}
	if len(data) > 1<<20 {
		return nil, fileErrf(name, ErrConfig, "larger than 1 MiB")
	}
	cfg := &Config{}
	if len(bytes.TrimSpace(data)) == 0 {
		return cfg, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fileErrf(name, ErrConfig, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fileErrf(name, ErrConfig, "line %d: expected a mapping of keys to values", root.Line)
	}
	if err := checkKeys(root, ""); err != nil {
		return nil, fileErr(name, err)
	}
	if err := root.Decode(cfg); err != nil {
		return nil, fileErrf(name, ErrConfig, "%s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := validateConfig(root, cfg); err != nil {
		return nil, fileErr(name, err)
	}
	return cfg, nil
}

func checkKeys(m *yaml.Node, section string) error {
	allowed := configKeys[section]
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		if !allowed[key] {
			where := key
			if section != "" {
				where = section + "." + key
			}
			return fmt.Errorf("%w: line %d: unknown key %q", ErrConfig, k.Line, where)
		}
		if section != "" {
			continue
		}
		if _, isSection := configKeys[key]; isSection {
			if v.Kind != yaml.MappingNode {
				return fmt.Errorf("%w: line %d: %s must be a mapping", ErrConfig, v.Line, key)
			}
			if err := checkKeys(v, key); err != nil {
				return err
			}
		}
		if configMaps[key] {
			if v.Kind != yaml.MappingNode {
				return fmt.Errorf("%w: line %d: %s must be a mapping of names to values", ErrConfig, v.Line, key)
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				fk, fv := v.Content[j], v.Content[j+1]
				if fv.Kind != yaml.ScalarNode {
					return fmt.Errorf("%w: line %d: %s.%s must be a single value", ErrConfig, fv.Line, key, fk.Value)
				}
				if key == "columns" && canonicalUserField(fk.Value) == "" {
					return fmt.Errorf("%w: line %d: unknown field %q under columns (known: %s)", ErrConfig, fk.Line, fk.Value, strings.Join(knownUserFields(), ", "))
				}
				if key == "status" {
					switch strings.ToLower(strings.TrimSpace(fv.Value)) {
					case "won", "lost", "open":
					default:
						return fmt.Errorf("%w: line %d: status.%s must be won, lost or open, not %q", ErrConfig, fv.Line, fk.Value, fv.Value)
					}
				}
			}
		}
	}
	return nil
}

func lineOf(root *yaml.Node, path ...string) int {
	n := root
	for _, p := range path {
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == p {
				n, found = n.Content[i+1], true
				break
			}
		}
		if !found {
			return root.Line
		}
	}
	return n.Line
}

func validateConfig(root *yaml.Node, c *Config) error {
	bad := func(msg string, path ...string) error {
		return fmt.Errorf("%w: line %d: %s", ErrConfig, lineOf(root, path...), msg)
	}
	switch strings.ToLower(c.DateOrder) {
	case "", "dmy", "mdy":
		c.DateOrder = strings.ToLower(c.DateOrder)
	default:
		return bad(fmt.Sprintf("date_order must be dmy or mdy, not %q", c.DateOrder), "date_order")
	}
	switch l := strings.ToLower(c.Locale); {
	case l == "":
	case strings.HasPrefix(l, "fr"):
		c.Locale = "fr"
	case strings.HasPrefix(l, "en"):
		c.Locale = "en"
	default:
		return bad(fmt.Sprintf("locale must be fr or en, not %q", c.Locale), "locale")
	}
	switch l := strings.ToLower(c.Lang); {
	case l == "", strings.HasPrefix(l, "fr"), strings.HasPrefix(l, "en"):
	default:
		return bad(fmt.Sprintf("lang must be en or fr, not %q", c.Lang), "lang")
	}
	if c.WindowMonths < 0 || c.WindowMonths > 120 {
		return bad(fmt.Sprintf("window_months must be between 1 and 120, not %d", c.WindowMonths), "window_months")
	}
	rates := []struct {
		v    float64
		path []string
	}{
		{c.Thresholds.Achievable, []string{"thresholds", "achievable"}},
		{c.Thresholds.Unrealistic, []string{"thresholds", "unrealistic"}},
		{c.Thresholds.Market, []string{"thresholds", "market_share"}},
		{c.Assumptions.ResponseRate, []string{"assumptions", "response_rate"}},
		{c.Assumptions.MeetingRate, []string{"assumptions", "meeting_rate"}},
		{c.Assumptions.OpportunityRate, []string{"assumptions", "opportunity_rate"}},
	}
	for _, r := range rates {
		if r.v < 0 || r.v > 1 {
			return bad(fmt.Sprintf("%s must be a fraction between 0 and 1 (0.25 for 25 %%), not %g", strings.Join(r.path, "."), r.v), r.path...)
		}
	}
	if c.Thresholds.Achievable != 0 && c.Thresholds.Unrealistic != 0 && c.Thresholds.Unrealistic >= c.Thresholds.Achievable {
		return bad("thresholds.unrealistic must be below thresholds.achievable", "thresholds")
	}
	if c.MaxBytes < 0 {
		return bad("max_bytes must be positive", "max_bytes")
	}
	if c.MaxLineBytes < 0 {
		return bad("max_line_bytes must be positive", "max_line_bytes")
	}
	if c.MaxFieldBytes < 0 {
		return bad("max_field_bytes must be positive", "max_field_bytes")
	}
	if c.FileBudget.Seconds < 0 || c.FileBudget.Seconds > 86400 {
		return bad(fmt.Sprintf("file_budget.seconds must be between 0 (the default, 120) and 86400, not %g", c.FileBudget.Seconds), "file_budget", "seconds")
	}
	if c.FileBudget.MemoryMB < 0 || c.FileBudget.MemoryMB > 1<<20 {
		return bad(fmt.Sprintf("file_budget.memory_mb must be a number of megabytes, 0 for the default (1024), not %d", c.FileBudget.MemoryMB), "file_budget", "memory_mb")
	}
	if c.Columns != nil {
		norm := make(map[string]string, len(c.Columns))
		for k, v := range c.Columns {
			norm[canonicalUserField(k)] = v
		}
		c.Columns = norm
	}
	for k := range c.TeamsColumns {
		if f := canonicalUserField(k); f != fOwner && f != fTeam {
			return bad(fmt.Sprintf("teams_columns: unknown field %q (expected owner or team)", k), "teams_columns")
		}
	}
	for k, v := range c.Status {
		c.Status[k] = strings.ToLower(strings.TrimSpace(v))
	}
	return nil
}
