package store

import (
	"path/filepath"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// identityRecords is a simulated identity feed of two vessels: a name
// that changes and changes back, records widened batch by batch, a late
// record older than what is stored, and repeats.
func identityRecords() []track.Identity {
	var out []track.Identity
	for i := range 40 {
		t := int64(1694044800000) + int64(i)*60000
		name := "SIM ONE"
		if i >= 15 && i < 25 {
			name = "SIM RENAMED"
		}
		out = append(out,
			track.Identity{MMSI: 211000001, Name: name, IMO: 9000001, From: t, To: t + 30000, Src: track.SourceRef{Source: 1, Line: uint32(2*i + 1)}},
			track.Identity{MMSI: 211000002, Name: "SIM TWO", Callsign: "SIMC", From: t, To: t, Src: track.SourceRef{Source: 1, Line: uint32(2*i + 2)}})
	}
	late := track.Identity{MMSI: 211000002, Name: "SIM OLD", From: 1694000000000, To: 1694000000000, Src: track.SourceRef{Source: 1, Line: 99}}
	out = append(out, late, out[3], out[30])
	return out
}

// TestIdentityHistoryIndependentOfCommits writes the same identity
// records in one commit, in commits of 7 (the writer's identity cache
// warm), and in commits of 7 with the store reopened after each (cold):
// the stored histories must be byte-identical.
func TestIdentityHistoryIndependentOfCommits(t *testing.T) {
	recs := identityRecords()
	write := func(per int, reopen bool) [][2]string {
		dir := filepath.Join(t.TempDir(), "db")
		s := openT(t, dir, Options{NoSync: true})
		b := NewBatch()
		for i := range recs {
			b.AddIdentity(&recs[i])
			if (i+1)%per == 0 || i == len(recs)-1 {
				if _, err := s.Commit(b); err != nil {
					t.Fatal(err)
				}
				if reopen {
					s.Close()
					s = openT(t, dir, Options{NoSync: true})
				}
			}
		}
		var out [][2]string
		if err := s.scan([]byte{pIdentity}, []byte{pIdentity + 1}, func(k, v []byte) error {
			out = append(out, [2]string{string(k), string(v)})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		h, err := s.Identities(211000001)
		if err != nil || len(h) != 3 {
			t.Errorf("vessel 1 history %+v, %v; want 3 records (name, rename, name)", h, err)
		}
		return out
	}
	one := write(len(recs), false)
	if len(one) != 2 {
		t.Fatalf("%d identity keys, want 2", len(one))
	}
	compareDumps(t, one, write(7, false))
	compareDumps(t, one, write(7, true))
}
