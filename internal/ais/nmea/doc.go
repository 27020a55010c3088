// Package nmea reads AIS from NMEA 0183 text: it frames sentences, checks
// checksums, reads NMEA 4.0 tag blocks, Gatehouse $PGHP timestamps and
// USCG/NAIS receiver trailers, assembles multi-sentence messages, and hands
// the armoured payload to the payload decoder in package ais.
//
// It has two tiers. The parser (ParseSentence, ParseTagBlock, ParsePGHP,
// Splitter, Assembler) is pure: it works on []byte, allocates nothing and
// does no I/O. The stream driver, Decoder, reads lines (ended by LF, CR LF
// or a lone CR) from an io.Reader, or from a []byte in place (ResetBytes),
// keeps the per-source state (pending tag block, pending $PGHP time, partial
// messages), counts bad input by reason with its first locations (Stats) and
// yields one decoded Message at a time; NextFrame yields the assembled
// armoured payload instead, for callers that decode (or deduplicate)
// themselves.
//
// Multi-sentence messages are keyed by the tag-block group id when there is
// one, else by the inline tag-block source (or the talker), channel and
// sequence id, so that interleaved messages from several receivers stay
// apart; at most Options.MaxPending partial messages are held, and those
// older than Options.MaxAge sentences expire as orphans.
//
// Aliasing: a Message, its Frame.Payload and Frame.Lines are overwritten by
// the next call of Next (as with bufio.Scanner.Bytes); copy what must
// outlive it. On the hot path nothing is allocated per message.
//
// Bad input is normal: a malformed sentence is counted and skipped, never
// fatal, unless Options.Strict asks for the first one to be an error.
//
// Time comes only from the data, in Unix milliseconds (0 when unknown), in
// this order of precedence: the tag block's c: field (seconds or
// milliseconds), the $PGHP sentence on the line before, the Unix time in a
// USCG/NAIS trailer after the checksum.
package nmea
