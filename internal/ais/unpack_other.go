//go:build !amd64

package ais

// unpackSIMD reports whether unpackBlocks unpacks (it does on amd64).
const unpackSIMD = false

// unpackBlocks is never called without unpackSIMD.
func unpackBlocks(dst *[maxPayloadBytes + 8]byte, payload []byte) int { panic("no SIMD unpack") }
