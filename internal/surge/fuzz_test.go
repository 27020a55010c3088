package surge

import (
	"encoding/binary"
	"math"
	"os"
	"testing"
)

// FuzzParse checks that no input panics the series parser, that a parsed
// series is rectangular with as many time labels as points, and that the
// default detector and the surge helper accept whatever the parser returns.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/quality_control_1.json", "testdata/simulated_port_calls.csv"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("time,count\n2023-01-01,1\n2023-01-02,x\n2023-01-03,5,6\n"))
	f.Add([]byte(`{"name":"a","n_obs":2,"n_dim":1,"time":{"index":[0,1]},"series":[{"label":"v","raw":[1,null]}]}`))
	f.Add([]byte(`{"n_obs":1,"n_dim":2,"series":[{"raw":[1]}]}`))
	f.Add([]byte(`{"n_obs":4000000000000,"n_dim":1,"series":[{"raw":[1]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, st, err := Parse(data)
		if err != nil {
			return
		}
		n := s.Len()
		if n == 0 || len(s.Times) != n {
			t.Fatalf("len %d with %d times", n, len(s.Times))
		}
		for _, d := range s.Dims {
			if len(d) != n {
				t.Fatalf("ragged dims")
			}
		}
		if st.Rows > 0 && st.Rows != n {
			t.Fatalf("rows %d; len %d", st.Rows, n)
		}
		if n > 300 { // larger inputs only slow the fuzzer down (PELT is O(n²) without changes)
			return
		}
		fit, err := Detect(s, DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range fit.CPs {
			if c <= 0 || c >= n || (i > 0 && c <= fit.CPs[i-1]) {
				t.Fatalf("bad change points %v for n=%d", fit.CPs, n)
			}
		}
		for _, c := range Changes(s.Dims[0], fit.CPs) {
			if c.Ratio != nil && (math.IsNaN(*c.Ratio) || math.IsInf(*c.Ratio, 0)) {
				t.Fatalf("ratio %v", *c.Ratio)
			}
		}
	})
}

// FuzzBOCPD feeds arbitrary values (including ±Inf, NaN, subnormals and
// huge magnitudes) to the online detector: no panic, change probabilities
// in [0, 1] or NaN once a NaN was fed, and an increasing MAP segmentation.
func FuzzBOCPD(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 240, 63, 0, 0, 0, 0, 0, 0, 0, 64}, 1e-4)
	f.Add([]byte{1, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 239, 127}, 0.0)
	f.Fuzz(func(t *testing.T, data []byte, prune float64) {
		cfg := TCPDBOCPD
		if prune >= 0 && prune < 1 {
			cfg.Prune = prune
		}
		b, err := NewBOCPD(cfg, 1)
		if err != nil {
			t.Fatal(err)
		}
		sawNaN := false
		for i := 0; i+8 <= len(data) && i < 8*500; i += 8 {
			v := math.Float64frombits(binary.LittleEndian.Uint64(data[i:]))
			sawNaN = sawNaN || math.IsNaN(v)
			p := b.Update(v)
			if !(p >= 0 && p <= 1) && !sawNaN && !math.IsNaN(p) {
				t.Fatalf("change probability %v after %d values", p, i/8+1)
			}
		}
		cps := b.MAP()
		for i, c := range cps {
			if c <= 0 || c >= b.T() || (i > 0 && c <= cps[i-1]) {
				t.Fatalf("MAP %v after %d values", cps, b.T())
			}
		}
	})
}
