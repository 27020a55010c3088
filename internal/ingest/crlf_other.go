//go:build !amd64

package ingest

import "bytes"

// crlfLines turns every lone CR of b into an LF as loneCRToLF(b, final)
// does and returns the LFs b then holds, as countLines would count them
// (without its final unterminated line).
func crlfLines(b []byte, final bool) int {
	loneCRToLF(b, final)
	return bytes.Count(b, []byte{'\n'})
}
