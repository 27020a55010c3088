package track

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDedupeMayHold checks that the tag prefilter never rules out a key a
// ring holds, and rules out most others.
func TestDedupeMayHold(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var d Dedupe
	d.StaleWindowMs = -1
	var r dedupeRing
	held := map[uint64]bool{}
	var order []uint64
	out := 0
	for i := range 100000 {
		k := rng.Uint64()
		if i%7 == 0 {
			k &^= 0xff << 56 // a tag of 0, as unused slots have
		}
		d.remember(&r, k, &Fix{Time: int64(i)}, false)
		order = append(order, k)
		held[k] = true
		if len(order) > dedupeSlots {
			delete(held, order[len(order)-dedupeSlots-1])
		}
		for h := range held {
			if !r.mayHold(h) {
				t.Fatalf("after %d keys, %x held but ruled out", i+1, h)
			}
		}
		if !r.mayHold(rng.Uint64()) {
			out++
		}
	}
	if out < 80000 {
		t.Errorf("only %d of 100000 random keys ruled out", out)
	}
}

// fullKin is the kin of f with every field computed, as kin.set did before
// it left out what no comparison reads.
func fullKin(f *Fix) kin {
	k := kin{drSOG: speedKn(f.SOG)}
	course := 0.0
	if courseKnown(f.COG) {
		course = float64(f.COG)
	} else {
		k.drSOG = 0
	}
	k.sinC, k.cosC = sincosDeg(course)
	_, k.cosLat = sincosDeg(math.Abs(f.Lat))
	k.invLon = 1 / (nmPerDegLat * (k.cosLat + 1e-3))
	return k
}

// fullDiscrepancy is discrepancy as it was before expected and offPath
// returned early for a fix without (dead-reckoning) speed: every term
// computed from every field of the kin.
func fullDiscrepancy(a *Fix, ak *kin, b *Fix, bk *kin, hours, shape float64) float64 {
	exp := func(n *Fix, k *kin, hours float64) (float64, float64) {
		dist := k.drSOG * hours
		return n.Lon + k.sinC*dist*k.invLon, n.Lat + k.cosC*dist/nmPerDegLat
	}
	off := func(n *Fix, k *kin, east, north float64) float64 {
		along := east*k.sinC + north*k.cosC
		if along <= 0 || along > speedKn(n.SOG)*hours {
			return math.Inf(1)
		}
		return math.Abs(east*k.cosC - north*k.sinC)
	}
	x2p, y2p := exp(a, ak, hours)
	x1p, y1p := exp(b, bk, -hours)
	nmPerDegLon := nmPerDegLat * 0.5 * (ak.cosLat + bk.cosLat)
	d1 := 0.5 * (hyp(nmPerDegLon*wrapDeg(x1p-a.Lon), nmPerDegLat*(y1p-a.Lat)) +
		hyp(nmPerDegLon*wrapDeg(x2p-b.Lon), nmPerDegLat*(y2p-b.Lat)))
	east := nmPerDegLon * wrapDeg(b.Lon-a.Lon)
	north := nmPerDegLat * (b.Lat - a.Lat)
	d := min(d1, hyp(east, north)*shape)
	return min(d, 0.5*(off(b, bk, east, north)+off(a, ak, east, north))*shape)
}

// TestLazyKin checks that the kin kin.set makes, with its cache and the
// fields it leaves out, gives discrepancy bit for bit the value of fully
// computed kin and the old, unshortened discrepancy: over random streams
// of one vessel in which speed is often 0, unknown or negative, course
// often unknown, and positions repeat or sit at ±0 longitude.
func TestLazyKin(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pick := func(fs ...float32) float32 { return fs[rng.IntN(len(fs))] }
	nan := float32(math.NaN())
	cfg := DefaultSegmenterConfig()
	for stream := range 2000 {
		var c trigCache
		var prev Fix
		var prevK kin
		lat, lon := rng.Float64()*180-90, rng.Float64()*360-180
		if stream%5 == 0 {
			lon = math.Copysign(0, float64(stream%2)-0.5)
		}
		for i := range 50 {
			f := Fix{Time: int64(i) * 30000, Lat: lat, Lon: lon,
				SOG: pick(0, 0, nan, -1, 0.2, float32(rng.Float64()*30)),
				COG: pick(nan, 360, 0, float32(rng.IntN(3600))/10, float32(rng.Float64()*360))}
			if rng.IntN(3) == 0 { // moves; else repeats its position
				lat = max(-90, min(90, lat+rng.NormFloat64()*0.01))
				lon += rng.NormFloat64() * 0.01
			}
			var k kin
			k.set(f.Lat, f.SOG, f.COG, &c)
			fk := fullKin(&f)
			if k.cosLat != fk.cosLat {
				t.Fatalf("cosLat %v, full %v", k.cosLat, fk.cosLat)
			}
			if i > 0 {
				for _, h := range []float64{0, 1.0 / 360, 0.5, 7} {
					got := discrepancy(&prev, &prevK, &f, &k, h, cfg.ShapeFactor)
					want := fullDiscrepancy(&prev, &prevK, &f, &fk, h, cfg.ShapeFactor)
					pfk := fullKin(&prev)
					full := fullDiscrepancy(&prev, &pfk, &f, &fk, h, cfg.ShapeFactor)
					if math.Float64bits(got) != math.Float64bits(want) || math.Float64bits(got) != math.Float64bits(full) {
						t.Fatalf("stream %d fix %d (%+v after %+v), %v h: %v, want %v (full %v)",
							stream, i, f, prev, h, got, want, full)
					}
				}
			}
			prev, prevK = f, k
		}
	}
}

// TestSqrtPenalizedMatchesConfig checks the Segmenter's penalizedHours
// (sqrtPenalized for HoursExp 0.5, with a multiplication for a
// power-of-two PenaltyHours), which match inlines, against the config's
// general formula bit for bit, for several PenaltyHours and intervals
// from negative (fixes out of order) to days.
func TestSqrtPenalizedMatchesConfig(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	hs := []float64{0, math.Copysign(0, -1), -1, 1e-9, 1.0 / 3600, 0.5, 1, 4, 24, 1e6}
	for range 10000 {
		hs = append(hs, rng.Float64()*48-1, float64(rng.IntN(86400000))/msPerHour)
	}
	for _, ph := range []float64{4, 3, 0.5, 0.1, 6.25, 1024, 1.0 / 3} {
		cfg := DefaultSegmenterConfig()
		cfg.PenaltyHours = ph
		s, err := NewSegmenter(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if !s.k.sqrtHours || (s.k.invPenaltyHours != 0) != (ph == 4 || ph == 0.5 || ph == 1024) {
			t.Fatalf("PenaltyHours %v: derived %+v", ph, s.k)
		}
		for _, h := range hs {
			if got, want := s.penalizedHours(h), cfg.penalizedHours(h); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("PenaltyHours %v, %v h: %v, general formula %v", ph, h, got, want)
			}
		}
	}
}
