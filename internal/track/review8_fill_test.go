package track

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// review8Fill is FillIdentity written from its doc: each field r reports
// (non-empty text, non-zero number, any dimension) is r's, except text
// equal to cur's but for case, which keeps cur's; the rest is cur's; MMSI,
// From, To and Src are r's.
func review8Fill(r, cur Identity) Identity {
	m := cur
	m.MMSI, m.From, m.To, m.Src = r.MMSI, r.From, r.To, r.Src
	text := func(n, c string) string {
		if n == "" || strings.EqualFold(n, c) {
			return c
		}
		return n
	}
	m.Name, m.Callsign, m.Destination = text(r.Name, cur.Name), text(r.Callsign, cur.Callsign), text(r.Destination, cur.Destination)
	if r.IMO != 0 {
		m.IMO = r.IMO
	}
	if r.ShipType != 0 {
		m.ShipType = r.ShipType
	}
	if r.ToBow != 0 || r.ToStern != 0 || r.ToPort != 0 || r.ToStarboard != 0 {
		m.ToBow, m.ToStern, m.ToPort, m.ToStarboard = r.ToBow, r.ToStern, r.ToPort, r.ToStarboard
	}
	if r.Draught != 0 {
		m.Draught = r.Draught
	}
	return m
}

// TestReview8FillIdentityModel compares FillIdentity with review8Fill on
// random reports and identities (fields now set, now not, text differing
// in case), and checks that filling is idempotent: a report filled again
// from the same identity, or from its own fill, stays the same.
func TestReview8FillIdentityModel(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 2))
	pick := func(vs ...string) string { return vs[rng.IntN(len(vs))] }
	gen := func() Identity {
		u16 := func() uint16 { return uint16(rng.IntN(3)) }
		return Identity{MMSI: uint32(rng.IntN(3)), IMO: uint32(rng.IntN(2)) * 9074729, Name: pick("", "SUVI", "suvi", "SIRKKA"),
			Callsign: pick("", "SA9908", "sa9908"), ShipType: uint8(rng.IntN(2) * 36), ToBow: u16(), ToStern: u16(), ToPort: u16(), ToStarboard: u16(),
			Draught: float32(rng.IntN(2)) * 2.5, Destination: pick("", "HELSINKI", "Helsinki", "TURKU"),
			From: int64(rng.IntN(10)), To: int64(rng.IntN(10)), Src: SourceRef{Source: uint32(rng.IntN(2)), Line: uint32(rng.IntN(9))}}
	}
	for range 20000 {
		r, cur := gen(), gen()
		got := FillIdentity(r, cur)
		if want := review8Fill(r, cur); got != want {
			t.Fatalf("FillIdentity(%+v, %+v)\n got %+v\nwant %+v", r, cur, got, want)
		}
		if again := FillIdentity(r, cur); again != got {
			t.Fatalf("not deterministic")
		}
		if self := FillIdentity(r, got); self != got {
			t.Fatalf("filling %+v from its own fill %+v gives %+v", r, got, self)
		}
	}
}
