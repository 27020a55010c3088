// Package ingest turns raw AIS inputs (NMEA logs, national CSV exports) into
// track fixes and identities and hands them, in batches, to a sink that the
// caller wires to the store.
//
// It follows three tiers. Pure parsers (the CSV row parser, format
// detection, number and time parsing, message conversion) do no I/O and keep
// no clocks. The stream driver (Ingester) opens inputs, hashes their bytes,
// cuts them into chunks of whole lines, decodes the chunks on all cores,
// puts the results back in file order, runs the track stage and writes
// batches to a Sink. The wiring (flags, the store adapter, the progress
// bar) lives in cmd/lookout.
//
// # Inputs and formats
//
// Files, directories (walked recursively; files in them that are not AIS
// are skipped and listed), and "-" for stdin (spooled to a temporary file so
// that it is hashed before it is read, like a file). Gzip is recognised by
// its magic bytes. Each input is identified by the SHA-256 of its raw bytes,
// taken before it is read: an input the sink already completed is skipped
// unread, and a file whose size or modification time changes while it is
// read is refused (what was read stays committed, unmarked as complete).
//
// DetectFormat reads the first lines: NMEA 0183 (with or without tag
// blocks, $PGHP, NAIS trailers), DMA aisdk CSV, MarineCadastre CSV, or any
// CSV whose header names mmsi, time, lat and lon (matched case-insensitively
// with units from suffixes such as _kn, _deg; "_raw" columns only through
// --columns). See NewSchema and DetectFormat.
//
// # Time
//
// Every fix needs a time: positions without time are useless as evidence.
// NMEA messages take it from the tag block c:, a $PGHP line, a NAIS trailer
// (package nmea) or else the last valid $xxRMC sentence before them. An
// NMEA input whose first messages have none of these is refused, unless
// Options.TimeFromFileStart is set: then every message without its own time
// gets exactly that time. Nothing in such a file says how time advanced, so
// no spacing is invented; the tracks are then good for who was there, not
// for movement, and the provenance line numbers keep the file order.
//
// # Fixes and identities
//
// Position reports (types 1, 2, 3, 18, 19, 27; CSV rows with a position)
// become track.Fix with NaN speed and course and heading -1 when not
// available; the 91/181 placeholders and impossible coordinates never
// become fixes (they are counted). Static reports (types 5, 19, 24A/B; CSV
// static columns) become track.Identity; exports that repeat the static
// columns on every row give one record per vessel and identity per batch,
// its From..To widened, its provenance the row with the earliest time (then
// the first such line): the row the store's merge would keep. CSV exports
// give only overall length and width: they are stored as ToBow and ToPort.
//
// The track stage applies internal/track in this order: Reorder (per-MMSI
// time order within 10 minutes), Dedupe (the same report heard by several
// stations), and the Segmenter with its bad-fix filters (DETECTORS.md §1).
// Every dropped fix is counted by reason.
//
// # Provenance and failure
//
// Every fix and identity keeps a track.SourceRef: the source id the sink
// gave the input and the 1-based line of the raw line it came from, and the
// raw lines themselves go to the sink for the store's archive. Sources are
// marked complete only in the batch that holds the last of their data, so a
// run killed at any point is completed by running it again. Each batch
// also carries a progress mark (Batch.Progress): the line up to which
// every fix has left the track stage and so is in this batch or an earlier
// one. A sink may record it and, on a re-run, skip storing the fixes of
// those lines. Reorder holds every vessel's last 10 minutes until the end,
// so on real captures, where many vessels fall silent, the mark stays near
// the start until the final batch; on dense, time-ordered feeds it
// follows the input.
//
// Bad input is counted by reason with the first file:line where each
// reason occurred, and never stops an ingest. An input that cannot be read
// as AIS (unknown format, a CSV header without a required column, no time,
// a truncated gzip) is refused with a clear error while the other inputs
// are still ingested; a sink error stops the run. Everything committed
// before an error stays.
package ingest
