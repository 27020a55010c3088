package store

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// classBReports are a class B vessel's alternating static reports, part A
// (the name) and part B (call sign, type, size) a second apart every
// minute, then a rename: as a receiver log or a DMA aisdk CSV gives them.
func classBReports() []track.Identity {
	const mmsi, t0 = 265518830, int64(1527811200000)
	partA := func(t int64, name string) track.Identity {
		return track.Identity{MMSI: mmsi, Name: name, From: t, To: t, Src: track.SourceRef{Source: 1, Line: uint32(t / 1000 % 100000)}}
	}
	partB := func(t int64) track.Identity {
		return track.Identity{MMSI: mmsi, Callsign: "SA9908", ShipType: 36, ToBow: 8, ToStern: 4, ToPort: 2, ToStarboard: 2,
			From: t, To: t, Src: track.SourceRef{Source: 1, Line: uint32(t / 1000 % 100000)}}
	}
	var out []track.Identity
	for i := range 30 {
		t := t0 + int64(i)*60000
		out = append(out, partA(t, "SUVI-SIRKKA"), partB(t+1000))
	}
	t := t0 + 30*60000
	return append(out, partA(t, "SUVI"), partB(t+1000))
}

// commitIdentities commits recs to s in batches of per.
func commitIdentities(t *testing.T, s *Store, recs []track.Identity, per int) {
	t.Helper()
	for i := 0; i < len(recs); i += per {
		b := NewBatch()
		for j := i; j < min(i+per, len(recs)); j++ {
			b.AddIdentity(&recs[j])
		}
		if _, err := s.Commit(b); err != nil {
			t.Fatal(err)
		}
	}
}

// TestClassBVesselIdentity checks how a class B vessel's part A and part
// B reports are kept: the history holds each as reported (62 records
// here, a new one whenever the report says something else), whatever the
// commit cuts, unchanged by a second ingest; and the vessel list shows the
// latest record completed from the ones before it: the rename's part B
// with the new name, call sign, type and size.
func TestClassBVesselIdentity(t *testing.T) {
	recs := classBReports()
	var first []track.Identity
	for _, per := range []int{1, 7, len(recs)} {
		s := openT(t, filepath.Join(t.TempDir(), "db"), Options{NoSync: true})
		commitIdentities(t, s, recs, per)
		got, err := s.Identities(265518830)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(recs) || got[0] != recs[0] || got[len(got)-1] != recs[len(recs)-1] {
			t.Fatalf("commits of %d: %d records, first %+v, last %+v; want the %d reports as they came", per, len(got), got[0], got[len(got)-1], len(recs))
		}
		if first == nil {
			first = got
		} else if !slices.Equal(got, first) {
			t.Fatalf("commits of %d: the history differs from commits of 1", per)
		}
		commitIdentities(t, s, recs, 5) // the same reports again
		if again, _ := s.Identities(265518830); !slices.Equal(again, got) {
			t.Fatalf("commits of %d: a second ingest changed the history", per)
		}
		vs, err := s.Vessels()
		if err != nil {
			t.Fatal(err)
		}
		want := recs[len(recs)-1]
		want.Name = "SUVI"
		if len(vs) != 1 || vs[0].Identity != want {
			t.Fatalf("commits of %d: vessels %+v\nwant identity %+v", per, vs, want)
		}
	}
}
