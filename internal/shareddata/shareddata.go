// Package shareddata locates the project's shared real-data folder
// (../shared/data beside the repository, or $LOOKOUT_SHARED_DATA) for tests
// that are too large to keep their input in testdata/. Tests call Path and
// are skipped, with a message that says what is missing, where it is absent.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names the environment variable that overrides the location.
const EnvVar = "LOOKOUT_SHARED_DATA"

// Dir returns the shared data directory, or "" when it cannot be found. It
// looks at $LOOKOUT_SHARED_DATA, then for shared/data in each parent of the
// working directory.
func Dir() string {
	if d := os.Getenv(EnvVar); d != "" {
		if fi, err := os.Stat(d); err == nil && fi.IsDir() {
			return d
		}
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		cand := filepath.Join(d, "shared", "data")
		if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
			return cand
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Path returns the path of rel (slash-separated) inside the shared data
// directory, skipping the test when the directory or the file is absent.
func Path(t testing.TB, rel string) string {
	t.Helper()
	d := Dir()
	if d == "" {
		t.Skipf("shared data not found (set %s or place shared/data beside the repository); skipping test that needs %s", EnvVar, rel)
	}
	p := filepath.Join(d, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared data file %s absent: %v", p, err)
	}
	return p
}
