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

// TestClassBPartsCompleteEachOther checks that a class B vessel's part A
// and part B reports complete each other in the stored history: the part
// A before any part B stands alone, every later report joins one record
// until the name changes, a re-ingest changes nothing, the history does
// not depend on where commits were cut, and the vessel list shows the
// whole latest identity.
func TestClassBPartsCompleteEachOther(t *testing.T) {
	recs := classBReports()
	t0, last := recs[0].From, recs[len(recs)-1].From
	full := func(name string, from, to int64) track.Identity {
		return track.Identity{MMSI: 265518830, Name: name, Callsign: "SA9908", ShipType: 36, ToBow: 8, ToStern: 4, ToPort: 2, ToStarboard: 2,
			From: from, To: to, Src: track.SourceRef{Source: 1, Line: uint32(from / 1000 % 100000)}}
	}
	want := []track.Identity{
		{MMSI: 265518830, Name: "SUVI-SIRKKA", From: t0, To: t0, Src: recs[0].Src},
		full("SUVI-SIRKKA", t0+1000, last-60000),
		full("SUVI", last-1000, last),
	}
	var first []track.Identity
	for _, per := range []int{1, 7, len(recs)} {
		s := openT(t, filepath.Join(t.TempDir(), "db"), Options{NoSync: true})
		commitIdentities(t, s, recs, per)
		got, err := s.Identities(265518830)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("commits of %d: history\n%+v\nwant\n%+v", per, got, want)
		}
		commitIdentities(t, s, recs, 5) // the same reports again
		if again, _ := s.Identities(265518830); !slices.Equal(again, want) {
			t.Fatalf("commits of %d: a second ingest changed the history to\n%+v", per, again)
		}
		if first == nil {
			first = got
		}
		vs, err := s.Vessels()
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 1 || vs[0].Identity.Name != "SUVI" || vs[0].Identity.Callsign != "SA9908" || vs[0].Identity.ShipType != 36 {
			t.Fatalf("commits of %d: vessels %+v; want SUVI, SA9908, type 36", per, vs)
		}
	}
}
