package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/lookout-osint/lookout/internal/surge"
	"github.com/spf13/cobra"
)

func init() { register("surge", newSurgeCmd) }

type surgeFlags struct {
	format, method, bench string
}

func newSurgeCmd(e *env) *cobra.Command {
	var f surgeFlags
	c := &cobra.Command{
		Use:   "surge [--format json|csv] [--method NAME] FILE | surge --bench DIR [--format text|json]",
		Short: "Find change points and surges in a count series",
		Long: `Reads a series in TCPD JSON (schema.json) or a "time,count" CSV with a header
('-' reads standard input) and prints every change point (two-sided) and the
surges (rises) with the mean level before and after and their ratio. Multivariate
TCPD series are segmented jointly; levels are those of the first dimension.

Methods: default (a vote: a change is kept where two of PELT piecewise
constant, PELT piecewise linear and BOCPD agree within 3 points; PELT with MBIC
penalties and a noise scale from residuals inflated for autocorrelation;
seasonality removed first), binseg and pelt (R changepoint defaults as TCPDBench ran them), bocpd
(Normal-Gamma, λ=100, MAP segmentation), zero (no change).

--bench DIR scores every series under DIR (datasets/ and simulated/ as in TCPD;
annotations.json in DIR or its parent) with F1 (margin 5) and cover, beside the
published default rows.`,
		Args: func(_ *cobra.Command, args []string) error {
			if f.bench != "" && len(args) > 0 {
				return usageErrorf("--bench takes a directory, not FILE arguments")
			}
			if f.bench == "" && len(args) != 1 {
				return usageErrorf("want one FILE (or --bench DIR), got %d arguments", len(args))
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			if f.bench != "" {
				if f.format == "" {
					f.format = "text"
				}
				if err := checkFormat(f.format, "text", "json"); err != nil {
					return err
				}
				return runSurgeBench(e, f)
			}
			if f.format == "" {
				f.format = "json"
			}
			if err := checkFormat(f.format, "json", "csv"); err != nil {
				return err
			}
			return runSurgeFile(e, f, args[0])
		},
	}
	c.Flags().StringVar(&f.format, "format", "", "output format: json (default) or csv; with --bench text (default) or json")
	c.Flags().StringVar(&f.method, "method", "default", "detector: default, binseg, pelt, bocpd or zero")
	c.Flags().StringVar(&f.bench, "bench", "", "score every TCPD series under DIR")
	return c
}

// surgeOut is the JSON document printed for one series.
type surgeOut struct {
	N            int            `json:"n"`
	ChangePoints []int          `json:"change_points"`
	Surges       []surge.Change `json:"surges"`
}

func runSurgeFile(e *env, f surgeFlags, path string) error {
	m, ok := surge.Methods[f.method]
	if !ok {
		return usageErrorf("--method %q: want one of %v", f.method, methodNames())
	}
	s, err := readSeries(e, path)
	if err != nil {
		return err
	}
	cps, err := m(s)
	if err != nil {
		return fmt.Errorf("surge %s: %w", path, err)
	}
	changes := surge.Changes(s.Dims[0], cps)
	for i := range changes {
		changes[i].Time = s.Times[changes[i].Index]
	}
	if f.format == "csv" {
		return writeChangesCSV(e.stdout, changes)
	}
	out := surgeOut{N: s.Len(), ChangePoints: append([]int{}, cps...), Surges: []surge.Change{}}
	for _, c := range changes {
		if c.Rise() {
			out.Surges = append(out.Surges, c)
		}
	}
	enc := json.NewEncoder(e.stdout)
	return enc.Encode(out)
}

func methodNames() []string {
	var names []string
	for n := range surge.Methods {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// readSeries reads and parses path ('-' for stdin), reporting skipped CSV
// rows on stderr.
func readSeries(e *env, path string) (*surge.Series, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(e.stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("surge: %w", err)
	}
	s, st, err := surge.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("surge %s: %w", path, err)
	}
	for reason, n := range st.Skipped {
		fmt.Fprintf(e.stderr, "lookout surge: %s: skipped %d rows (%s), first at line %d\n", path, n, reason, st.First[reason])
	}
	if m := s.Missing(); m > 0 {
		fmt.Fprintf(e.stderr, "lookout surge: %s: %d missing values interpolated\n", path, m)
	}
	return s, nil
}

func writeChangesCSV(w io.Writer, changes []surge.Change) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"index", "time", "before", "after", "ratio", "surge"})
	for _, c := range changes {
		ratio := ""
		if c.Ratio != nil {
			ratio = strconv.FormatFloat(*c.Ratio, 'g', 6, 64)
		}
		_ = cw.Write([]string{strconv.Itoa(c.Index), c.Time, strconv.FormatFloat(c.Before, 'g', 6, 64),
			strconv.FormatFloat(c.After, 'g', 6, 64), ratio, strconv.FormatBool(c.Rise())})
	}
	cw.Flush()
	return cw.Error()
}

