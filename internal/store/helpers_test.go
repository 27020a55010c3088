package store

import (
	"crypto/sha256"
	"fmt"
	"math"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// simulated data: a small, deterministic synthetic fleet used by the unit
// tests (not real AIS).

// simFix returns the i-th simulated fix of vessel v: one every 10 s,
// drifting north-east, with a source line that interleaves vessels.
func simFix(v, i int, src uint32, nv int) track.Fix {
	return track.Fix{
		MMSI:    uint32(211000000 + v),
		Time:    1694044800000 + int64(i)*10000 + int64(v)*7,
		Lat:     54 + float64(v)*0.01 + float64(i)*0.0001,
		Lon:     10 + float64(i)*0.00013,
		SOG:     float32(i%150) / 10,
		COG:     float32((i * 7) % 3600 / 10),
		Heading: int16(i % 360),
		Status:  uint8(i / 100 % 16),
		Class:   track.ClassA,
		Src:     track.SourceRef{Source: src, Line: uint32(i*nv + v + 1)},
	}
}

// simLine is the simulated raw line behind a fix.
func simLine(line uint32) []byte {
	return fmt.Appendf(nil, "!AIVDM,1,1,,A,simulated line %d,0*00", line)
}

func simHash(name string) [32]byte { return sha256.Sum256([]byte("simulated:" + name)) }

// writeSim writes nv vessels × nf fixes of source name in batches of
// batchLines raw lines, skipping lines <= the source's progress (resume).
func writeSim(t testing.TB, s *Store, name string, nv, nf, batchLines int) {
	t.Helper()
	writeSimHook(t, s, name, nv, nf, batchLines, true, nil)
}

// writeSimHook is writeSim calling after(line) after each commit.
// With resume false it rewrites every line, even those already committed.
func writeSimHook(t testing.TB, s *Store, name string, nv, nf, batchLines int, resume bool, after func(int)) {
	t.Helper()
	si, err := s.RegisterSource(simHash(name), name, int64(nv*nf*40))
	if err != nil {
		t.Fatal(err)
	}
	b := NewBatch()
	total := nv * nf
	for line := 1; line <= total; line++ {
		if resume && uint32(line) <= si.Progress {
			continue
		}
		if err := addSimLine(b, si.ID, nv, line, total); err != nil {
			t.Fatal(err)
		}
		if line%batchLines == 0 || line == total {
			if _, err := s.Commit(b); err != nil {
				t.Fatal(err)
			}
			if after != nil {
				after(line)
			}
		}
	}
}

// addSimLine adds line (of total) of the simulated source src with nv
// vessels to b: its fix, raw line, every 50th fix an identity, progress.
func addSimLine(b *Batch, src uint32, nv, line, total int) error {
	i, v := (line-1)/nv, (line-1)%nv
	f := simFix(v, i, src, nv)
	if err := b.AddFix(uint64(i/500), &f); err != nil {
		return err
	}
	b.AddRaw(src, uint32(line), simLine(uint32(line)))
	if i%50 == 0 {
		b.AddIdentity(&track.Identity{MMSI: f.MMSI, Name: fmt.Sprintf("SIM %d", v), From: f.Time, To: f.Time, Src: f.Src})
	}
	b.SetProgress(src, uint32(line))
	if line == total {
		b.FinishSource(src)
	}
	return nil
}

func openT(t testing.TB, dir string, o Options) *Store {
	t.Helper()
	s, err := Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// sumFixes is the number of fixes of vs.
func sumFixes(vs []Vessel) (n uint64) {
	for _, v := range vs {
		n += v.Fixes
	}
	return n
}

func sameFix(a, b track.Fix) bool {
	nan := func(x, y float32) bool {
		return x == y || (math.IsNaN(float64(x)) && math.IsNaN(float64(y)))
	}
	return a.MMSI == b.MMSI && a.Time == b.Time && a.Lat == b.Lat && a.Lon == b.Lon &&
		nan(a.SOG, b.SOG) && nan(a.COG, b.COG) && a.Heading == b.Heading &&
		a.Status == b.Status && a.Class == b.Class && a.Src == b.Src
}

// Encoders the tests build raw blocks and vessel records with; the writer
// appends to its batches instead (appendRawLines, appendVessel).

// add appends one line to t.
func (t *rawTail) add(l []byte) {
	t.plain = appendRawLine(t.plain, l)
	t.n++
}

// encodeRaw returns the compressed raw block of lines, appended to dst.
func encodeRaw(dst []byte, lines [][]byte) []byte {
	var t rawTail
	for _, l := range lines {
		t.add(l)
	}
	return compressRaw(dst, t.plain)
}

// encodeVessel returns the stored form of v.
func encodeVessel(v vesselRec) []byte { return appendVessel(nil, v) }
