//go:build !race

package store

// raceEnabled is true under the race detector (race_test.go).
const raceEnabled = false
