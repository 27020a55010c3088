package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lookout-osint/lookout/internal/shareddata"
)

const surgeFixture = "../../internal/surge/testdata/simulated_port_calls.csv"

func TestSurgeCSVToJSON(t *testing.T) {
	out, errOut, err := runCLI(t, "surge", surgeFixture)
	if err != nil {
		t.Fatal(err)
	}
	var got surgeOut
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if got.N != 120 || len(got.Surges) != 1 || got.Surges[0].Time == "" || got.Surges[0].Ratio == nil || *got.Surges[0].Ratio < 2 {
		t.Fatalf("got %+v; want 120 points and one surge ×≥2 with a time", got)
	}
	if !strings.Contains(errOut, "skipped 1 rows (bad number), first at line 43") {
		t.Errorf("stderr %q should report the bad row", errOut)
	}
}

func TestSurgeCSVOutputAndMethods(t *testing.T) {
	for _, m := range []string{"default", "binseg", "pelt", "bocpd", "zero"} {
		out, _, err := runCLI(t, "surge", "--format", "csv", "--method", m, surgeFixture)
		if err != nil || !strings.HasPrefix(out, "index,time,before,after,ratio,surge\n") {
			t.Fatalf("%s: %q, %v", m, out, err)
		}
	}
}

func TestSurgeUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"surge"},
		{"surge", "--method", "nope", surgeFixture},
		{"surge", "--format", "xml", surgeFixture},
		{"surge", "--bench", "x", surgeFixture},
	} {
		if _, _, err := runCLI(t, args...); exitCode(err) != 2 {
			t.Errorf("%v: %v; want usage error", args, err)
		}
	}
	if _, _, err := runCLI(t, "surge", "no-such-file.csv"); err == nil || exitCode(err) == 2 {
		t.Errorf("missing file: %v; want a plain error", err)
	}
}

func TestSurgeBench(t *testing.T) {
	dir := shareddata.Path(t, "tcpd/datasets")
	out, _, err := runCLI(t, "surge", "--bench", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"mean, 17 univariate", "uk_coal_employ", "published defaults", "summary: default F1"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench output lacks %q", want)
		}
	}
	if !strings.Contains(out, "target ≥ 0.75/0.72: true") {
		t.Errorf("the default should meet the target on the 17 univariate series:\n%s", out)
	}
	if !strings.Contains(out, "0.690/0.678   0.672/0.669") {
		t.Errorf("binseg/pelt means should reproduce the published 0.690/0.678 and 0.672/0.669:\n%s", out)
	}
}
