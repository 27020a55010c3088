package store

import (
	"strconv"
	"strings"
	"sync"
)

var (
	midOnce sync.Once
	midMap  map[uint32]string
)

// MIDCountry returns the flag state of a Maritime Identification Digits
// code (track.Flag), or "" when the MID is not allocated.
func MIDCountry(mid uint32) string {
	midOnce.Do(func() { midMap = parseMIDs(midTable) })
	return midMap[mid]
}

// parseMIDs reads "201 Albania|209-210 Cyprus|..." entries.
func parseMIDs(s string) map[uint32]string {
	m := map[uint32]string{}
	for _, e := range strings.Split(s, "|") {
		codes, name, ok := strings.Cut(e, " ")
		if !ok {
			continue
		}
		lo, hi, _ := strings.Cut(codes, "-")
		a, err1 := strconv.Atoi(lo)
		b, err2 := strconv.Atoi(hi)
		if err2 != nil {
			b = a
		}
		if err1 != nil {
			continue
		}
		for c := a; c <= b; c++ {
			m[uint32(c)] = name
		}
	}
	return m
}
