package store

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestAddRawLines archives runs of lines: '\r' before '\n' dropped, an
// empty line kept, lines an earlier commit archived skipped, a block
// boundary crossed, and a reopened store continues its tail block.
func TestAddRawLines(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	s := openT(t, dir, Options{NoSync: true})
	si, err := s.RegisterSource(simHash("lines"), "lines", 1)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBatch()
	b.AddRawLines(si.ID, 1, 4, []byte("a\r\nb\n\nc"))
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	b.AddRawLines(si.ID, 3, 3, []byte("\nc\nd\n")) // lines 3, 4 again, then 5
	st, err := s.Commit(b)
	if err != nil || st.RawLines != 1 {
		t.Fatalf("second commit: %+v, %v; want 1 new raw line", st, err)
	}
	var big strings.Builder
	for i := 6; i < 6+rawBlockLines; i++ {
		fmt.Fprintf(&big, "line %d\r\n", i)
	}
	b.AddRawLines(si.ID, 6, rawBlockLines, []byte(big.String()))
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openT(t, dir, Options{NoSync: true})
	defer s.Close()
	b.AddRaw(si.ID, 6+rawBlockLines, []byte("after reopen"))
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	want := map[uint32]string{1: "a", 2: "b", 3: "", 4: "c", 5: "d", 6: "line 6",
		rawBlockLines: fmt.Sprintf("line %d", rawBlockLines), rawBlockLines + 1: fmt.Sprintf("line %d", rawBlockLines+1),
		5 + rawBlockLines: fmt.Sprintf("line %d", 5+rawBlockLines), 6 + rawBlockLines: "after reopen"}
	for line, w := range want {
		got, err := s.RawLine(track.SourceRef{Source: si.ID, Line: line})
		if err != nil || got != w {
			t.Errorf("line %d: %q, %v; want %q", line, got, err, w)
		}
	}
	if info, _ := s.SourceInfo(si.ID); info.Lines != 6+rawBlockLines {
		t.Errorf("source lines %d, want %d", info.Lines, 6+rawBlockLines)
	}
}
