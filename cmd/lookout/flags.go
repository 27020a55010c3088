package main

import (
	"time"

	"github.com/spf13/cobra"
)

// defaultDB is the store directory every store-reading command defaults to.
const defaultDB = "./lookout.db"

// addDBFlag adds the common --db flag.
func addDBFlag(c *cobra.Command, dst *string) {
	c.Flags().StringVar(dst, "db", defaultDB, "store directory")
}

// parseTimeFlag parses an RFC 3339 time or a date (YYYY-MM-DD, taken as
// 00:00 UTC) into Unix milliseconds. The empty string gives def.
func parseTimeFlag(name, s string, def int64) (int64, error) {
	if s == "" {
		return def, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().UnixMilli(), nil
		}
	}
	return 0, usageErrorf("--%s %q: want RFC 3339 (2023-09-07T00:00:00Z) or a date (2023-09-07)", name, s)
}

// formatTime formats Unix milliseconds as RFC 3339 UTC.
func formatTime(ms int64) string {
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

// checkFormat returns a usage error unless f is one of allowed.
func checkFormat(f string, allowed ...string) error {
	for _, a := range allowed {
		if f == a {
			return nil
		}
	}
	return usageErrorf("--format %q: want one of %v", f, allowed)
}