// benchRow is one series of the benchmark with each method's result.
type benchRow struct {
	Name    string                  `json:"name"`
	N       int                     `json:"n"`
	Dims    int                     `json:"dims"`
	Apart   bool                    `json:"apart"`
	Results []surge.Result          `json:"-"`
	Scores  map[string]*surge.Score `json:"scores"`
}

func runSurgeBench(e *env, f surgeFlags) error {
	cases, err := loadBench(e, f.bench)
	if err != nil {
		return err
	}
	rows := make([]benchRow, len(cases))
	for i, c := range cases {
		rows[i] = benchRow{Name: c.Series.Name, N: c.Series.Len(), Dims: len(c.Series.Dims), Apart: c.Apart, Scores: map[string]*surge.Score{}}
	}
	means := map[string][2]surge.Score{}
	for _, bm := range surge.BenchMethods {
		res := surge.Run(bm.M, cases)
		for i := range rows {
			rows[i].Results = append(rows[i].Results, res[i])
			if res[i].Err == nil {
				sc := res[i].Score
				rows[i].Scores[bm.Name] = &sc
			}
		}
		uni, all := benchMeans(cases, res)
		means[bm.Name] = [2]surge.Score{uni, all}
	}
	if f.format == "json" {
		return writeBenchJSON(e.stdout, rows, means)
	}
	return writeBenchText(e.stdout, f.bench, rows, means)
}

// benchMeans averages over the univariate series not set apart, and over
// all series not set apart.
func benchMeans(cases []surge.Case, res []surge.Result) (uni, all surge.Score) {
	var u []surge.Case
	var ur []surge.Result
	for i, c := range cases {
		if len(c.Series.Dims) == 1 {
			u, ur = append(u, c), append(ur, res[i])
		}
	}
	uni, _ = surge.Mean(u, ur)
	all, _ = surge.Mean(cases, res)
	return uni, all
}

