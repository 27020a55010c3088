package ingest

import (
	"strings"
	"testing"
)

// TestSummaryNamesKeptFixes checks that the summary line calls the fixes
// that passed the filters "kept": how many the store adds is the sink's
// count (lookout ingest prints it as "fixes stored"), which can be
// smaller when the store already holds some of them.
func TestSummaryNamesKeptFixes(t *testing.T) {
	s := Stats{Inputs: 1, Lines: 12, Fixes: 10, Kept: 7, Vessels: 3}
	got := s.Summary()
	if !strings.Contains(got, "10 fixes decoded, 7 kept,") {
		t.Errorf("summary %q: want the decoded and kept counts", got)
	}
	if strings.Contains(got, "stored") {
		t.Errorf("summary %q: the filters' count is not what the store added", got)
	}
}
