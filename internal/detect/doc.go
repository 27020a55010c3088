// Package detect holds Lookout's behaviour detectors: pure functions from a
// vessel's fixes (and, for encounters, its neighbours') to typed Events with
// evidence, following shared/docs/DETECTORS.md. No I/O, no clock: time
// comes from the data.
package detect
