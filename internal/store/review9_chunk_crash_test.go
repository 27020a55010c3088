package store

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/lookout-osint/lookout/internal/track"
)

const review9CrashEnv = "LOOKOUT_REVIEW9_CRASH_CHILD"

// review9CrashBatches is the workload of the chunk crash test (simulated
// reports): batches of two vessels' identity reports, late ones among
// them, which spill into chunks of 2 at heads of 3 and make commits cut
// whole histories again.
func review9CrashBatches() [][]track.Identity {
	rng := rand.New(rand.NewPCG(19, 9))
	_, _, ops := review9Decode(review9RandomOps(rng, 900))
	return review9Batches(ops)
}

// TestReview9CrashChunkChild is the writer process of
// TestReview9Kill9Chunks; it does nothing unless started by that test.
func TestReview9CrashChunkChild(t *testing.T) {
	dir := os.Getenv(review9CrashEnv)
	if dir == "" {
		t.Skip("helper process for TestReview9Kill9Chunks")
	}
	s := openT(t, dir, Options{})
	var go1 [1]byte
	for i, p := range review9CrashBatches() {
		if err := review9Commit(t, s, 3, 2, p); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("committed %d\n", i+1)
		os.Stdin.Read(go1[:])
	}
}

// TestReview9Kill9Chunks kills a writer whose identity histories spill
// into chunks (and are cut again) with SIGKILL 0-3 ms after its k-th
// commit, reopens the store and checks that it holds the histories of k
// or k+1 commits (one that never cuts, committed alike, says which),
// reads without error, and once the remaining batches are committed holds
// the identity keys and values of an uninterrupted run byte for byte.
func TestReview9Kill9Chunks(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns writer processes")
	}
	batches := review9CrashBatches()
	dir := t.TempDir()
	clean := openT(t, filepath.Join(dir, "clean"), Options{NoSync: true})
	whole := openT(t, filepath.Join(dir, "whole"), Options{NoSync: true})
	states := make([][2][]track.Identity, len(batches)+1)
	for i, p := range batches {
		if err := review9Commit(t, clean, 3, 2, p); err != nil {
			t.Fatal(err)
		}
		if err := review9Commit(t, whole, 1<<30, 1, p); err != nil {
			t.Fatal(err)
		}
		for m := range 2 {
			h, err := whole.Identities(review9MMSI + uint32(m))
			if err != nil {
				t.Fatal(err)
			}
			states[i+1][m] = h
		}
	}
	want := review9DumpIDs(t, clean, review9MMSI)
	if hd := storedHead(t, clean, review9MMSI); hd.chunks < 3 {
		t.Fatalf("the workload leaves %d chunks; want more", hd.chunks)
	}
	for i, k := range []int{1, 6, 23, 2, 60} {
		cdir := filepath.Join(dir, fmt.Sprint("crash", i))
		killChildAfter(t, "TestReview9CrashChunkChild", review9CrashEnv, cdir, k, time.Duration(i)*700*time.Microsecond)
		s := openT(t, cdir, Options{})
		var got [2][]track.Identity
		for m := range 2 {
			h, err := s.Identities(review9MMSI + uint32(m))
			if err != nil {
				t.Fatalf("kill after commit %d: %v", k, err)
			}
			got[m] = h
		}
		j := -1
		for _, c := range []int{k, k + 1} {
			if slices.Equal(got[0], states[c][0]) && slices.Equal(got[1], states[c][1]) {
				j = c
			}
		}
		if j < 0 {
			t.Fatalf("kill after commit %d: the histories are those of neither %d nor %d commits", k, k, k+1)
		}
		for _, p := range batches[j:] {
			if err := review9Commit(t, s, 3, 2, p); err != nil {
				t.Fatal(err)
			}
		}
		review7CheckCaches(t, "after the resumed ingest", s)
		if got := review9DumpIDs(t, s, review9MMSI); !slices.Equal(got, want) {
			t.Fatalf("kill after commit %d (store of %d commits): identities differ from an uninterrupted run", k, j)
		}
		t.Logf("killed after commit %d: the store held %d", k, j)
		s.Close()
	}
}
