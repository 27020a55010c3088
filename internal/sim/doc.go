// Package sim is Lookout's scenario simulator. A scenario (YAML) names
// places, routes and vessels with plans — stay in port, sail a route, drift,
// go dark, rename, change MMSI, jump — and Simulate writes the AIS the
// vessels would have sent (NMEA 0183 with NMEA 4.0 tag-block times) plus the
// ground truth: the events that happened, by the definitions of
// shared/docs/DETECTORS.md, so that detectors can be scored.
//
// Everything it writes is SIMULATED and says so: the tag-block source is
// "sim", vessel names of background traffic start with "SIM", and output
// files are named *.simulated.nmea by the CLI.
package sim
