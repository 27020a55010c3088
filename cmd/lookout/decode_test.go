package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

func TestDemo(t *testing.T) {
	t.Chdir("../..")
	out, _, err := runCLI(t, "demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"4051 messages", "1933 distinct MMSIs", "2010-06-11T11:46:10Z", "5:424", "bad input: 0"} {
		if !strings.Contains(out, s) {
			t.Errorf("demo output lacks %q:\n%s", s, out)
		}
	}
}
