package store

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/lookout-osint/lookout/internal/track"
)

// FuzzBlock checks that decoding arbitrary bytes never panics, and that any
// block that decodes re-encodes to the same fixes (encode∘decode round trip).
func FuzzBlock(f *testing.F) {
	var q []qfix
	for i := range 50 {
		fx := simFix(1, i, 1, 3)
		q = append(q, quantize(&fx))
	}
	f.Add(encodeBlock(nil, q, 1694044800000))
	f.Add(encodeBlock(nil, q[:1], 1694044800000))
	na := track.Fix{Time: 1694044800123, Lat: -1.5, Lon: 179.999999, SOG: float32(math.NaN()), COG: float32(math.NaN()), Heading: -1}
	f.Add(encodeBlock(nil, []qfix{quantize(&na)}, 1694044800000))
	f.Add([]byte{blockVersion, 0, 0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		const base = 1694044800000
		d, err := decodeBlock(nil, b, base)
		if err != nil {
			return
		}
		again, err := decodeBlock(nil, encodeBlock(nil, d, base), base)
		if err != nil || !equalQ(d, again) {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, d, again)
		}
	})
}

// FuzzRecords feeds arbitrary bytes to the decoders of the other stored
// values: they must return an error or a value, never panic.
func FuzzRecords(f *testing.F) {
	si := SourceInfo{ID: 1, Name: "x.nmea", Size: 10, Lines: 3, Progress: 2}
	f.Add(encodeSource(&si))
	f.Add(encodeIdentities([]track.Identity{{MMSI: 1, Name: "A", Callsign: "B", From: 1, To: 2}}))
	f.Add(encodeRaw(nil, [][]byte{[]byte("!AIVDM"), nil}))
	f.Add(encodeVessel(vesselRec{first: 1, last: 2, fixes: 3}))
	f.Add(binary.AppendUvarint([]byte{1}, 1<<40))
	f.Fuzz(func(t *testing.T, b []byte) {
		decodeSource(1, b)
		decodeIdentities(1, b)
		decodeRaw(b)
		decodeVessel(b)
	})
}
