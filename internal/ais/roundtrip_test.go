package ais

import (
	"encoding/binary"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
)

// canon returns m without its bit buffer, for comparisons.
func canon(m *Message) Message {
	c := *m
	c.bits = bitBuf{}
	c.Bits = 0
	return c
}

// roundTrip encodes a random message of type typ drawn from seed, decodes
// it, and reports any difference.
func roundTrip(t *testing.T, typ uint8, seed uint64) {
	t.Helper()
	want := randomMessage(rand.New(rand.NewPCG(seed, uint64(typ))), typ)
	payload, fill := encode(want)
	var got Message
	if err := got.Decode(payload, fill); err != nil {
		t.Fatalf("type %d seed %d: Decode(%s, %d): %v", typ, seed, payload, fill, err)
	}
	if g, w := canon(&got), canon(want); !reflect.DeepEqual(g, w) {
		t.Fatalf("type %d seed %d: payload %s fill %d\n got %+v\nwant %+v", typ, seed, payload, fill, g, w)
	}
	var v map[string]any
	if err := json.Unmarshal(got.AppendJSON(nil), &v); err != nil {
		t.Fatalf("type %d seed %d: invalid JSON %s: %v", typ, seed, got.AppendJSON(nil), err)
	}
}

// TestRoundTrip runs the round trip over every type with fixed seeds.
func TestRoundTrip(t *testing.T) {
	for typ := uint8(1); typ <= 27; typ++ {
		for seed := uint64(0); seed < 200; seed++ {
			roundTrip(t, typ, seed)
		}
	}
}

// FuzzRoundTrip: random field values -> encode -> Decode -> same fields.
func FuzzRoundTrip(f *testing.F) {
	for typ := uint8(1); typ <= 27; typ++ {
		f.Add(typ, []byte{typ, 1, 2, 3, 4, 5, 6, 7})
	}
	f.Fuzz(func(t *testing.T, typ uint8, seed []byte) {
		typ = typ%27 + 1
		var s [8]byte
		copy(s[:], seed)
		roundTrip(t, typ, binary.LittleEndian.Uint64(s[:]))
	})
}
