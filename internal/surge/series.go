package surge

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Series is a regularly spaced series of one or more dimensions. Values are
// indexed [dim][i]; a missing value is NaN.
type Series struct {
	Name   string
	Times  []string    // one label per observation ("" when absent)
	Dims   [][]float64 // Dims[d][i]
	Labels []string    // one label per dimension
}

// Len returns the number of observations.
func (s *Series) Len() int {
	if len(s.Dims) == 0 {
		return 0
	}
	return len(s.Dims[0])
}

// Missing returns the number of NaN values over all dimensions.
func (s *Series) Missing() int {
	m := 0
	for _, d := range s.Dims {
		for _, v := range d {
			if math.IsNaN(v) {
				m++
			}
		}
	}
	return m
}

// ErrFormat reports input that is not a series in the expected format.
var ErrFormat = errors.New("not a valid series")

// ParseError locates a problem in a CSV series.
type ParseError struct {
	Line int
	Err  error
}

// Error formats the position and the cause.
func (e *ParseError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns the cause, for errors.Is(err, ErrFormat).
func (e *ParseError) Unwrap() error { return e.Err }

// ParseStats counts the CSV rows skipped, by reason, with the first line of
// each reason, so that bad input is never lost silently.
type ParseStats struct {
	Rows    int
	Skipped map[string]int
	First   map[string]int // reason → first line number
}

func (p *ParseStats) skip(reason string, line int) {
	if p.Skipped == nil {
		p.Skipped = map[string]int{}
		p.First = map[string]int{}
	}
	if p.Skipped[reason] == 0 {
		p.First[reason] = line
	}
	p.Skipped[reason]++
}

// tcpdFile is the subset of TCPD's schema.json that a detector needs.
type tcpdFile struct {
	Name string `json:"name"`
	NObs int    `json:"n_obs"`
	NDim int    `json:"n_dim"`
	Time struct {
		Index []int    `json:"index"`
		Raw   []string `json:"raw"`
	} `json:"time"`
	Series []struct {
		Label string     `json:"label"`
		Raw   []*float64 `json:"raw"`
	} `json:"series"`
}

// ParseTCPD decodes a series in the TCPD JSON format (schema.json). A null
// value becomes NaN. The declared n_obs and n_dim must match the data.
func ParseTCPD(data []byte) (*Series, error) {
	var f tcpdFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("tcpd json: %w: %w", ErrFormat, err)
	}
	if f.NObs <= 0 || f.NDim <= 0 || len(f.Series) != f.NDim {
		return nil, fmt.Errorf("tcpd json: %w: n_obs %d, n_dim %d, %d series", ErrFormat, f.NObs, f.NDim, len(f.Series))
	}
	for d, col := range f.Series {
		if len(col.Raw) != f.NObs {
			return nil, fmt.Errorf("tcpd json: %w: dimension %d has %d values, n_obs %d", ErrFormat, d, len(col.Raw), f.NObs)
		}
	}
	s := &Series{Name: f.Name, Times: make([]string, f.NObs)}
	if len(f.Time.Raw) == f.NObs {
		copy(s.Times, f.Time.Raw)
	}
	for _, col := range f.Series {
		v := make([]float64, f.NObs)
		for i, p := range col.Raw {
			v[i] = math.NaN()
			if p != nil {
				v[i] = *p
			}
		}
		s.Dims = append(s.Dims, v)
		s.Labels = append(s.Labels, col.Label)
	}
	return s, nil
}

// ParseCSV decodes a `time,count` CSV with a header line. Rows with a wrong
// number of fields or a value that is not a finite number are skipped and
// counted in the returned stats; a file with no usable row is an error.
func ParseCSV(data []byte) (*Series, ParseStats, error) {
	var st ParseStats
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	s := &Series{Labels: []string{"count"}, Dims: [][]float64{nil}}
	for line := 1; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, st, &ParseError{Line: line, Err: fmt.Errorf("%w: %w", ErrFormat, err)}
		}
		if line == 1 && isHeader(rec) {
			if len(rec) > 1 {
				s.Labels[0] = strings.TrimSpace(rec[1])
			}
			continue
		}
		addCSVRow(s, &st, rec, line)
	}
	if s.Len() == 0 {
		return nil, st, fmt.Errorf("csv: %w: no data rows", ErrFormat)
	}
	return s, st, nil
}

func isHeader(rec []string) bool {
	if len(rec) < 2 {
		return true
	}
	_, err := strconv.ParseFloat(strings.TrimSpace(rec[1]), 64)
	return err != nil
}

func addCSVRow(s *Series, st *ParseStats, rec []string, line int) {
	if len(rec) != 2 {
		st.skip("field count", line)
		return
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(rec[1]), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		st.skip("bad number", line)
		return
	}
	st.Rows++
	s.Times = append(s.Times, strings.TrimSpace(rec[0]))
	s.Dims[0] = append(s.Dims[0], v)
}

// Parse decodes TCPD JSON when data starts with '{', else a CSV.
func Parse(data []byte) (*Series, ParseStats, error) {
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '{' {
		s, err := ParseTCPD(data)
		return s, ParseStats{}, err
	}
	return ParseCSV(data)
}
