package ingest

import (
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestRoomForFixesKeepsArray checks that a result keeps its fixes' array
// for a chunk a little larger than any before it, and empties it.
func TestRoomForFixesKeepsArray(t *testing.T) {
	var r result
	r.roomForFixes(1000)
	if len(r.fixes) != 0 || cap(r.fixes) < 1000 {
		t.Fatalf("roomForFixes(1000): len %d cap %d", len(r.fixes), cap(r.fixes))
	}
	r.fixes = append(r.fixes, track.Fix{MMSI: 1})
	first := &r.fixes[:1][0]
	r.roomForFixes(1100) // a chunk with a tenth more lines
	if len(r.fixes) != 0 || &r.fixes[:1][0] != first {
		t.Errorf("roomForFixes(1100) after 1000: len %d, new array %v", len(r.fixes), &r.fixes[:1][0] != first)
	}
	r.roomForFixes(4000)
	if cap(r.fixes) < 4000 {
		t.Errorf("roomForFixes(4000): cap %d", cap(r.fixes))
	}
}
