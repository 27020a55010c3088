// Package ingest turns raw AIS inputs (NMEA logs, national CSV exports) into
// track fixes and identities and hands them, in batches, to a sink that the
// caller wires to the store.
//
// It follows three tiers. Pure parsers (the CSV row parser, format
// detection, number and time parsing, message conversion) do no I/O and keep
// no clocks. The stream driver (Ingest) opens inputs, hashes their bytes,
// cuts them into chunks of whole lines, decodes the chunks on all cores,
// puts the results back in file order, runs the track stage (bad-fix
// filters, dedupe, reordering, segmenting) and writes batches to a Sink.
// The wiring (flags, the store adapter, the progress bar) lives in
// cmd/lookout.
//
// Every fix and identity keeps a track.SourceRef: the source id the sink
// gave the input and the 1-based line number of the raw line it came from,
// and the raw lines themselves go to the sink for the store's archive, so a
// report can quote the exact input behind any finding.
//
// Bad input is counted by reason, with the first file:line where each
// reason occurred, and never stops an ingest; a failed read or write is
// returned.
package ingest
