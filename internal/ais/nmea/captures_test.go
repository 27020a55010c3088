package nmea

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
)

// capture is the expected outcome of decoding one real log. why explains
// every bad count against the defects its SOURCE.md states.
type capture struct {
	path                           string // testdata/… or shared:ais/…
	lines, sentences, msgs, others int64
	bad                            map[Reason]int64
	why                            string
}

var captures = []capture{
	// --- copies in testdata (redistributable) ---
	{"testdata/gpsd/sample.aivdm", 1121, 118, 101, 0, map[Reason]int64{BadFraming: 1, TooShort: 1},
		"SOURCE: 118 sentences, 102 messages, 1 unparsed line. Line 978 is gpsd's deliberate 'fragment missing its !'; line 1098 is a type 1 with 5 fill bits (163 bits < 168), counted too short. Lines 1080-1081 end in a literal \\x0d\\x0a, skipped."},
	{"testdata/pyais/mixed.txt", 35, 14, 12, 5, map[Reason]int64{BadChecksum: 1, BadFraming: 3, BadTagBlock: 3},
		"SOURCE: 14 sentences, 12 messages, 3 tag blocks with a bad checksum (the '*A' ones, sentences kept), 2 unparsed lines ('foobar', 'IamNotAnAisMessage1111') plus the tag-blocked sentence without checksum ',013' (bad framing); the second $PGHP (2009) has the 2008 line's checksum (bad checksum). Other NMEA: $GPGGA, $GPRTE, $GPR00, $IIMWV, $PGHP."},
	{"testdata/pyais/sample.ais", 22, 12, 11, 0, map[Reason]int64{BadChecksum: 1, BadFraming: 3, BadTagBlock: 4},
		"SOURCE: 13 VDM sentences, 12 messages, 4 bad tag-block checksums (sentences kept), 1 unparsed line. Bad framing: 'IamNotAnAisMessage1111', the sentence without checksum, and '!AAVDM,0,1' (fragment count 0); the $PGHP (2009) has a stale checksum."},
	{"testdata/pyais/gatehouse.nmea", 11, 4, 4, 3, map[Reason]int64{BadChecksum: 1},
		"SOURCE: 4 $PGHP lines; one (2009) carries the 2008 line's checksum."},
	{"testdata/pyais/nmea_data_sample.txt", 898, 898, 778, 0, map[Reason]int64{EmptyPayload: 100, OrphanFragment: 20},
		"SOURCE: 100 empty payloads and 'incomplete multipart' messages; the file has 20 first fragments of 2 and no second fragment at all (grep ',2,2,' finds none), so 20 orphans (SOURCE's own script said 12)."},
	{"testdata/gfw/bad-tagblock-group.nmea", 2, 2, 1, 0, nil, "g:1-2--001: the odd group id is taken as an opaque string, same in both fragments, so the type 21 assembles."},
	{"testdata/gfw/bad-type5.nmea", 7, 6, 2, 0, map[Reason]int64{BadFraming: 3, TooShort: 1},
		"Two tag-blocked fragments per line (talkers AB and AI) assemble; one type 5 is 400 bits (< 420, too short); 3 lines of bare payload are bad framing."},
	{"testdata/gfw/ee-multiline.nmea", 10, 10, 8, 0, nil, "g: groups where only the first tag block has s:/c:."},
	{"testdata/gfw/errors.nmea", 5, 3, 3, 0, map[Reason]int64{BadChecksum: 2}, "SOURCE: 2 bad checksums."},
	{"testdata/gfw/mixed_types.nmea", 109, 109, 99, 0, nil, "20 types, 5 each (8: 4)."},
	{"testdata/gfw/multi-part.nmea", 93, 93, 43, 0, nil, "43 two-part messages (93 sentences with 7 singles)."},
	{"testdata/gfw/sample.nmea", 3, 3, 3, 0, nil, "c: in ms, T: human time, a stray quote after one checksum (trailer, ignored)."},
	{"testdata/gfw/single-message-type-5.nmea", 1, 0, 0, 0, map[Reason]int64{BadChecksum: 1}, "SOURCE: one sentence with a bad checksum."},
	{"testdata/gfw/spire-test.nmea", 2, 4, 2, 0, map[Reason]int64{BadTagBlock: 4},
		"Spire tag blocks with placeholder '*00' are bad (4, times dropped); the sentences are valid, both fragments on each line, so 2 type 5 assemble."},
	{"testdata/gfw/type1-bad-bitcount.nmea", 13, 12, 12, 0, nil, "186-bit type 1 payloads are longer than needed: decoded, not errors."},
	{"testdata/gfw/type8.nmea", 2, 1, 1, 0, nil, "minimal"},
	{"testdata/dma/replay_dump.txt", 108, 51, 50, 57, nil, "SOURCE: 51 sentences, 50 messages, 57 $PGHP."},
	// --- shared only (not redistributable here, or large) ---
	{"shared:ais/gpsd/ais-nmea.log", 1500, 183, 171, 1313, nil, "SOURCE: 183 sentences, 171 messages; 1313 $GP… sentences from the receiver's GNSS."},
	{"shared:ais/gpsd/ais-nmea-type6-fid55.log", 1487, 1480, 1326, 0, nil, "SOURCE: 1480 sentences, 1326 messages."},
	{"shared:ais/gpsd/ais-18-27.log", 280, 276, 276, 0, nil, "SOURCE: 276/276."},
	{"shared:ais/gpsd/ais-raw-messages.log", 121, 114, 109, 0, nil, "SOURCE: 114/109."},
	{"shared:ais/gpsd/ais_unpack_sixbit.log", 28, 20, 13, 0, nil, "SOURCE: 20/13."},
	{"shared:ais/dma-aislib/stream_example.txt", 8551, 4500, 4051, 4051, nil,
		"SOURCE: 4482 sentences, 4033 messages, plus 18 '!--VDM' sentences that it left out and we decode (valid checksums): 4500 and 4051."},
	{"shared:ais/dma-aislib/ais250.txt", 243, 251, 243, 0, nil,
		"SOURCE: 235 messages by a one-sentence-per-line parser, 8 two-part type 5 written on one line with a literal \\r\\n: 243."},
	{"shared:ais/dma-aislib/decode_encode_messages.txt", 646, 646, 601, 0, nil, "SOURCE: 646/601."},
	{"shared:ais/dma-aisabnormal/ais-sample.txt.gz", 80246, 26146, 26077, 28023, nil, "SOURCE: 26146/26077; 27050 $PGHP + 967 $PSTT + 6 $PFEC = 28023 other NMEA."},
	{"shared:ais/dma-aisabnormal/ais-sample-micro.txt.gz", 28, 10, 9, 9, nil, "SOURCE: 10/9."},
	{"shared:ais/dma-aisabnormal/538004030_drift_1.ais.gz", 16104, 5475, 5252, 5377, nil, "SOURCE: 5475/5252; 5297 $PGHP + 80 $PSTT; standalone si: tag blocks, g: groups, trailing unix times."},
	{"shared:ais/dma-aisabnormal/212123000_drift_1.ais.gz", 10018, 3692, 3130, 3196, nil, "SOURCE: 3692/3130."},
	{"shared:ais/dma-aisabnormal/219165000_ssc_1.ais", 249, 89, 80, 80, nil, "SOURCE: 89/80."},
	{"shared:ais/aisdb/test_data_20211101.nm4", 1000, 997, 979, 0, nil, "SOURCE: 997 sentences, 979 messages; the other 3 lines are blank; CR LF line ends; c: is taken as the time (t: is the later receive time)."},
	{"shared:ais/aisdb/test_data_201201.nmea", 26, 26, 26, 0, nil, "SOURCE: one message of each of 26 types, NAIS trailers."},
	{"shared:ais/pyais/ais_test_messages", 9, 8, 7, 0, nil, "SOURCE: 8/7."},
	{"shared:ais/pyais/messages.ais", 11, 6, 6, 0, nil, "SOURCE: 6/6."},
	{"shared:ais/pyais/timestamped.ais", 11, 4, 4, 3, map[Reason]int64{BadChecksum: 1}, "Same $PGHP with a stale checksum as gatehouse.nmea."},
}

// openCapture opens a capture, skipping when a shared one is absent.
func openCapture(t testing.TB, path string) io.Reader {
	t.Helper()
	if rel, ok := strings.CutPrefix(path, "shared:"); ok {
		path = shareddata.Path(t, rel)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if !strings.HasSuffix(path, ".gz") {
		return f
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

func TestCaptures(t *testing.T) {
	for _, c := range captures {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			d := NewDecoder(openCapture(t, c.path), filepath.Base(c.path), Options{})
			for {
				if _, err := d.Next(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatal(err)
				}
			}
			st := d.Stats()
			ok := st.Lines == c.lines && st.Sentences == c.sentences && st.Messages == c.msgs && st.OtherNMEA == c.others
			for r := range NumReasons {
				ok = ok && st.Bad[r] == c.bad[r]
			}
			if !ok {
				t.Errorf("got %s\nwant %d lines, %d sentences, %d messages, %d other, bad %v\n(%s)",
					st, c.lines, c.sentences, c.msgs, c.others, c.bad, c.why)
			}
		})
	}
}
