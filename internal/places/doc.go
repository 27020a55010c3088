// Package places holds Lookout's reference places: the World Port Index
// gazetteer (NGA Pub 150), the Natural Earth 10m land mask with fast
// point-in-land and distance-to-shore look-ups, and watched sites loaded
// from GeoJSON or CSV.
//
// The gazetteer and the land mask ship inside the binary in a compact
// derived form (see embedded/SOURCE.md and gen/), so Default works with no
// file beside the binary; Load with Options reads newer editions instead.
// Look-ups are safe for concurrent use once a value is built.
package places
