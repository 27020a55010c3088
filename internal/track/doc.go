// Package track turns decoded position reports into per-vessel tracks: the
// canonical Fix and Identity types, ordering, dedupe, bad-fix filters and
// segmenting of one MMSI's stream into physically plausible segments
// (shared/docs/DETECTORS.md §1). Reorder, Dedupe and Segmenter are the
// stages; Chain runs the three fused, as ingest does. It is pure: no I/O,
// no goroutines, no clock.
package track
