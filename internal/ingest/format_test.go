package ingest

import (
	"errors"
	"io"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
)

func TestDetectFormat(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       Format
	}{
		{"plain VDM", "!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23\n", FormatNMEA},
		{"comment first", "# a log\n#\n!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23\n", FormatNMEA},
		{"tag block", `\s:42809,c:1635731889,t:1635731965*6A\!AIVDM,1,1,,,403t>B1vFhQr5` + "`NonbBw?>G00<0n,0*7B\n", FormatNMEA},
		{"lone tag block + PGHP", "\\si:AISD*3F\\\n$PGHP,1,2013,11,12,12,0,0,11,219,,2190067,1,62*26\n", FormatNMEA},
		{"NAIS trailer", "!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30,d-080,S2118,t050056.00\n", FormatNMEA},
		{"VDO talker dashes", "!--VDO,1,1,,,B5NIeAP00=qmw14cRKvQSwm5WP06,0*51\n", FormatNMEA},
		{"DMA aisdk", "# Timestamp,Type of mobile,MMSI,Latitude,Longitude,Navigational status,ROT,SOG,COG\n", FormatDMACSV},
		{"MarineCadastre quoted", `"MMSI","BaseDateTime","LAT","LON","SOG","COG"` + "\n", FormatMarineCadastreCSV},
		{"MarineCadastre", "MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName\n", FormatMarineCadastreCSV},
		{"Solent", "Time,MMSI,Latitude_degrees,Longitude_degrees,COG_degrees,SOG_knots\n", FormatCSV},
		{"Auckland", "mmsi,timestamp_utc,lat,lon,sog_kn,cog_deg,heading\n", FormatCSV},
		{"CRLF", "mmsi,time,lat,lon\r\n1,2,3,4\r\n", FormatCSV},
		{"lone CRs, comments first", "# a log\r# more\r!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23\r", FormatNMEA},
		{"CR CR LF", "# a log\r\r\n!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23\r\n", FormatNMEA},
		{"markdown quoting NMEA", "# Title\n\nSee `!AIVDM,1,1,,A,13HOI:0P0000VOHLCnHQKwvL05Ip,0*23`\n", FormatAuto},
		{"other CSV", "seq,commit,commit_time_utc\n", FormatAuto},
		{"JSON", `{"features":[]}`, FormatAuto},
		{"empty", "", FormatAuto},
	} {
		got, err := DetectFormat([]byte(c.head))
		if got != c.want || (c.want == FormatAuto) != errors.Is(err, ErrUnknownFormat) {
			t.Errorf("%s: got %v, %v; want %v", c.name, got, err, c.want)
		}
	}
}

// TestDetectFormatRealFiles checks detection on the heads of real captures.
func TestDetectFormatRealFiles(t *testing.T) {
	for path, want := range map[string]Format{
		"ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz": FormatMarineCadastreCSV,
		"ais/aisdb/test_data_noaa_20230101.csv":                                 FormatMarineCadastreCSV,
		"ais/stonesoup-solent/SolentAIS_20160112_130211.csv.gz":                 FormatCSV,
		"ais/auckland-at-vessels-2017/positions_derived.csv.gz":                 FormatCSV,
		"ais/aisdb/test_data_20210701.csv.gz":                                   FormatCSV,
		"ais/dma-aisdk-header/aisdk_header.csv":                                 FormatDMACSV,
		"ais/dma-aisabnormal/ais-sample.txt.gz":                                 FormatNMEA,
		"ais/dma-aislib/stream_example.txt":                                     FormatNMEA,
		"ais/aisdb/test_data_20211101.nm4":                                      FormatNMEA,
		"ais/aisdb/test_data_201201.nmea":                                       FormatNMEA,
		"ais/gpsd/sample.aivdm":                                                 FormatNMEA,
		"ais/pyais/mixed.txt":                                                   FormatNMEA,
		"ais/auckland-at-vessels-2017/SOURCE.md":                                FormatAuto,
	} {
		head := readHead(t, shareddata.Path(t, path))
		got, _ := DetectFormat(head)
		if got != want {
			t.Errorf("%s: detected %v; want %v", path, got, want)
		}
	}
}

// readHead returns the first 64 KiB of a file's text, gunzipped if needed.
func readHead(t *testing.T, path string) []byte {
	t.Helper()
	o, err := openInput(path)
	if err != nil {
		t.Fatal(err)
	}
	defer o.closer.Close()
	head := make([]byte, peekSize)
	n, err := io.ReadFull(o.text, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	return head[:n]
}
