// Package prefetch asks the CPU to start loading memory that a hot loop
// will read soon, so that cache misses on data spread over many vessels
// overlap instead of coming one after another. It changes no data and
// never faults: a prefetch of any address is only a hint.
//
// On amd64 it is the PREFETCHT0 instruction (prefetch_amd64.s); elsewhere
// Lines and Six do nothing.
package prefetch
