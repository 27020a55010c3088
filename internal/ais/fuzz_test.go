package ais_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/lookout-osint/lookout/internal/ais"
	"github.com/lookout-osint/lookout/internal/ais/nmea"
)

// seedFiles are the logs whose payloads seed the fuzzers and benchmarks.
var seedFiles = []string{
	"sample.aivdm", "ais-nmea.log", "ais-nmea-type6-fid55.log", "ais-18-27.log",
	"ais-raw-messages.log", "ais_unpack_sixbit.log",
}

// payload is one assembled armoured payload with its fill bits.
type payload struct {
	data []byte
	fill int
}

// realPayloads returns every assembled payload of the seed files.
func realPayloads(tb testing.TB) []payload {
	tb.Helper()
	var out []payload
	for _, name := range seedFiles {
		d := nmea.NewDecoder(bytes.NewReader(readFile(tb, name)), name, nmea.Options{})
		for {
			f, err := d.NextFrame()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, payload{append([]byte(nil), f.Payload...), f.FillBits})
		}
	}
	return out
}

// onePerType returns the first real payload of each message type (and
// DAC/FI), so that a Message that decoded them all has every sub-struct
// filled with stale values.
func onePerType(tb testing.TB) []payload {
	seen := map[[3]int]bool{}
	var out []payload
	var m ais.Message
	for _, p := range realPayloads(tb) {
		if m.Decode(p.data, p.fill) != nil {
			continue
		}
		k := [3]int{int(m.Type), int(m.Binary.DAC), int(m.Binary.FID)}
		if !seen[k] {
			seen[k] = true
			out = append(out, p)
		}
	}
	return out
}

// FuzzDecode: Decode never panics on any payload, its JSON is valid, and
// decoding into a reused Message gives the same JSON as a fresh one.
func FuzzDecode(f *testing.F) {
	for _, p := range realPayloads(f) {
		f.Add(p.data, p.fill)
	}
	var reused ais.Message
	dirty := onePerType(f)
	f.Fuzz(func(t *testing.T, data []byte, fill int) {
		var fresh ais.Message
		err := fresh.Decode(data, fill)
		for _, p := range dirty {
			_ = reused.Decode(p.data, p.fill)
		}
		err2 := reused.Decode(data, fill)
		if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("fresh error %v, reused error %v", err, err2)
		}
		if err != nil && !errors.Is(err, ais.ErrTooShort) {
			return
		}
		a, b := fresh.AppendJSON(nil), reused.AppendJSON(nil)
		if !json.Valid(a) {
			t.Fatalf("invalid JSON %s", a)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("stale state:\nfresh  %s\nreused %s", a, b)
		}
	})
}
