package store

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

func TestRoundTripFixes(t *testing.T) {
	s := openT(t, t.TempDir(), Options{NoSync: true})
	const nv, nf = 5, 2000
	writeSim(t, s, "a", nv, nf, 3000)
	for v := range nv {
		mmsi := uint32(211000000 + v)
		got, err := s.Track(mmsi, 0, MaxTime)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != nf {
			t.Fatalf("vessel %d: got %d fixes; want %d", v, len(got), nf)
		}
		for i, g := range got {
			want := Quantize(simFix(v, i, 1, nv))
			if !sameFix(g, want) {
				t.Fatalf("vessel %d fix %d: got %+v; want %+v", v, i, g, want)
			}
		}
	}
	vs, err := s.Vessels()
	if err != nil || len(vs) != nv {
		t.Fatalf("vessels: got %d, %v; want %d", len(vs), err, nv)
	}
	if vs[0].Fixes != nf || vs[0].Identity.Name != "SIM 0" || vs[0].Country != "Germany" {
		t.Fatalf("vessel 0: %+v", vs[0])
	}
}

func TestQuantizeNotAvailable(t *testing.T) {
	f := track.Fix{MMSI: 1, Time: 5, Lat: 1.0000004, Lon: -2.0000006,
		SOG: float32(math.NaN()), COG: float32(math.NaN()), Heading: -1, Status: 15, Class: track.ClassB}
	q := Quantize(f)
	if q.Lat != 1 || q.Lon != -2.000001 || !math.IsNaN(float64(q.SOG)) || !math.IsNaN(float64(q.COG)) || q.Heading != -1 {
		t.Fatalf("got %+v", q)
	}
	b := encodeBlock(nil, []qfix{quantize(&f)}, 0)
	d, err := decodeBlock(nil, b, 0)
	if err != nil || d[0].fix(1) != q && !sameFix(d[0].fix(1), q) {
		t.Fatalf("round trip: %+v, %v", d, err)
	}
}

func TestNotAStore(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrNotStore) {
		t.Fatalf("got %v; want ErrNotStore", err)
	}
	if _, err := Open(filepath.Join(dir, "absent"), Options{ReadOnly: true}); !errors.Is(err, ErrNoStore) {
		t.Fatalf("read-only absent: got %v; want ErrNoStore", err)
	}
}

func TestTwoWritersLocked(t *testing.T) {
	dir := t.TempDir()
	s := openT(t, dir, Options{})
	_, err := Open(dir, Options{})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second writer: got %v; want ErrLocked", err)
	}
	s.Close()
	s2, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("reopen after close: %v", err)
	}
	s2.Close()
}
