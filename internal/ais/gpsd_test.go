package ais_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/ais"
	"github.com/lookout-osint/lookout/internal/ais/nmea"
)

// The gpsd agreement test: every AIS message of gpsd's regression logs
// (testdata/gpsd, see SOURCE.md) is decoded and compared field by field
// with gpsd's expected output, after scaling gpsd's unscaled integers to
// the natural units of AppendJSON (gpsdValue). A disagreement fails the
// test unless the quirks table (gpsd_quirks_test.go) explains it.

// jsonChecks are the daemon logs whose .chk echoes each input sentence
// followed by gpsd's JSON for the message it completed.
var jsonChecks = []string{
	"ais-18-27.log.chk",
	"ais-nmea.log.chk.gz",
	"ais-nmea-type6-fid55.log.chk.gz",
	"ais-raw-messages.log.chk",
	"ais_unpack_sixbit.log.chk",
}

// readFile returns a testdata file, gunzipped when its name ends in .gz.
func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "gpsd", name))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(name, ".gz") {
		return b
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// decoded is one message of ours: its JSON as a map, and where it came from.
type decoded struct {
	line   int // line of the last sentence
	msg    ais.Message
	fields map[string]any
	err    error
}

// decodeAll frames data with the nmea package and decodes every message.
func decodeAll(t testing.TB, data []byte, name string) []decoded {
	t.Helper()
	d := nmea.NewDecoder(bytes.NewReader(data), name, nmea.Options{})
	var out []decoded
	for {
		f, err := d.NextFrame()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		x := decoded{line: int(f.LastLine)}
		x.err = x.msg.Decode(f.Payload, f.FillBits)
		if x.err != nil && !errors.Is(x.err, ais.ErrTooShort) {
			t.Errorf("%s:%d: %v", name, f.Line, x.err)
			continue
		}
		x.fields = map[string]any{}
		if err := json.Unmarshal(x.msg.AppendJSON(nil), &x.fields); err != nil {
			t.Fatalf("%s:%d: our JSON does not parse: %v", name, f.Line, err)
		}
		out = append(out, x)
	}
}

// gpsdMessage is one expected message: gpsd's fields (JSON types: float64,
// string, bool) and the line of the last sentence it follows.
type gpsdMessage struct {
	src    string
	line   int
	fields map[string]any
}

// readJSONCheck reads a daemon .chk: the AIS JSON objects, each with the
// line of the last sentence before it (gpsd writes a message's JSON after
// its last sentence, sometimes after other NMEA sentences and repeated).
func readJSONCheck(t *testing.T, name string, data []byte) []gpsdMessage {
	var out []gpsdMessage
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	last := 0
	for n := 1; sc.Scan(); n++ {
		l := sc.Bytes()
		if bytes.HasPrefix(l, []byte("!")) {
			last = n
		}
		if !bytes.HasPrefix(l, []byte(`{"class":"AIS"`)) {
			continue
		}
		m := map[string]any{}
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("%s:%d: %v", name, n, err)
		}
		out = append(out, gpsdMessage{src: fmt.Sprintf("%s:%d", name, n), line: last, fields: m})
	}
	return out
}

// agreement tallies a comparison run.
type agreement struct {
	messages, fields, quirks int
	quirkUse                 map[string]int
}

func TestGpsdJSONAgreement(t *testing.T) {
	var a agreement
	a.quirkUse = map[string]int{}
	for _, name := range jsonChecks {
		data := readFile(t, name)
		ours := decodeAll(t, data, name)
		byLine := map[int]*decoded{}
		for i := range ours {
			byLine[ours[i].line] = &ours[i]
		}
		names, next := map[uint32]string{}, 0
		for _, g := range readJSONCheck(t, name, data) {
			for ; next < len(ours) && ours[next].line <= g.line; next++ {
				if o := &ours[next]; o.msg.Type == 24 && o.msg.Static.PartNo == 0 {
					names[o.msg.MMSI] = o.msg.Static.ShipName()
				}
			}
			o := byLine[g.line]
			if o == nil {
				t.Errorf("%s: gpsd decoded a message we did not", g.src)
				continue
			}
			a.compare(t, g, o, names)
		}
	}
	t.Logf("JSON checks: %d messages, %d fields agree, %d explained by quirks %v",
		a.messages, a.fields, a.quirks, a.quirkUse)
	if a.messages < 1500 {
		t.Errorf("compared only %d messages", a.messages)
	}
}

// compare checks every gpsd field of g against ours. part24A supplies the
// shipname of the matching 24A when gpsd merged the two parts.
func (a *agreement) compare(t *testing.T, g gpsdMessage, o *decoded, part24A map[uint32]string) {
	t.Helper()
	a.messages++
	typ := int(o.msg.Type)
	for k, gv := range g.fields {
		if skipKey(k) {
			continue
		}
		want, present, ok := gpsdValue(&o.msg, k, gv)
		if !ok {
			t.Errorf("%s: type %d: no conversion for gpsd field %q", g.src, typ, k)
			continue
		}
		got, have := o.fields[k]
		if typ == 24 && k == "shipname" && part24A != nil {
			got, have = part24A[o.msg.MMSI], part24A[o.msg.MMSI] != ""
		}
		if have == present && (!present || same(got, want)) {
			a.fields++
			continue
		}
		if q := findQuirk(&o.msg, k, got, want); q != "" {
			a.quirks++
			a.quirkUse[q]++
			continue
		}
		t.Errorf("%s: type %d mmsi %d field %q: got %v (present %v); gpsd %v -> want %v (present %v)",
			g.src, typ, o.msg.MMSI, k, got, have, gv, want, present)
	}
}

// skipKey lists gpsd keys that are not message fields or that we do not
// write: class/scaled are envelope; *_text are gpsd's legends for codes.
func skipKey(k string) bool {
	return k == "class" || k == "scaled" || k == "device" || strings.HasSuffix(k, "_text")
}

// same compares a value of our JSON with a converted gpsd value.
func same(got, want any) bool {
	switch w := want.(type) {
	case float64:
		g, ok := got.(float64)
		return ok && (g == w || abs(g-w) <= 1e-9*max(abs(w), 1))
	case bool:
		g, ok := got.(bool)
		return ok && g == w
	default:
		return got == want
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
