//go:build !amd64

package nmea

// frameScan is the SIMD scan of amd64 for systems without one: it takes
// nothing, leaving all of b[i:] to frameFrom's word loops.
func frameScan(b []byte, i int) (j int, acc uint64) { return i, 0 }

// frameScanSIMD reports whether frameScan is the SIMD scan rather than
// the stub that takes nothing.
const frameScanSIMD = false
