package store

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

const crashEnv = "LOOKOUT_STORE_CRASH_CHILD"

// The crash test's workload (simulated): 20 vessels × 1500 fixes, 30,000 raw lines.
const crashVessels, crashFixes = 20, 1500

// dumpStore returns every key and value of the store, then the name and
// content of every raw file, to compare two stores byte for byte.
func dumpStore(t *testing.T, s *Store) [][2]string {
	t.Helper()
	var out [][2]string
	err := s.scan([]byte{0}, []byte{0xff}, func(k, v []byte) error {
		out = append(out, [2]string{string(k), string(v)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	names, err := filepath.Glob(filepath.Join(s.dir, rawDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names { // Glob sorts them
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, [2]string{"file " + filepath.Base(name), string(b)})
	}
	return out
}

func compareDumps(t *testing.T, a, b [][2]string) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("stores differ: %d keys vs %d keys", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("stores differ at key %d: %x=%x vs %x=%x", i, a[i][0], a[i][1][:min(len(a[i][1]), 16)], b[i][0], b[i][1][:min(len(b[i][1]), 16)])
		}
	}
}

// TestCrashChild is the writer process of TestKill9Resume; it does nothing
// unless started by that test.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashEnv)
	if dir == "" {
		t.Skip("helper process for TestKill9Resume")
	}
	s := openT(t, dir, Options{})
	var go1 [1]byte
	writeSimHook(t, s, "crash", crashVessels, crashFixes, 1000, true, func(line int) {
		fmt.Printf("committed %d\n", line)
		os.Stdin.Read(go1[:]) // the parent's go-ahead: it paces the commits
	})
}

// TestKill9Resume kills a writer process with SIGKILL in the middle of an
// ingest (0-3 ms after its k-th commit, while it writes the next), reopens the
// store, re-runs the same ingest (resuming after the recorded progress, with
// a different batch size) and checks the store is byte-for-byte the store
// of one uninterrupted run.
func TestKill9Resume(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns writer processes")
	}
	clean := openT(t, t.TempDir(), Options{NoSync: true})
	writeSim(t, clean, "crash", crashVessels, crashFixes, 1000)
	want := dumpStore(t, clean)
	for i, k := range []int{1, 7, 19, 3, 11} {
		dir := t.TempDir()
		killAfter(t, dir, k, time.Duration(i)*700*time.Microsecond)
		s := openT(t, dir, Options{})
		si, _, err := s.SourceByHash(simHash("crash"))
		if err != nil {
			t.Fatal(err)
		}
		total := uint32(crashVessels * crashFixes)
		if si.Progress < uint32(k*1000) || si.Progress >= total || si.Done {
			t.Fatalf("kill after commit %d: progress %d of %d (done %v); want a partial ingest", k, si.Progress, total, si.Done)
		}
		t.Logf("killed after commit %d: progress %d/%d, raw lines %d", k, si.Progress, total, si.Lines)
		writeSim(t, s, "crash", crashVessels, crashFixes, 777)
		compareDumps(t, want, dumpStore(t, s))
		s.Close()
	}
}

// killAfter runs the writer child on dir and SIGKILLs it delay after it
// reports its k-th commit (so the kill lands while it prepares or commits
// the next one). The child waits for a byte on stdin after each commit, so
// however late the kill lands (a loaded machine), it has made at most one
// more commit: the ingest stays partial.
func killAfter(t *testing.T, dir string, k int, delay time.Duration) {
	t.Helper()
	killChildAfter(t, "TestCrashChild", crashEnv, dir, k, delay)
}

// killChildAfter runs the writer child test child (which prints
// "committed N" after each commit and then waits for a byte on stdin) with
// env set to dir, and SIGKILLs it delay after its k-th commit.
func killChildAfter(t *testing.T, child, env, dir string, k int, delay time.Duration) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.v")
	cmd.Env = append(os.Environ(), env+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	n := 0
	for sc.Scan() {
		if _, err := strconv.Atoi(string(bytes.TrimPrefix(sc.Bytes(), []byte("committed ")))); err == nil {
			n++
			in.Write([]byte{1}) // go on to the next commit
		}
		if n == k {
			break
		}
	}
	time.Sleep(delay)
	cmd.Process.Kill()
	cmd.Wait()
	if n != k {
		t.Fatalf("writer child ended after %d commits: %s", n, stderr.String())
	}
}

// TestReopenAfterCrashWithoutWrites checks a store killed right after
// creation (marker written, nothing committed) opens as an empty store.
func TestReopenAfterCrashWithoutWrites(t *testing.T) {
	dir := t.TempDir()
	if err := writeMarker(dir); err != nil {
		t.Fatal(err)
	}
	db, err := pebble.Open(dir, pebbleOptions(Options{}))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	s := openT(t, dir, Options{})
	if vs, err := s.Vessels(); err != nil || len(vs) != 0 {
		t.Fatalf("got %v, %v; want an empty store", vs, err)
	}
}
