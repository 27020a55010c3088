package watch

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
)

// ParseList reads a list in any of the Formats, detected from its content
// (gzip is read transparently). An unrecognised file is ErrUnknownFormat,
// with the supported formats named.
func ParseList(r io.Reader, source string) (*List, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", source, err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	head, _ = br.Peek(4096)
	switch detectFormat(head) {
	case FormatUNSC:
		return ParseUNSC(br, source)
	case FormatOFACSDN:
		return ParseOFACSDN(br, source)
	case FormatWatchlist:
		return ParseWatchlist(br, source)
	}
	return nil, fmt.Errorf("list %s: %w (supported: OFAC SDN legacy sdn.csv, UN Security Council consolidated XML, watchlist CSV with an imo,mmsi,name,note header)", source, ErrUnknownFormat)
}

// detectFormat names the list format of a file's first bytes, or "".
func detectFormat(head []byte) string {
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	trimmed := bytes.TrimSpace(head)
	if bytes.HasPrefix(trimmed, []byte("<")) && bytes.Contains(head, []byte("CONSOLIDATED_LIST")) {
		return FormatUNSC
	}
	first, _, _ := bytes.Cut(trimmed, []byte("\n"))
	first = bytes.ToLower(bytes.TrimSpace(first))
	for _, h := range bytes.Split(first, []byte(",")) {
		switch string(bytes.Trim(h, "\" ")) {
		case "imo", "mmsi", "name":
			return FormatWatchlist
		}
	}
	// OFAC: a numeric ent_num then a quoted name.
	i := 0
	for i < len(first) && first[i] >= '0' && first[i] <= '9' {
		i++
	}
	if i > 0 && bytes.HasPrefix(first[i:], []byte(",\"")) {
		return FormatOFACSDN
	}
	return ""
}
