package surge

import (
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
