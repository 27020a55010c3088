package store_test

import (
	"path/filepath"
	"testing"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/store"
	"github.com/lookout-osint/lookout/internal/track"
)

// TestReview8FillFlickerPersists: detect's identity_change drops a value
// that was reported for less than min_persist_hours (1 h by default) as a
// flicker. Since b80a08b the store completes each report from the record
// in effect, so a value persists in the history until a report of that
// field contradicts it, not only while it is reported. A class B vessel
// whose part A (name) is received every 3 h and part B every 6 min, with
// one corrupt part A ("SUV1") at 1 h: the history carries SUV1 in the
// completed part B records until the part A at 3 h, and detect reports a
// rename SUV1 -> SUVI at 174..180 min. Before b80a08b the same reports gave
// no event (SUV1 stood in one record of one instant).
func TestReview8FillFlickerPersists(t *testing.T) {
	const mmsi, t0, min = 265518830, int64(1700000000000), int64(60000)
	var recs []track.Identity
	add := func(tm int64, f func(*track.Identity)) {
		r := track.Identity{MMSI: mmsi, From: t0 + tm, To: t0 + tm, Src: track.SourceRef{Source: 1, Line: uint32(len(recs) + 1)}}
		f(&r)
		recs = append(recs, r)
	}
	for m := int64(0); m <= 600; m += 6 {
		if m%180 == 0 {
			add(m*min, func(r *track.Identity) { r.Name = "SUVI" })
		}
		if m == 60 {
			add(m*min, func(r *track.Identity) { r.Name = "SUV1" })
		}
		add(m*min+1000, func(r *track.Identity) { r.Callsign, r.ShipType, r.ToBow, r.ToStern = "SA9908", 36, 8, 4 })
	}
	s, err := store.Open(filepath.Join(t.TempDir(), "db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := store.NewBatch()
	for i := range recs {
		b.AddIdentity(&recs[i])
	}
	if _, err := s.Commit(b); err != nil {
		t.Fatal(err)
	}
	h, err := s.Identities(mmsi)
	if err != nil {
		t.Fatal(err)
	}
	r, err := detect.NewRunner(detect.DefaultConfig(), detect.Env{Computed: t0})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range r.Detect(&detect.Vessel{MMSI: mmsi, Identities: h}) {
		if e.Type == detect.TypeIdentityChange {
			t.Errorf("a one-report flicker gave %s %v at %d..%d min", e.Type, e.Attrs, (e.Start-t0)/min, (e.End-t0)/min)
		}
	}
}
