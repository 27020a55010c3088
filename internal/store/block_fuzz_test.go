package store

import (
	"encoding/binary"
	"testing"
)

// fuzzFixes turns arbitrary bytes into up to 256 fixes: a mode byte, then
// 12 bytes per fix, read as small steps of every field (so that runs,
// constant columns, whole units and grids occur) or, in raw mode, as
// whole values from anywhere in their range. The fixes need not be
// sorted: the encoder must round-trip any slice.
func fuzzFixes(b []byte) []qfix {
	if len(b) == 0 {
		return nil
	}
	mode := b[0]
	b = b[1:]
	var q []qfix
	x := qfix{t: blockBase, lat: 54000000, lon: -3000000, line: 1}
	for len(b) >= 12 && len(q) < 256 {
		u := binary.LittleEndian.Uint32
		if mode&0x80 != 0 {
			x = qfix{t: int64(u(b[0:])) << (b[11] & 31), lat: int32(u(b[4:])), lon: int32(u(b[8:])) ^ int32(b[1])<<24,
				sog: int32(u(b[2:])), cog: int32(u(b[5:])), hdg: int32(int16(u(b[3:]))), st: b[6], src: u(b[7:]), line: u(b[1:])}
			q, b = append(q, x), b[12:]
			continue
		}
		step := int64(int16(binary.LittleEndian.Uint16(b)))
		if mode&1 != 0 {
			step *= 1000
		}
		x.t += step
		scale := []int32{1, 10, 100, 1}[mode>>1&3]
		x.lat += int32(int8(b[2])) * scale
		x.lon += int32(int8(b[3])) * scale
		if mode>>1&3 == 3 {
			x.lat, x.lon = from600k(to600k(x.lat)), from600k(to600k(x.lon))
		}
		x.sog += int32(int8(b[4])) >> (mode >> 3 & 1 * 7)
		x.cog = int32(int16(binary.LittleEndian.Uint16(b[5:])))
		if mode&0x10 != 0 {
			x.cog = x.cog % 3600 / 10 * 10
		}
		x.hdg += int32(int8(b[7])) >> (mode >> 5 & 1 * 7)
		x.st ^= b[8] & b[9]
		x.src = uint32(b[9] % 3)
		x.line += uint32(int32(int8(b[10])))
		if mode&0x40 != 0 {
			x.line = uint32(len(q)) + 7
		}
		q, b = append(q, x), b[12:]
	}
	return q
}

// FuzzBlockFixes checks that encode then decode gives back any list of
// fixes exactly, and that every byte cut off the block is noticed.
func FuzzBlockFixes(f *testing.F) {
	f.Add([]byte{0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
	for _, mode := range []byte{0x01, 0x03, 0x05, 0x07, 0x09, 0x11, 0x21, 0x41, 0x80, 0xff} {
		seed := []byte{mode}
		for i := range 120 {
			seed = append(seed, byte(i*37), byte(i*11), byte(i%5), byte(250+i%7), byte(i%3), byte(i), 0, byte(i%2), byte(i), byte(i/7), byte(i%9), byte(i*i))
		}
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		q := fuzzFixes(data)
		b := encodeBlock(nil, q, blockBase)
		got, err := decodeBlock(nil, b, blockBase)
		if err != nil || !equalQ(got, q) {
			t.Fatalf("round trip of %d fixes: %v\n got %+v\nwant %+v", len(q), err, got, q)
		}
		if len(q) > 0 {
			if _, err := decodeBlock(nil, b[:len(b)-1], blockBase); err == nil {
				t.Fatalf("block of %d fixes cut by a byte decoded", len(q))
			}
		}
	})
}
