package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/lookout-osint/lookout/internal/detect"
	"github.com/lookout-osint/lookout/internal/store"
	"github.com/lookout-osint/lookout/internal/track"
	"github.com/lookout-osint/lookout/internal/watch"
	"github.com/spf13/cobra"
)

func init() { register("screen", newScreenCmd) }

type screenFlags struct {
	db     string
	lists  []string
	format string
	events bool
}

func newScreenCmd(e *env) *cobra.Command {
	var f screenFlags
	c := &cobra.Command{
		Use:   "screen --list FILE [--list FILE...]",
		Short: "Screen every stored vessel's identity history against sanctions and watch lists",
		Long: `Screen matches every stored vessel, over its whole identity history, against
the lists given: OFAC SDN (legacy sdn.csv), the UN Security Council consolidated
list (XML), or a watchlist CSV with an imo,mmsi,name,note header. IMO and MMSI
matches are exact (score 1); name matches are reported apart with a lower score
("name", or "name_variant" for spellings such as MAYA 1 / MAIA-1). Matches are
stored as sanctions_match events (replacing earlier screening results) unless
--events=false.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if len(f.lists) == 0 {
				return usageErrorf("screen: give at least one --list FILE")
			}
			if err := checkFormat(f.format, "table", "ndjson", "csv"); err != nil {
				return err
			}
			return runScreen(e, f)
		},
	}
	addDBFlag(c, &f.db)
	c.Flags().StringArrayVar(&f.lists, "list", nil, "list file (OFAC sdn.csv, UN consolidated XML, watchlist CSV; .gz ok); repeatable")
	c.Flags().StringVar(&f.format, "format", "table", "output: table, ndjson or csv")
	c.Flags().BoolVar(&f.events, "events", true, "store matches as sanctions_match events")
	return c
}

func runScreen(e *env, f screenFlags) error {
	lists, err := loadLists(e, f.lists)
	if err != nil {
		return err
	}
	st, err := store.Open(f.db, store.Options{ReadOnly: !f.events})
	if err != nil {
		return fmt.Errorf("screen: %w", err)
	}
	defer st.Close()
	ids, err := storedIdentities(st)
	if err != nil {
		return err
	}
	matches := watch.NewScreener(lists...).Screen(ids)
	if f.events {
		if err := storeMatchEvents(st, matches); err != nil {
			return err
		}
	}
	if err := writeMatches(e.stdout, f.format, matches); err != nil {
		return err
	}
	byKind := map[string]int{}
	for _, m := range matches {
		byKind[m.Kind]++
	}
	fmt.Fprintf(e.stderr, "screen: %d identities of stored vessels against %d lists: %d matches (imo %d, mmsi %d, name %d, name variant %d)\n",
		len(ids), len(lists), len(matches), byKind[watch.MatchIMO], byKind[watch.MatchMMSI], byKind[watch.MatchName], byKind[watch.MatchSound])
	return nil
}

// loadLists reads every list file, reporting malformed rows with their
// line numbers on stderr.
func loadLists(e *env, paths []string) ([]*watch.List, error) {
	var lists []*watch.List
	for _, p := range paths {
		fh, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("list: %w", err)
		}
		l, err := watch.ParseList(fh, p)
		fh.Close()
		if err != nil {
			return nil, err
		}
		if l.Published.IsZero() {
			l.Published = dateInName(p) // OFAC's CSV carries no date of its own
		}
		for i, pe := range l.Problems {
			if i == 5 {
				fmt.Fprintf(e.stderr, "list %s: … %d more malformed rows\n", p, len(l.Problems)-5)
				break
			}
			fmt.Fprintf(e.stderr, "list: skipped %v\n", &pe)
		}
		v, imo, mmsi := l.Vessels()
		fmt.Fprintf(e.stderr, "list %s: %s, %d entries, %d vessels (%d with IMO, %d with MMSI), %d malformed rows\n",
			p, l.Label(), len(l.Entries), v, imo, mmsi, len(l.Problems))
		lists = append(lists, l)
	}
	return lists, nil
}

var reDate = regexp.MustCompile(`(\d{4}-\d{2}-\d{2})`)

// dateInName returns the YYYY-MM-DD date in a file name (zero if none), the
// convention for naming list snapshots such as ofac-sdn-2024-05-03.csv.gz.
func dateInName(path string) time.Time {
	m := reDate.FindString(filepath.Base(path))
	t, _ := time.Parse("2006-01-02", m)
	return t
}

// storedIdentities returns every stored vessel's identity history; a vessel
// that never said who it is is screened by its MMSI over the time it was seen.
func storedIdentities(st *store.Store) ([]track.Identity, error) {
	vs, err := st.Vessels()
	if err != nil {
		return nil, err
	}
	var ids []track.Identity
	for _, v := range vs {
		hist, err := st.Identities(v.MMSI)
		if err != nil {
			return nil, err
		}
		if len(hist) == 0 {
			hist = []track.Identity{{MMSI: v.MMSI, From: v.FirstSeen, To: v.LastSeen}}
		}
		ids = append(ids, hist...)
	}
	return ids, nil
}

// storeMatchEvents replaces the stored sanctions_match events by these
// matches, leaving every other event as it is.
func storeMatchEvents(st *store.Store, matches []watch.Match) error {
	evs := watch.MatchEvents(matches, time.Now().UnixMilli())
	return replaceEventTypes(st, []string{detect.TypeSanctionsMatch}, evs)
}

// matchRecord is one output row.
type matchRecord struct {
	MMSI      uint32  `json:"mmsi"`
	IMO       uint32  `json:"imo,omitempty"`
	Name      string  `json:"name,omitempty"`
	List      string  `json:"list"`
	ListDate  string  `json:"list_date,omitempty"`
	Entry     string  `json:"entry"`
	EntryID   string  `json:"entry_id"`
	Programs  string  `json:"programs"`
	Match     string  `json:"match"`
	Score     float64 `json:"score"`
	ValidFrom string  `json:"valid_from,omitempty"`
	ValidTo   string  `json:"valid_to,omitempty"`
}

func toRecord(m watch.Match) matchRecord {
	r := matchRecord{MMSI: m.MMSI, IMO: m.IMO, Name: m.Name, List: m.List.Name, Entry: m.Entry.Name, EntryID: m.Entry.ID,
		Programs: strings.Join(m.Entry.Programs, ","), Match: m.Kind, Score: m.Score}
	if !m.List.Published.IsZero() {
		r.ListDate = m.List.Published.Format("2006-01-02")
	}
	if m.ValidFrom != 0 || m.ValidTo != 0 {
		r.ValidFrom, r.ValidTo = formatTime(m.ValidFrom), formatTime(m.ValidTo)
	}
	return r
}

func writeMatches(w io.Writer, format string, ms []watch.Match) error {
	switch format {
	case "ndjson":
		enc := json.NewEncoder(w)
		for _, m := range ms {
			if err := enc.Encode(toRecord(m)); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"mmsi", "imo", "name", "list", "list_date", "entry", "entry_id", "programs", "match", "score", "valid_from", "valid_to"})
		for _, m := range ms {
			r := toRecord(m)
			cw.Write([]string{u32(r.MMSI), u32(r.IMO), r.Name, r.List, r.ListDate, r.Entry, r.EntryID, r.Programs, r.Match,
				strconv.FormatFloat(r.Score, 'f', -1, 64), r.ValidFrom, r.ValidTo})
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MMSI\tIMO\tNAME\tMATCH\tSCORE\tLIST\tENTRY\tPROGRAMS\tVALID")
	for _, m := range ms {
		r := toRecord(m)
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%.1f\t%s\t%s (%s)\t%s\t%s … %s\n", r.MMSI, u32(r.IMO), r.Name, r.Match, r.Score,
			m.List.Label(), r.Entry, r.EntryID, r.Programs, r.ValidFrom, r.ValidTo)
	}
	return tw.Flush()
}

func u32(v uint32) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatUint(uint64(v), 10)
}
