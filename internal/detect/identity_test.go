package detect

import (
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

func id(mmsi uint32, from int64, line uint32, f func(*track.Identity)) track.Identity {
	x := track.Identity{MMSI: mmsi, From: from, To: from + 3600000, Src: track.SourceRef{Source: 2, Line: line}}
	f(&x)
	return x
}

func TestIdentityChange(t *testing.T) {
	h := int64(3600000)
	v := Vessel{MMSI: 273111111, Identities: []track.Identity{
		id(273111111, t0, 1, func(x *track.Identity) {
			x.Name, x.IMO, x.Callsign, x.Destination, x.Draught = "ANGARA", 9179842, "UBCG7", "NAKHODKA", 6
		}),
		id(273111111, t0+2*h, 2, func(x *track.Identity) { x.Name, x.Destination = "ANGARA@@@@", "NAKHODKA " }), // same, padded
		id(273111111, t0+4*h, 3, func(x *track.Identity) { x.Name, x.Draught = "LAURA", 6.05 }),                 // renamed; draught within 0.1 m
		id(273111111, t0+6*h, 4, func(x *track.Identity) { x.Destination, x.Draught = "RAJIN", 9.5 }),
	}}
	evs := run(t, DefaultConfig(), testEnv(), v)
	ic := ofType(evs, TypeIdentityChange)
	if len(ic) != 1 || ic[0].Attrs["field"] != "name" || ic[0].Attrs["from"] != "ANGARA" || ic[0].Attrs["to"] != "LAURA" {
		t.Fatalf("identity changes %+v; want one name ANGARA → LAURA", ic)
	}
	if ic[0].Start != t0+3*h || ic[0].End != t0+4*h || len(ic[0].Evidence) != 2 {
		t.Errorf("rename bounded %d..%d by %v; want last ANGARA report to first LAURA report", ic[0].Start, ic[0].End, ic[0].Evidence)
	}
	vd := ofType(evs, TypeVoyageDataChange)
	got := map[string]bool{}
	for _, e := range vd {
		got[e.Attrs["field"].(string)+":"+e.Attrs["from"].(string)+">"+e.Attrs["to"].(string)] = true
	}
	if len(vd) != 2 || !got["destination:NAKHODKA>RAJIN"] || !got["draught:6.0>9.5"] {
		t.Fatalf("voyage data changes %v; want destination and draught", got)
	}
}

// An IMO number reappearing under a new MMSI (and flag).
func TestIMOUnderNewMMSI(t *testing.T) {
	h := int64(3600000)
	a := Vessel{MMSI: 273111111, Identities: []track.Identity{id(273111111, t0, 1, func(x *track.Identity) { x.IMO, x.Name = 9179842, "ANGARA" })}}
	b := Vessel{MMSI: 620999999, Identities: []track.Identity{id(620999999, t0+48*h, 2, func(x *track.Identity) { x.IMO, x.Name = 9179842, "ANGARA" })}}
	evs := ofType(run(t, DefaultConfig(), testEnv(), a, b), TypeIdentityChange)
	if len(evs) != 2 {
		t.Fatalf("got %+v; want mmsi and flag changes", evs)
	}
	for _, e := range evs {
		if e.MMSI != 620999999 || e.Attrs["imo"] != uint32(9179842) {
			t.Errorf("%+v: want on the new MMSI with the IMO", e)
		}
		switch e.Attrs["field"] {
		case "mmsi":
			if e.Attrs["from"] != "273111111" || e.Attrs["to"] != "620999999" {
				t.Errorf("mmsi change %v", e.Attrs)
			}
		case "flag":
			if e.Attrs["from"] != "273" || e.Attrs["to"] != "620" {
				t.Errorf("flag change %v", e.Attrs)
			}
		default:
			t.Errorf("unexpected %v", e.Attrs)
		}
	}
}

// Values that flicker for minutes (a feed mixing up static fields) are not
// changes; the change around them is reported once, with the count.
func TestIdentityFlicker(t *testing.T) {
	m := int64(60000)
	dest := func(from, span int64, line uint32, d string) track.Identity {
		x := id(5, from, line, func(x *track.Identity) { x.Destination = d })
		x.To = from + span
		return x
	}
	v := Vessel{MMSI: 5, Identities: []track.Identity{
		dest(t0, 120*m, 1, "AUCKLAND"),
		dest(t0+121*m, 0, 2, "BELL BAY"),
		dest(t0+122*m, 0, 3, "AUCKLAND"),
		dest(t0+123*m, 0, 4, "??ZM_W?;"),
		dest(t0+124*m, 180*m, 5, "WHANGAREI"),
	}}
	evs := ofType(run(t, DefaultConfig(), testEnv(), v), TypeVoyageDataChange)
	if len(evs) != 1 || evs[0].Attrs["from"] != "AUCKLAND" || evs[0].Attrs["to"] != "WHANGAREI" || evs[0].Attrs["unstable"] != 3 {
		t.Fatalf("got %+v; want one AUCKLAND → WHANGAREI with 3 unstable", evs)
	}
}

// An identity change is placed where the vessel was when it happened.
func TestIdentityChangePosition(t *testing.T) {
	h := int64(3600000)
	b := newBuilder(6, t0, at(50, 0)).sail(at(50, 100), 10, 10)
	v := vessel(6, b)
	v.Identities = []track.Identity{
		id(6, t0, 1, func(x *track.Identity) { x.Name = "OLD" }),
		id(6, t0+3*h, 2, func(x *track.Identity) { x.Name = "NEW" }),
	}
	evs := ofType(run(t, DefaultConfig(), testEnv(), v), TypeIdentityChange)
	if len(evs) != 1 {
		t.Fatalf("got %+v", evs)
	}
	want := nearestFix(v.Segments, t0+3*h)
	if evs[0].Lat != want.Lat || evs[0].Lon != want.Lon || evs[0].Lat == 0 {
		t.Fatalf("at %v,%v; want the fix at the change, %v,%v", evs[0].Lat, evs[0].Lon, want.Lat, want.Lon)
	}
}

// Two MMSIs reporting one IMO at the same time, far apart, are one identity
// claimed twice (identity_overlap), not a change of MMSI.
func TestIMOUsedTwiceAtOnce(t *testing.T) {
	h := int64(3600000)
	a := vessel(368006020, newBuilder(368006020, t0, at(50, 0)).sail(at(50, 50), 10, 10))
	a.Identities = []track.Identity{id(368006020, t0, 1, func(x *track.Identity) { x.IMO = 9813644; x.To = t0 + 5*h })}
	b := vessel(368041830, newBuilder(368041830, t0, at(50, 1500)).sail(at(50, 1550), 10, 10))
	b.Identities = []track.Identity{id(368041830, t0+h, 2, func(x *track.Identity) { x.IMO = 9813644; x.To = t0 + 6*h })}
	evs := run(t, DefaultConfig(), testEnv(), a, b)
	if ic := ofType(evs, TypeIdentityChange); len(ic) != 0 {
		t.Fatalf("identity changes %+v; want none", ic)
	}
	ov := ofType(evs, TypeIdentityOverlap)
	if len(ov) != 1 || ov[0].MMSI != 368041830 || ov[0].OtherMMSI != 368006020 || ov[0].Attrs["field"] != "imo" {
		t.Fatalf("got %+v; want one identity_overlap on the IMO", ov)
	}
	if d := ov[0].Attrs["distance_nm"].(float64); d < 700 || d > 900 {
		t.Errorf("distance %v nm; want about 800 (1,500 km)", d)
	}
}

// Two ships sharing one MMSI far apart report their names alternately,
// sometimes one several times running (lost messages): that is not a
// rename back and forth but two transmitters (an identity_overlap). A
// rename of one of them while they share the MMSI is still one change.
func TestIdentityChangeSharedMMSI(t *testing.T) {
	m := int64(60000)
	a := newBuilder(9, t0, at(50, 0)).sail(at(50, 150), 10, 6)
	b := newBuilder(9, t0+3*m, at(105, 0)).sail(at(105, 150), 10, 6)
	v := vessel(9, a, b)
	name := func(at int64, line uint32, n string) track.Identity {
		x := id(9, at, line, func(x *track.Identity) { x.Name = n })
		x.To = at
		return x
	}
	// Every 15 min, alternately; TWIN A five times running from 3 h (a run
	// of 1 h, long enough to count as a value that held), TWIN B renamed
	// TWIN C at 6 h.
	var line uint32
	for k := int64(0); k < 32; k++ {
		n := "TWIN A"
		if k%2 == 1 {
			n = "TWIN B"
			if k >= 24 {
				n = "TWIN C"
			}
		}
		if k >= 12 && k <= 16 {
			n = "TWIN A"
		}
		line++
		v.Identities = append(v.Identities, name(t0+k*15*m, line, n))
	}
	evs := run(t, DefaultConfig(), testEnv(), v)
	ov := ofType(evs, TypeIdentityOverlap)
	if len(ov) != 1 {
		t.Fatalf("%d identity_overlap events; want 1", len(ov))
	}
	// The overlap names each segment's own identities.
	var got []string
	for _, s := range ov[0].Attrs["by_segment"].([]map[string]any) {
		var names []string
		for _, id := range s["identities"].([]map[string]any) {
			names = append(names, id["name"].(string))
		}
		got = append(got, s["segment"].(string)+": "+strings.Join(names, ", "))
	}
	want := []string{a.seg().ID.String() + ": TWIN A", b.seg().ID.String() + ": TWIN B, TWIN C"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("by_segment %q; want %q", got, want)
	}
	ic := ofType(evs, TypeIdentityChange)
	if len(ic) != 1 || ic[0].Attrs["from"] != "TWIN B" || ic[0].Attrs["to"] != "TWIN C" {
		t.Fatalf("identity changes %+v; want only TWIN B → TWIN C", ic)
	}
	if ic[0].End != t0+25*15*m {
		t.Errorf("rename at %s; want the first TWIN C report", FormatTime(ic[0].End))
	}
}
