package watch

import "strings"

// vesselPrefixes are leading tokens that name the kind of ship, not the
// ship: "MV ANGARA" and "M/V ANGARA" are both ANGARA.
var vesselPrefixes = map[string]bool{
	"MV": true, "MT": true, "MS": true, "SS": true, "FV": true, "RV": true,
	"MY": true, "SV": true, "TS": true, "LNG": false,
}

// numberWords maps spelled-out and Roman numbers to digits, so that
// "SPARTA IV", "SPARTA 4" and "SPARTA FOUR" agree.
var numberWords = map[string]string{
	"ZERO": "0", "ONE": "1", "TWO": "2", "THREE": "3", "FOUR": "4", "FIVE": "5",
	"SIX": "6", "SEVEN": "7", "EIGHT": "8", "NINE": "9", "TEN": "10",
	"ELEVEN": "11", "TWELVE": "12", "II": "2", "III": "3", "IV": "4",
	"VI": "6", "VII": "7", "VIII": "8", "IX": "9", "XI": "11", "XII": "12",
}

// NameKey normalises a vessel name for matching: upper case, punctuation
// removed, a leading vessel-type prefix (MV, M/V, MT, …) dropped, number
// words and Roman numerals after the first word turned into digits, and
// spaces removed. "M/V Maia-1", "MAIA 1" and "MAIA ONE" all give "MAIA1".
func NameKey(name string) string {
	toks := strings.FieldsFunc(strings.ToUpper(name), func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 127)
	})
	if len(toks) > 1 && vesselPrefixes[toks[0]] {
		toks = toks[1:]
	} else if len(toks) > 2 && toks[0] == "M" && (toks[1] == "V" || toks[1] == "T") {
		toks = toks[2:]
	}
	for i := 1; i < len(toks); i++ {
		if d, ok := numberWords[toks[i]]; ok {
			toks[i] = d
		}
	}
	return strings.Join(toks, "")
}

// SoundKey folds a NameKey further for transliteration variants common in
// ship names (Y/I, PH/F, C/K, W/V, Z/S, doubled letters): "MAYA1" and
// "MAIA1" share the key "MAIA1". A SoundKey match is weaker evidence than a
// NameKey match.
func SoundKey(key string) string {
	r := strings.NewReplacer("PH", "F", "CK", "K", "KH", "K", "Y", "I", "C", "K", "Q", "K", "W", "V", "Z", "S", "J", "I")
	s := r.Replace(key)
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] && (s[i] < '0' || s[i] > '9') {
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}
