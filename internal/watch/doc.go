// Package watch is Lookout's watch layer: sanctions and user watch lists
// (OFAC SDN CSV, UN Security Council consolidated XML, a simple watchlist
// CSV), screening of vessel identity histories against them, watched areas
// with entry/exit events, and alert rules.
//
// Identifier matches (IMO, MMSI) are exact and score 1. Name matches are
// reported apart, with a lower score, and never mixed up with identifier
// matches: a name is weak evidence, an IMO number is not.
package watch
