package lookout_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const module = "github.com/lookout-osint/lookout"

// allowedInternal lists, for each internal package, the internal packages it
// may depend on (directly or not): the import rules of docs/ARCHITECTURE.md.
// A package missing from this table fails the test, so that a new package
// must state its place in the layering.
var allowedInternal = map[string][]string{
	"internal/ais":        {},
	"internal/geo":        {},
	"internal/surge":      {},
	"internal/places":     {"internal/geo"},
	"internal/prefetch":   {},
	"internal/guardmem":   {},
	"internal/track":      {"internal/geo", "internal/prefetch"},
	"internal/detect":     {"internal/track", "internal/places", "internal/geo", "internal/prefetch"},
	"internal/ingest":     {"internal/ais", "internal/track", "internal/detect", "internal/places", "internal/geo", "internal/prefetch"},
	"internal/store":      {"internal/track", "internal/detect", "internal/places", "internal/geo", "internal/prefetch"},
	"internal/watch":      {"internal/detect", "internal/track", "internal/places", "internal/geo", "internal/prefetch"},
	"internal/sim":        {"internal/ais", "internal/track", "internal/places", "internal/geo", "internal/prefetch"},
	"internal/report":     {"internal/detect", "internal/track", "internal/watch", "internal/places", "internal/geo", "internal/prefetch"},
	"internal/api":        {"internal/watch", "internal/detect", "internal/track", "internal/surge", "internal/report", "internal/places", "internal/geo", "web", "internal/prefetch"},
	"web":                 {},
	"internal/shareddata": {},
	"examples":            {},
}

// pure packages may not reach the outside world: no files, network or
// processes (their time comes from the data).
var pure = []string{"internal/ais", "internal/geo", "internal/surge", "internal/track", "internal/detect", "internal/prefetch"}

var impure = []string{"os", "os/exec", "net", "net/http", "io/ioutil", "syscall"}

func TestImportRules(t *testing.T) {
	touchSources(t)
	out, err := exec.Command("go", "list", "-deps=false", "-f", "{{.ImportPath}}|{{join .Deps \" \"}}|{{join .Imports \" \"}}", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Split(line, "|")
		path, deps, imports := fields[0], fields[1], fields[2]
		rel := strings.TrimPrefix(strings.TrimPrefix(path, module), "/")
		if rel == "" || strings.HasPrefix(rel, "cmd/") {
			continue // the root test package and the CLI may import anything
		}
		top := topPackage(rel)
		allowed, ok := allowedInternal[top]
		if !ok {
			t.Errorf("%s: not in the layering table of arch_test.go (and docs/ARCHITECTURE.md)", rel)
			continue
		}
		for _, d := range strings.Fields(imports) {
			if contains(pure, top) && contains(impure, d) {
				t.Errorf("%s is pure but imports %s", rel, d)
			}
		}
		for _, d := range strings.Fields(deps) {
			if !strings.HasPrefix(d, module+"/") {
				continue
			}
			dt := topPackage(strings.TrimPrefix(d, module+"/"))
			if dt != top && !contains(allowed, dt) {
				t.Errorf("%s depends on %s; allowed: %v", rel, d, allowed)
			}
		}
	}
}

// touchSources stats every Go file so that go test's result cache, which
// cannot see inside the go list subprocess, is invalidated by any change.
func touchSources(t *testing.T) {
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".go") {
			_, err = os.Stat(p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// topPackage maps internal/x/y to internal/x so sub-packages share a rule.
func topPackage(rel string) string {
	parts := strings.Split(rel, "/")
	if parts[0] == "internal" && len(parts) > 1 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
