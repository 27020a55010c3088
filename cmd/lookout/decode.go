package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/spf13/cobra"

	"github.com/lookout-osint/lookout/internal/ais/nmea"
)

func init() { register("decode", newDecodeCmd) }

func newDecodeCmd(e *env) *cobra.Command {
	var format string
	var strict bool
	c := &cobra.Command{
		Use:   "decode [--format ndjson] [--strict] FILE...",
		Short: "Decode NMEA AIS into one JSON object per message (gpsd field names)",
		Long: `Decode reads NMEA 0183 AIS logs (tag blocks, $PGHP timestamps, receiver
trailers and multi-sentence messages are understood; .gz is read
transparently; - is stdin) and writes one JSON object per decoded message,
with gpsd's AIS field names in natural units plus "time" (RFC 3339, when the
input has a time) and "src" (FILE:LINE of the first sentence). Bad lines are
counted by reason and summarised on stderr; --strict makes the first one an
error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format, "ndjson"); err != nil {
				return err
			}
			return runDecode(cmd.Context(), e, args, nmea.Options{Strict: strict})
		},
	}
	c.Flags().StringVar(&format, "format", "ndjson", "output format: ndjson")
	c.Flags().BoolVar(&strict, "strict", false, "make the first bad input line an error")
	return c
}

// runDecode decodes every file to e.stdout and prints the summary line.
func runDecode(ctx context.Context, e *env, files []string, opt nmea.Options) error {
	start := time.Now()
	w := bufio.NewWriterSize(e.stdout, 256<<10)
	var d *nmea.Decoder
	var err error
	for _, name := range files {
		if d, err = decodeFile(ctx, e, w, d, name, opt); err != nil {
			break
		}
	}
	if ferr := w.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("write output: %w", ferr)
	}
	if d != nil {
		fmt.Fprintln(e.stderr, decodeSummary(d.Stats(), time.Since(start)))
	}
	return err
}

// decodeFile decodes one input with d (created on first use, then Reset so
// that the counts add up).
func decodeFile(ctx context.Context, e *env, w *bufio.Writer, d *nmea.Decoder, name string, opt nmea.Options) (*nmea.Decoder, error) {
	r, closeFn, err := decodeOpen(e, name)
	if err != nil {
		return d, err
	}
	defer closeFn()
	if d == nil {
		d = nmea.NewDecoder(r, name, opt)
	} else {
		d.Reset(r, name)
	}
	return d, decodeStream(ctx, w, d, decodeSrcPrefix(name))
}

// decodeStream writes every message of d as one NDJSON line.
func decodeStream(ctx context.Context, w *bufio.Writer, d *nmea.Decoder, src []byte) error {
	buf := make([]byte, 0, 4096)
	for n := 0; ; n++ {
		m, err := d.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if n&0xFFFF == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		buf = decodeAppendJSON(buf[:0], m, src)
		if _, err := w.Write(buf); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
}

// decodeAppendJSON appends m as one NDJSON line: the payload decoder's
// fields, then "time" when known, then "src". src is the JSON-quoted
// source name without its closing quote, followed by ':'.
func decodeAppendJSON(b []byte, m *nmea.Message, src []byte) []byte {
	b = m.AIS.AppendJSONFields(b)
	if m.Time != 0 {
		b = append(b, `,"time":"`...)
		b = time.UnixMilli(m.Time).UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	b = append(b, `,"src":`...)
	b = append(b, src...)
	b = strconv.AppendUint(b, uint64(m.Line), 10)
	return append(b, "\"}\n"...)
}

// decodeSrcPrefix returns `"NAME:` with NAME escaped for JSON.
func decodeSrcPrefix(name string) []byte {
	q, _ := json.Marshal(name) // a string always marshals
	return append(q[:len(q)-1], ':')
}

// decodeOpen opens a named input: "-" is stdin; gzip is detected from the
// content (so a .gz name is not required, and a wrong one does no harm).
func decodeOpen(e *env, name string) (io.Reader, func(), error) {
	var f io.Reader = e.stdin
	closeFn := func() {}
	if name != "-" {
		fh, err := os.Open(name)
		if err != nil {
			return nil, nil, fmt.Errorf("decode: %w", err)
		}
		f, closeFn = fh, func() { fh.Close() }
	}
	br := bufio.NewReaderSize(f, 64<<10)
	magic, _ := br.Peek(2)
	if !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		return br, closeFn, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		closeFn()
		return nil, nil, fmt.Errorf("decode %s: %w", name, err)
	}
	return zr, func() { zr.Close(); closeFn() }, nil
}

// decodeSummary is the one-line summary printed to stderr at the end.
func decodeSummary(s *nmea.Stats, elapsed time.Duration) string {
	rate := float64(s.Sentences) / max(elapsed.Seconds(), 1e-9)
	return fmt.Sprintf("decode: %s; %s, %s sentences/s", s, elapsed.Round(time.Millisecond), decodeHuman(rate))
}

// decodeHuman formats a rate with a k/M suffix.
func decodeHuman(v float64) string {
	switch {
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'f', 2, 64) + "M"
	case v >= 1e3:
		return strconv.FormatFloat(v/1e3, 'f', 1, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}
