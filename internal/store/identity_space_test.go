package store

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// TestIdentitySpace is a what-if for identity.go on existing stores (set
// LOOKOUT_STORE_MEASURE as for TestMeasureStore): it re-encodes every
// identity history with identitiesDelta and reports both encodings' cost
// alone in a fresh Pebble, per fix and per record.
func TestIdentitySpace(t *testing.T) {
	for _, dir := range measureDirs(t) {
		s := openT(t, dir, Options{ReadOnly: true})
		vs, err := s.Vessels()
		if err != nil {
			t.Fatal(err)
		}
		n := sumFixes(vs)
		var cur, alt []kv
		records := 0
		for _, v := range vs {
			h, err := s.Identities(v.MMSI)
			if err != nil {
				t.Fatal(err)
			}
			if len(h) == 0 {
				continue
			}
			records += len(h)
			k := identityKey(v.MMSI)
			cur = append(cur, kv{k, encodeIdentities(h)})
			alt = append(alt, kv{k, identitiesDelta(nil, h)})
		}
		s.Close()
		if len(cur) == 0 {
			t.Fatalf("%s: no identities", dir)
		}
		rawCur, rawAlt := 0, 0
		for i := range cur {
			rawCur, rawAlt = rawCur+len(cur[i].v), rawAlt+len(alt[i].v)
		}
		a, b := kvSpace(t, cur, false), kvSpace(t, alt, false)
		f := func(x int64) float64 { return float64(x) / float64(n) }
		t.Logf("%s: %d vessels with %d identity records: as stored %.3f B/fix (%.1f B/record, %d bytes raw); deltas %.3f B/fix (%.1f B/record, %d bytes raw)",
			dir, len(cur), records, f(a), float64(a)/float64(records), rawCur, f(b), float64(b)/float64(records), rawAlt)
	}
}

// identitiesDelta is a size-only prototype of a denser identity history:
// From against the previous record's To, To against From, draught in
// tenths of a metre when exact (else its bits), the source against the
// previous record's, and each string as one byte when it repeats the
// previous record's.
func identitiesDelta(b []byte, h []track.Identity) []byte {
	b = binary.AppendUvarint(append(b, 2), uint64(len(h)))
	var prev track.Identity
	for i := range h {
		r := &h[i]
		if i == 0 {
			b = binary.AppendVarint(b, r.From)
		} else {
			b = binary.AppendVarint(b, r.From-prev.To)
		}
		b = binary.AppendVarint(b, r.To-r.From)
		d := uint64(math.Float32bits(r.Draught))<<1 | 1
		if t := math.Round(float64(r.Draught) * 10); float32(t/10) == r.Draught && t >= 0 {
			d = uint64(t) << 1
		}
		for _, u := range []uint64{uint64(r.IMO), uint64(r.ShipType), uint64(r.ToBow), uint64(r.ToStern),
			uint64(r.ToPort), uint64(r.ToStarboard), d, zig(int64(r.Src.Source) - int64(prev.Src.Source)),
			zig(int64(r.Src.Line) - int64(prev.Src.Line))} {
			b = binary.AppendUvarint(b, u)
		}
		for _, s := range [][2]string{{r.Name, prev.Name}, {r.Callsign, prev.Callsign}, {r.Destination, prev.Destination}} {
			if i > 0 && s[0] == s[1] {
				b = append(b, 0)
				continue
			}
			b = append(binary.AppendUvarint(b, uint64(len(s[0]))+1), s[0]...)
		}
		prev = *r
	}
	return b
}
