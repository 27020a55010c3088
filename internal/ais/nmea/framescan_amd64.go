package nmea

// frameScan finds how far frameFrom's word loops may skip from b[i]: it
// returns j and the XOR of the words of b[i:j] folded to eight bytes
// (foldXOR gives the byte), where b[i:j] holds no stop byte and j is
// either the first byte at or after i that may be one (a byte below '+',
// a '\\', or any byte of 0x80 and above) or, when none is among the
// sixteen-byte blocks from i, the end of the last such block (fewer than
// sixteen bytes left). i must be in [0, len(b)].
//
//go:noescape
func frameScan(b []byte, i int) (j int, acc uint64)

// frameScanSIMD reports whether frameScan is the SIMD scan rather than
// the stub that takes nothing.
const frameScanSIMD = true
