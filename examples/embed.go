// Package examples carries the bundled example inputs inside the lookout
// binary, so that `lookout demo` works from anywhere: the SIMULATED
// Rajin–Dunay scenario with its case file and port files, and the OFAC SDN
// snapshot (see lists/SOURCE.md).
package examples

import "embed"

// FS holds the example files, under rajin-dunay/, detector-scoring/ and lists/.
//
//go:embed rajin-dunay/*.yaml rajin-dunay/*.csv detector-scoring/*.yaml lists/*
var FS embed.FS
