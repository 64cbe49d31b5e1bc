package syncer

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"xpmsync/core/store"
)

// Settings keys of the policy.
const (
	keyDirection   = "sync.direction"
	keyLevel       = "sync.level"
	keyImportAll   = "sync.import_all"
	keyCountryCode = "sync.country_code"
)

// LoadPolicy reads the sync settings; the engine reads them at the start of every sync and
// every local save, so a change applies without a restart.
func LoadPolicy(ctx context.Context, st *store.Store) (Policy, error) {
	p := DefaultPolicy()
	get := func(key, def string) string {
		v, err := st.Setting(ctx, key, def)
		if err != nil {
			return def
		}
		return v
	}
	if _, err := st.Setting(ctx, keyDirection, ""); err != nil {
		return p, fmt.Errorf("read sync settings: %w", err)
	}
	if get(keyDirection, "from") == "to" {
		p.Direction = ToXPM
	}
	switch get(keyLevel, "everything") {
	case "name":
		p.Level = NameOnly
	case "nothing":
		p.Level = Nothing
	}
	p.ImportAll = get(keyImportAll, "0") == "1"
	if cc := digits(get(keyCountryCode, p.DefaultCountryCode)); cc != "" {
		p.DefaultCountryCode = cc
	}
	return p, nil
}

// SavePolicy writes the sync settings.
func SavePolicy(ctx context.Context, st *store.Store, p Policy) error {
	cc := digits(p.DefaultCountryCode)
	if cc == "" || len(cc) > 4 {
		return fmt.Errorf("the default country code %q is not a calling code: use digits only, like 61 for Australia", p.DefaultCountryCode)
	}
	dir := "from"
	if p.Direction == ToXPM {
		dir = "to"
	}
	lvl := [...]string{"everything", "name", "nothing"}[p.Level]
	for _, kv := range [][2]string{{keyDirection, dir}, {keyLevel, lvl}, {keyImportAll, b01(p.ImportAll)}, {keyCountryCode, cc}} {
		if err := st.SetSetting(ctx, kv[0], kv[1]); err != nil {
			return fmt.Errorf("save sync settings: %w", err)
		}
	}
	return nil
}

func digits(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "+")
	if _, err := strconv.Atoi(s); err != nil {
		return ""
	}
	return s
}

func b01(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
