package app

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"xpmsync/core/xpmfake"
)

// DemoFaultsHelp lists what --demo-faults understands.
const DemoFaultsHelp = `comma-separated faults for the demo practice: rate5xx=0.3 (share of calls failing),
latency=300ms, slow=50ms (per 16 KiB), burst429=5, and — breaking every answer until you restart —
malformed, truncate, daylimit`

// ParseDemoFaults turns "rate5xx=0.3,latency=200ms,malformed" into the fake's fault switches, so
// a user can watch the app ride out failures (retries, the three-failure alert, recovery).
func ParseDemoFaults(spec string) (xpmfake.Faults, error) {
	var f xpmfake.Faults
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, val, _ := strings.Cut(part, "=")
		var err error
		switch strings.ToLower(key) {
		case "rate5xx":
			f.Rate5xx, err = strconv.ParseFloat(val, 64)
			if err == nil && (f.Rate5xx < 0 || f.Rate5xx > 1) {
				err = fmt.Errorf("must be between 0 and 1")
			}
		case "latency":
			f.Latency, err = time.ParseDuration(val)
		case "slow":
			f.SlowWrite, err = time.ParseDuration(val)
		case "burst429":
			f.Burst429, err = strconv.Atoi(val)
		case "malformed":
			f.MalformedXML = true
		case "truncate":
			f.TruncateXML = true
		case "daylimit":
			f.DayLimitExhausted = true
		default:
			return f, fmt.Errorf("unknown demo fault %q (known: %s)", key, DemoFaultsHelp)
		}
		if err != nil {
			return f, fmt.Errorf("demo fault %q: %w", part, err)
		}
	}
	return f, nil
}
