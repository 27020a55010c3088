package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/lookout-osint/lookout/internal/store"
	"github.com/spf13/cobra"
)

func init() { register("vessels", newVesselsCmd) }

func newVesselsCmd(e *env) *cobra.Command {
	var db, format string
	c := &cobra.Command{
		Use:   "vessels",
		Short: "List the vessels in a store: identity, flag, first/last seen, fixes",
		Long: `List one row per vessel in the store: MMSI, IMO, name, call sign, ship type,
flag (from the MMSI's MID), first and last fix time and the number of fixes.
Identity fields are the latest the vessel reported. Works while an ingest runs
(it reads what was committed when it started).`,
		Args: cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			if err := checkFormat(format, "table", "ndjson", "csv"); err != nil {
				return err
			}
			s, err := store.Open(db, store.Options{ReadOnly: true})
			if err != nil {
				return err
			}
			defer s.Close()
			vs, err := s.Vessels()
			if err != nil {
				return err
			}
			return writeVessels(e.stdout, format, vs)
		},
	}
	addDBFlag(c, &db)
	c.Flags().StringVar(&format, "format", "table", "output format: table, ndjson or csv")
	return c
}

var vesselColumns = []string{"mmsi", "imo", "name", "callsign", "shiptype", "flag", "first_seen", "last_seen", "fixes"}

// vesselRow renders a vessel as the strings of vesselColumns.
func vesselRow(v *store.Vessel) []string {
	imo := ""
	if v.Identity.IMO != 0 {
		imo = strconv.FormatUint(uint64(v.Identity.IMO), 10)
	}
	st := ""
	if v.Identity.ShipType != 0 {
		st = strconv.Itoa(int(v.Identity.ShipType))
	}
	first, last := "", ""
	if v.Fixes > 0 {
		first, last = formatTime(v.FirstSeen), formatTime(v.LastSeen)
	}
	return []string{strconv.FormatUint(uint64(v.MMSI), 10), imo, v.Identity.Name, v.Identity.Callsign,
		st, flagName(v), first, last, strconv.FormatUint(v.Fixes, 10)}
}

// flagName is the flag state, or the bare MID when the table lacks it.
func flagName(v *store.Vessel) string {
	switch {
	case v.Country != "":
		return v.Country
	case v.Flag != 0:
		return strconv.Itoa(int(v.Flag))
	}
	return ""
}

func writeVessels(w io.Writer, format string, vs []store.Vessel) error {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(vesselColumns)
		for i := range vs {
			cw.Write(vesselRow(&vs[i]))
		}
		cw.Flush()
		return cw.Error()
	case "ndjson":
		return writeVesselsNDJSON(w, vs)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MMSI\tIMO\tNAME\tCALLSIGN\tTYPE\tFLAG\tFIRST SEEN\tLAST SEEN\tFIXES")
	for i := range vs {
		r := vesselRow(&vs[i])
		for j, f := range r {
			if f == "" {
				r[j] = "-"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])
	}
	return tw.Flush()
}

type vesselJSON struct {
	MMSI      uint32 `json:"mmsi"`
	IMO       uint32 `json:"imo,omitempty"`
	Name      string `json:"name,omitempty"`
	Callsign  string `json:"callsign,omitempty"`
	ShipType  uint8  `json:"shiptype,omitempty"`
	MID       uint32 `json:"mid,omitempty"`
	Flag      string `json:"flag,omitempty"`
	FirstSeen string `json:"first_seen,omitempty"`
	LastSeen  string `json:"last_seen,omitempty"`
	Fixes     uint64 `json:"fixes"`
}

func writeVesselsNDJSON(w io.Writer, vs []store.Vessel) error {
	enc := json.NewEncoder(w)
	for i := range vs {
		v := &vs[i]
		j := vesselJSON{MMSI: v.MMSI, IMO: v.Identity.IMO, Name: v.Identity.Name, Callsign: v.Identity.Callsign,
			ShipType: v.Identity.ShipType, MID: v.Flag, Flag: v.Country, Fixes: v.Fixes}
		if v.Fixes > 0 {
			j.FirstSeen, j.LastSeen = formatTime(v.FirstSeen), formatTime(v.LastSeen)
		}
		if err := enc.Encode(&j); err != nil {
			return err
		}
	}
	return nil
}
