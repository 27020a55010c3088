package ais

// unpackSIMD reports whether unpackBlocks unpacks (it does on amd64).
const unpackSIMD = true

// unpackBlocks is unpack for a payload of 16 to maxPayloadBytes*8/6
// characters, sixteen at a time (SSE2): it writes the payload's bits to
// dst as unpack does and returns the bytes that hold them, or -1 if a
// character is not in the armour.
//
//go:noescape
func unpackBlocks(dst *[maxPayloadBytes + 8]byte, payload []byte) int
