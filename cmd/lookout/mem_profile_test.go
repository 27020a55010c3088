package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestMemProfile checks that LOOKOUT_MEMPROFILE makes lookout ingest
// write a heap profile that names the ingest's allocations, and that a
// profile that cannot be written is reported without failing the ingest.
func TestIngestMemProfile(t *testing.T) {
	dir := t.TempDir()
	in := simulatedCSV(t)
	path := filepath.Join(dir, "mem.prof")
	t.Setenv("LOOKOUT_MEMPROFILE", path)
	if _, stderr, err := runCLI(t, "ingest", "--no-sync", "--db", filepath.Join(dir, "db"), in); err != nil {
		t.Fatalf("ingest: %v\n%s", err, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// A profile is a gzipped protocol buffer whose string table names the
	// sample types and the functions.
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("profile not gzipped: %v", err)
	}
	pb, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"alloc_space", "inuse_space", "internal/ingest.(*Ingester).Run"} {
		if !bytes.Contains(pb, []byte(want)) {
			t.Errorf("profile does not name %s", want)
		}
	}

	t.Setenv("LOOKOUT_MEMPROFILE", dir) // a directory: cannot be created
	_, stderr, err := runCLI(t, "ingest", "--no-sync", "--db", filepath.Join(dir, "db2"), in)
	if err != nil || !strings.Contains(stderr, "memory profile:") {
		t.Errorf("unwritable profile: err %v, stderr %q; want success and the failure reported", err, stderr)
	}
}
