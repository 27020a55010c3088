package watch

import (
	"fmt"
	"sort"

	"github.com/lookout-osint/lookout/internal/track"
)

// Match kinds, as written in the "match" field.
const (
	MatchIMO   = "imo"
	MatchMMSI  = "mmsi"
	MatchName  = "name"
	MatchSound = "name_variant"
)

// Scores of each kind of match. Identifiers are exact; names are weak.
const (
	ScoreIdentifier = 1.0
	ScoreName       = 0.7
	ScoreSound      = 0.5
)

// Match is one stored vessel identity found on one list entry.
type Match struct {
	MMSI      uint32
	IMO       uint32 // the IMO the vessel reported (0 if none)
	Name      string // the name the vessel reported
	List      *List
	Entry     *Entry
	Kind      string  // one of the Match* constants
	Score     float64 // ScoreIdentifier, ScoreName or ScoreSound
	ValidFrom int64   // Unix ms: the matched identity's validity
	ValidTo   int64
	Src       track.SourceRef // the raw message that reported the identity
}

// Screener screens identities against a set of lists, using indexes built
// once so that screening is linear in the identities.
type Screener struct {
	byIMO, byMMSI   map[uint32][]ref
	byName, bySound map[string][]ref
}

type ref struct {
	list  *List
	entry *Entry
}

// NewScreener indexes the vessel entries of lists by IMO, MMSI, NameKey and
// SoundKey (names and aliases).
func NewScreener(lists ...*List) *Screener {
	s := &Screener{byIMO: map[uint32][]ref{}, byMMSI: map[uint32][]ref{}, byName: map[string][]ref{}, bySound: map[string][]ref{}}
	for _, l := range lists {
		for i := range l.Entries {
			e := &l.Entries[i]
			if e.Kind != "vessel" {
				continue
			}
			r := ref{l, e}
			if e.IMO != 0 {
				s.byIMO[e.IMO] = append(s.byIMO[e.IMO], r)
			}
			if e.MMSI != 0 {
				s.byMMSI[e.MMSI] = append(s.byMMSI[e.MMSI], r)
			}
			for _, n := range append([]string{e.Name}, e.Aliases...) {
				if k := NameKey(n); len(k) >= 3 {
					s.byName[k] = appendRef(s.byName[k], r)
					sk := SoundKey(k)
					s.bySound[sk] = appendRef(s.bySound[sk], r)
				}
			}
		}
	}
	return s
}

func appendRef(rs []ref, r ref) []ref {
	for _, x := range rs {
		if x.entry == r.entry {
			return rs
		}
	}
	return append(rs, r)
}

// Screen returns the matches of every identity, identifier matches first.
// An entry matched by an identifier is not reported again for that vessel
// by name. Identities of one vessel that match one entry the same way with
// the same reported name and IMO are merged into one match spanning their
// validity.
func (s *Screener) Screen(ids []track.Identity) []Match {
	merged := map[string]*Match{}
	var order []string
	add := func(id *track.Identity, r ref, kind string, score float64) {
		key := fmt.Sprintf("%d|%p|%s|%d|%s", id.MMSI, r.entry, kind, id.IMO, id.Name)
		if m, ok := merged[key]; ok {
			m.ValidFrom = min(m.ValidFrom, id.From)
			m.ValidTo = max(m.ValidTo, id.To)
			return
		}
		merged[key] = &Match{MMSI: id.MMSI, IMO: id.IMO, Name: id.Name, List: r.list, Entry: r.entry,
			Kind: kind, Score: score, ValidFrom: id.From, ValidTo: id.To, Src: id.Src}
		order = append(order, key)
	}
	byID := map[uint32]map[*Entry]bool{} // per MMSI: entries matched by identifier
	for i := range ids {
		id := &ids[i]
		hit := func(rs []ref, kind string) {
			for _, r := range rs {
				if byID[id.MMSI] == nil {
					byID[id.MMSI] = map[*Entry]bool{}
				}
				byID[id.MMSI][r.entry] = true
				add(id, r, kind, ScoreIdentifier)
			}
		}
		if id.IMO != 0 {
			hit(s.byIMO[id.IMO], MatchIMO)
		}
		hit(s.byMMSI[id.MMSI], MatchMMSI)
	}
	for i := range ids {
		id := &ids[i]
		k := NameKey(id.Name)
		if len(k) < 3 {
			continue
		}
		seen := map[*Entry]bool{}
		for _, r := range s.byName[k] {
			if !byID[id.MMSI][r.entry] {
				seen[r.entry] = true
				add(id, r, MatchName, ScoreName)
			}
		}
		for _, r := range s.bySound[SoundKey(k)] {
			if !byID[id.MMSI][r.entry] && !seen[r.entry] {
				add(id, r, MatchSound, ScoreSound)
			}
		}
	}
	out := make([]Match, 0, len(order))
	for _, k := range order {
		out = append(out, *merged[k])
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].MMSI < out[j].MMSI
	})
	return out
}
