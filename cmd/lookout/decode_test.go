package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/ais/nmea"
)

var update = flag.Bool("update", false, "rewrite golden files")

const decodeInput = "testdata/decode/mixed.nmea"

func TestDecodeGolden(t *testing.T) {
	out, stderr, err := runCLI(t, "decode", decodeInput)
	if err != nil {
		t.Fatal(err)
	}
	golden := "testdata/decode/mixed.golden.ndjson"
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s:\n%s", golden, out)
	}
	for _, s := range []string{"22 lines", "12 sentences", "11 messages", "bad_checksum 3 at " + decodeInput + ":7 " + decodeInput + ":19 " + decodeInput + ":21", "sentences/s"} {
		if !strings.Contains(stderr, s) {
			t.Errorf("summary %q lacks %q", stderr, s)
		}
	}
}

func TestDecodeGzipAndStdin(t *testing.T) {
	raw, err := os.ReadFile(decodeInput)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	zw.Close()
	path := filepath.Join(t.TempDir(), "in.nmea.gz")
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	plain, _, _ := runCLI(t, "decode", decodeInput)
	fromGz, _, err := runCLI(t, "decode", path)
	if err != nil || strings.ReplaceAll(fromGz, path, decodeInput) != plain {
		t.Errorf("gzip input: %v; output differs", err)
	}
	var out, errb bytes.Buffer
	err = Run(context.Background(), []string{"decode", "-"}, bytes.NewReader(gz.Bytes()), &out, &errb)
	if err != nil || strings.ReplaceAll(out.String(), `"src":"-:`, `"src":"`+decodeInput+`:`) != plain {
		t.Errorf("stdin input: %v; output differs", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	_, _, err := runCLI(t, "decode", "--strict", decodeInput)
	if exitCode(err) != 1 || !strings.Contains(err.Error(), decodeInput+":7: bad_checksum") {
		t.Errorf("--strict: got %v (exit %d); want the bad checksum at line 7, exit 1", err, exitCode(err))
	}
	_, _, err = runCLI(t, "decode", "testdata/decode/no-such-file.nmea")
	if exitCode(err) != 1 {
		t.Errorf("missing file: got %v (exit %d); want exit 1", err, exitCode(err))
	}
	_, _, err = runCLI(t, "decode", "--format", "csv", decodeInput)
	if exitCode(err) != 2 {
		t.Errorf("--format csv: got %v (exit %d); want exit 2", err, exitCode(err))
	}
	_, _, err = runCLI(t, "decode")
	if exitCode(err) != 2 {
		t.Errorf("no file: got %v (exit %d); want exit 2", err, exitCode(err))
	}
}

// BenchmarkDecodeNDJSON measures the whole decode command path (framing,
// assembly, payload decoding, JSON) on DMA's merged stream, to io.Discard.
func BenchmarkDecodeNDJSON(b *testing.B) {
	data, err := os.ReadFile("../../examples/sample/dma-stream-2010-06-11.nmea")
	if err != nil {
		b.Skip(err)
	}
	data = bytes.Repeat(data, 20)
	r := bytes.NewReader(data)
	d := nmea.NewDecoder(r, "bench", nmea.Options{})
	w := bufio.NewWriterSize(io.Discard, 256<<10)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for range b.N {
		r.Reset(data)
		d.Reset(r, "bench")
		if err := decodeStream(context.Background(), w, d, decodeSrcPrefix("bench")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(d.Stats().Sentences)/b.Elapsed().Seconds(), "sentences/s")
}
