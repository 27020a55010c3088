// Package report turns a case file and the findings behind it into evidence
// an investigator can cite: one self-contained HTML report (map, timeline,
// event table, the raw AIS sentences quoted under each event, sanctions
// matches with list names and dates, the detector thresholds used and the
// inputs with their content hashes), and GeoJSON, KML and CSV exports of the
// same findings.
//
// The package renders; it does not query. The command layer gathers an
// Input from the store and hands it over, so reports can be tested on
// hand-built inputs.
package report
