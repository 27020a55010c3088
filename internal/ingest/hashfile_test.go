package ingest

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
)

// TestHashFileIsSHA256 checks that HashFile gives the SHA-256 of the bytes
// os.ReadFile reads, for real captures (plain and gzip) and for generated
// files around the mapping window's size, with the window as large as in
// use and as small as a page (so that a file takes several windows).
func TestHashFileIsSHA256(t *testing.T) {
	files := map[string]string{}
	for _, rel := range []string{
		"ais/dma-aislib/ais250.txt",
		"ais/gpsd/ais-nmea.log",
		"ais/aisdb/test_data_noaa_20230101.csv",
		"ais/dma-aisabnormal/ais-sample.txt.gz",
		"ais/stonesoup-solent",
	} {
		p := shareddata.Path(t, rel)
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			found, err := walkDir(p)
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range found {
				files[in.Name] = in.Name
			}
			continue
		}
		files[rel] = p
	}
	page := os.Getpagesize()
	dir := t.TempDir()
	for _, n := range []int{0, 1, page - 1, page, page + 1, 3*page + 17, 2<<20 + 5} {
		p := filepath.Join(dir, fmt.Sprintf("gen-%d", n))
		line := []byte("!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24\r\n")
		data := bytes.Repeat(line, n/len(line)+1)[:n]
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		files[p] = p
	}
	defer func(n int) { hashWindow = n }(hashWindow)
	for _, window := range []int{hashWindow, page} {
		hashWindow = window
		for name, p := range files {
			want, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := HashFile(p)
			if err != nil {
				t.Fatalf("window %d: %s: %v", window, name, err)
			}
			if got != sha256.Sum256(want) {
				t.Errorf("window %d: %s (%d bytes): hash %x; want %x", window, name, len(want), got, sha256.Sum256(want))
			}
		}
	}
}

// TestHashFileNotRegular hashes a pipe, which cannot be mapped: read.
func TestHashFileNotRegular(t *testing.T) {
	if _, err := os.Stat("/dev/fd"); err != nil {
		t.Skipf("no /dev/fd to name a pipe by: %v", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	data := bytes.Repeat([]byte("x,y\n"), 100000)
	go func() {
		w.Write(data)
		w.Close()
	}()
	got, err := HashFile("/dev/fd/" + strconv.Itoa(int(r.Fd())))
	if err != nil {
		t.Fatal(err)
	}
	if got != sha256.Sum256(data) {
		t.Errorf("pipe: hash %x; want %x", got, sha256.Sum256(data))
	}
}

// TestHashFileTruncatedWhileMapped truncates a file after a window of it
// is mapped and before it is hashed: the hash is an error that says the
// file changed, and the process does not crash.
func TestHashFileTruncatedWhileMapped(t *testing.T) {
	page := os.Getpagesize()
	for _, c := range []struct {
		name   string
		window int // mapping window
		at     int // truncate before hashing this window (0-based)
		to     int // new size
	}{
		{"to empty, one window", 4 * page, 0, 0},
		{"to half, one window", 4 * page, 0, 2 * page},
		{"second window, to its start", page, 1, page},
		{"last window, to empty", page, 3, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func(n int, hook func()) { hashWindow, afterMap = n, hook }(hashWindow, afterMap)
			p := filepath.Join(t.TempDir(), "shrinks.nmea")
			if err := os.WriteFile(p, bytes.Repeat([]byte("0123456789abcde\n"), 4*page/16), 0o644); err != nil {
				t.Fatal(err)
			}
			windows := 0
			hashWindow = c.window
			afterMap = func() {
				if windows == c.at {
					if err := os.Truncate(p, int64(c.to)); err != nil {
						t.Error(err)
					}
				}
				windows++
			}
			_, err := HashFile(p)
			if err == nil || !strings.Contains(err.Error(), "changed") || !strings.Contains(err.Error(), p) {
				t.Fatalf("hash of a file truncated while mapped: error %v; want one that says %s changed", err, p)
			}
			if windows != c.at+1 {
				t.Errorf("hashed %d windows; want to stop after %d", windows, c.at+1)
			}
		})
	}
}

// BenchmarkHashFile hashes a large input: the NMEA profile input if it is
// there, else a file of a real capture repeated to 64 MiB.
func BenchmarkHashFile(b *testing.B) {
	p := "/tmp/prof/dma.nmea"
	if _, err := os.Stat(p); err != nil {
		data, err := os.ReadFile("../ais/nmea/testdata/dma/replay_dump.txt")
		if err != nil {
			b.Fatal(err)
		}
		p = filepath.Join(b.TempDir(), "big.nmea")
		if err := os.WriteFile(p, bytes.Repeat(data, (64<<20)/len(data)), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	fi, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := HashFile(p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()*1e3/float64(b.N), "cpu-ms/op")
}