// loadBench reads every series under dir that has annotations.
func loadBench(e *env, dir string) ([]surge.Case, error) {
	annPath, err := findAnnotations(dir)
	if err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(annPath)
	if err != nil {
		return nil, fmt.Errorf("surge bench: %w", err)
	}
	ann, err := surge.ParseAnnotations(raw)
	if err != nil {
		return nil, fmt.Errorf("surge bench %s: %w", annPath, err)
	}
	var cases []surge.Case
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		if b := filepath.Base(p); b == "annotations.json" || b == "schema.json" || b == "checksums.json" {
			return nil
		}
		c, ok := benchCase(e, p, ann)
		if ok {
			cases = append(cases, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("surge bench %s: %w", dir, err)
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("surge bench %s: no annotated series found", dir)
	}
	surge.SortCases(cases)
	return cases, nil
}

// benchCase parses one series file; unreadable files and series without
// annotations are reported on stderr and skipped.
func benchCase(e *env, p string, ann map[string]surge.Annotations) (surge.Case, bool) {
	data, err := os.ReadFile(p)
	if err == nil {
		var s *surge.Series
		if s, err = surge.ParseTCPD(data); err == nil {
			a, ok := ann[s.Name]
			if !ok {
				fmt.Fprintf(e.stderr, "lookout surge: %s: no annotations for %q, skipped\n", p, s.Name)
				return surge.Case{}, false
			}
			apart := s.Missing() > 0 || strings.Contains(filepath.ToSlash(p), "/simulated/")
			return surge.Case{Series: s, Ann: a, Apart: apart}, true
		}
	}
	fmt.Fprintf(e.stderr, "lookout surge: %s: %v, skipped\n", p, err)
	return surge.Case{}, false
}

// findAnnotations looks for annotations.json in dir, then its parent.
func findAnnotations(dir string) (string, error) {
	for _, d := range []string{dir, filepath.Dir(filepath.Clean(dir))} {
		p := filepath.Join(d, "annotations.json")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("surge bench: no annotations.json in %s or its parent: %w", dir, fs.ErrNotExist)
}

func writeBenchText(w io.Writer, dir string, rows []benchRow, means map[string][2]surge.Score) error {
	fmt.Fprintf(w, "TCPD benchmark on %s: F1 (margin 5) / cover per series\n\n", dir)
	fmt.Fprintf(w, "%-20s %5s %3s", "series", "n", "dim")
	for _, bm := range surge.BenchMethods {
		fmt.Fprintf(w, " %13s", bm.Name)
	}
	fmt.Fprintln(w)
	apartHeader := false
	for _, r := range rows {
		if r.Apart && !apartHeader {
			fmt.Fprintln(w, "\nreported apart, not averaged (missing values or synthetic quality-control series):")
			apartHeader = true
		}
		fmt.Fprintf(w, "%-20s %5d %3d", r.Name, r.N, r.Dims)
		for _, res := range r.Results {
			fmt.Fprintf(w, " %13s", scoreCell(res))
		}
		fmt.Fprintln(w)
	}
	nUni, nAll := countAveraged(rows)
	fmt.Fprintln(w)
	printMeanLine(w, fmt.Sprintf("mean, %d univariate", nUni), 0, means)
	printMeanLine(w, fmt.Sprintf("mean, all %d", nAll), 1, means)
	fmt.Fprintf(w, "\npublished defaults (mean F1 / cover on the 17 univariate series of shared/data/tcpd):\n")
	for _, p := range surge.PublishedDefaults {
		fmt.Fprintf(w, "  %-9s %.3f / %.3f  %s\n", p.Method, p.F1, p.Cover, p.Describe)
	}
	fmt.Fprintln(w, "\n"+benchSummary(means["default"][0], nUni))
	return nil
}

func scoreCell(r surge.Result) string {
	if r.Err != nil {
		if errors.Is(r.Err, surge.ErrUnsupported) {
			return "n/a(0)"
		}
		return "fail(0)"
	}
	return fmt.Sprintf("%.3f/%.3f", r.F1, r.Cover)
}

func countAveraged(rows []benchRow) (uni, all int) {
	for _, r := range rows {
		if r.Apart {
			continue
		}
		all++
		if r.Dims == 1 {
			uni++
		}
	}
	return uni, all
}

func printMeanLine(w io.Writer, label string, k int, means map[string][2]surge.Score) {
	fmt.Fprintf(w, "%-30s", label)
	for _, bm := range surge.BenchMethods {
		m := means[bm.Name][k]
		fmt.Fprintf(w, " %13s", fmt.Sprintf("%.3f/%.3f", m.F1, m.Cover))
	}
	fmt.Fprintln(w)
}

// benchSummary compares the default with the best published default row.
func benchSummary(def surge.Score, n int) string {
	best := surge.PublishedDefaults[0]
	for _, p := range surge.PublishedDefaults {
		if p.F1 > best.F1 {
			best = p
		}
	}
	verdict := "does not beat it on both"
	if def.F1 > best.F1 && def.Cover > best.Cover {
		verdict = "beats it on both"
	}
	return fmt.Sprintf("summary: default F1 %.3f cover %.3f on %d univariate series; best published default %s %.3f/%.3f; %s (target ≥ 0.75/0.72: %v)",
		def.F1, def.Cover, n, best.Method, best.F1, best.Cover, verdict, def.F1 >= 0.75 && def.Cover >= 0.72)
}

func writeBenchJSON(w io.Writer, rows []benchRow, means map[string][2]surge.Score) error {
	type meanOut struct {
		Univariate surge.Score `json:"univariate"`
		All        surge.Score `json:"all"`
	}
	out := struct {
		Series    []benchRow         `json:"series"`
		Means     map[string]meanOut `json:"means"`
		Published []surge.Published  `json:"published"`
	}{Series: rows, Means: map[string]meanOut{}, Published: surge.PublishedDefaults}
	for k, v := range means {
		out.Means[k] = meanOut{v[0], v[1]}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
