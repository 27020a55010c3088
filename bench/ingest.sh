#!/usr/bin/env bash
# bench/ingest.sh: ingest speed, store size and query speed on replicated
# real data (issue 3's "Speed and size" list).
#
#  1. go test -bench: end-to-end ingest (read, decode, reorder, dedupe,
#     segment, batch; no store) of replicated real data, per CPU-second and
#     per wall second, with allocations; and the pure CSV row parser.
#  2. `lookout ingest --no-sync` under /usr/bin/time -v of CSV_COPIES copies
#     of the NOAA MarineCadastre slice (99,999 rows a copy, copy k moved k
#     days on) and of NMEA_COPIES copies of the DMA network sample (26,146
#     sentences a copy, $PGHP dates moved k days on): rows/s, sentences/s,
#     CPU time, peak RSS; and of the same NMEA copies re-framed one line a
#     sentence with NMEA 4.10 tag blocks (gen-nmea-tag).
#     After each, bench/ingest_tool.go budget: the CPU time of the SHA-256
#     and the raw archive's S2 that any ingest of that file must spend, and
#     what issue 3's target rate (1.5 M rows, 1 M sentences per CPU-second)
#     leaves for all the rest.
#     Then the other formats, each a real capture replicated to about 1.5 M
#     rows (1 M for aisdb) by bench/ingest_tool.go, copies moved on in time
#     so that they are distinct data: DMA aisdk CSV (day-first times, text
#     enums; 138 rows a second, copy k moved k*10 s), the Solent simple
#     Time,MMSI,Lat,Lon,COG,SOG CSV (copy k moved k days), the Auckland
#     generic-header CSV (4 days, copy k moved 4k days) and aisdb's quoted
#     150-column CSV (copy k moved k days); each through `lookout ingest`
#     as above, and a table of rows per CPU-second of every format run.
#  3. bench/ingest_tool.go stats: bytes per stored fix with and without the
#     raw archive (after compaction), one vessel-day track query and a bbox +
#     1 hour query (medians of 21). Caveat: the copies differ only in their
#     dates, so block compression across copies flatters bytes per fix as
#     the copy count grows, so:
#  4. bytes per stored fix on single real captures (NOAA slice, Auckland),
#     the honest figure for sparse data: each ingested alone by `lookout
#     ingest` and measured by stats (real segments, identities and grid:
#     what a user's store holds), then go test -bench BytesPerFix, which
#     stores the same rows' fixes through the store package alone (one
#     segment, no identities) to isolate the fix-block coding.
#
# Usage: bench/ingest.sh    (needs ../shared/data or $LOOKOUT_SHARED_DATA)
# Env:   CSV_COPIES (default 20: 2 M rows), NMEA_COPIES (default 40: 1 M
#        sentences). CSV_COPIES=500 gives 50 M rows for the memory bound
#        (about 15 GB of scratch space while it runs). KEEP_STORES=1 keeps
#        the stores; otherwise only the logs are left behind.
set -euo pipefail
cd "$(dirname "$0")/.."

shared=${LOOKOUT_SHARED_DATA:-$(cd .. && pwd)/shared/data}
csv_copies=${CSV_COPIES:-20}
nmea_copies=${NMEA_COPIES:-40}
# Scratch and logs in a private directory (bench/out is shared with the
# other bench scripts); printed at the end.
out=$(mktemp -d "${TMPDIR:-/tmp}/lookout-bench-ingest.XXXXXX")
# The generated inputs and the stores are large: remove them however the
# script ends (KEEP_STORES=1 keeps the stores).
cleanup() {
  rm -f "$out/mc.csv" "$out/dma.nmea" "$out/tag.nmea" "$out"/*.replicated.csv
  [ -n "${KEEP_STORES:-}" ] || rm -rf "$out/csv.db" "$out/nmea.db" "$out/tag.db" \
    "$out/aisdk.db" "$out/solent.db" "$out/auckland.db" "$out/aisdb.db"
  rm -rf "$out/capture.db"
}
trap cleanup EXIT
mkdir -p bin
go build -o bin/lookout ./cmd/lookout

echo "== go test -bench (end-to-end ingest into a discarding sink; -cpu 1 and -cpu 2)"
go test -run XXX -bench 'IngestCSV|IngestNMEA' -benchtime 3x -cpu 1,2 ./internal/ingest | grep -E '^Benchmark'
go test -run XXX -bench 'ParseRow' -benchtime 2000000x -cpu 1 ./internal/ingest |
  grep -E '^Benchmark'

# run NAME INPUT UNITS UNIT: ingest INPUT into a fresh store, print rates.
run() {
  local name=$1 input=$2 units=$3 unit=$4 db=$out/$1.db
  /usr/bin/time -v bin/lookout ingest --db "$db" --no-sync "$input" >"$out/$name.stdout" 2>"$out/$name.stderr"
  local wall user sys rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/$name.stderr" |
    awk -F: '{ s=0; for (i=1;i<=NF;i++) s=s*60+$i; print s }')
  user=$(sed -n 's/.*User time (seconds): //p' "$out/$name.stderr")
  sys=$(sed -n 's/.*System time (seconds): //p' "$out/$name.stderr")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/$name.stderr")
  grep '^ingest:' "$out/$name.stderr"
  grep -E '^(fixes stored|vessels|raw lines archived):' "$out/$name.stdout" | paste -sd' '
  awk -v n="$units" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v unit="$unit" 'BEGIN {
    printf "%s: %d %s in %.2f s wall, %.2f s CPU: %.0f %s/s wall, %.0f %s per CPU-second; peak RSS %.0f MiB\n",
      "lookout ingest", n, unit, w, u+s, n/w, unit, n/(u+s), unit, r/1024 }'
}

echo "== lookout ingest: $csv_copies x NOAA MarineCadastre slice"
rows=$(go run bench/ingest_tool.go gen-csv "$csv_copies" \
  "$shared/ais/noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz" "$out/mc.csv")
run csv "$out/mc.csv" "$rows" rows
go run bench/ingest_tool.go budget "$out/mc.csv" "$rows" 1.5e6
go run bench/ingest_tool.go stats "$out/csv.db"

echo "== lookout ingest: $nmea_copies x DMA network sample (NMEA, \$PGHP)"
go run bench/ingest_tool.go gen-nmea "$nmea_copies" \
  "$shared/ais/dma-aisabnormal/ais-sample.txt.gz" "$out/dma.nmea" >/dev/null
sentences=$((nmea_copies * 26146))
run nmea "$out/dma.nmea" "$sentences" sentences
go run bench/ingest_tool.go budget "$out/dma.nmea" "$sentences" 1e6
go run bench/ingest_tool.go stats "$out/nmea.db"
rm -f "$out/mc.csv" "$out/dma.nmea"

# The DMA network format spends 3 lines and 116 bytes on a sentence; a
# receiver log or satellite feed with NMEA 4.10 tag blocks spends one line
# and about 76. The same messages re-framed that way show what the
# per-byte work (SHA-256, reading, the raw archive) costs.
echo "== lookout ingest: $nmea_copies x DMA network sample re-framed with tag blocks (\\s:,c:*hh\\!BSVDM...)"
go run bench/ingest_tool.go gen-nmea-tag "$nmea_copies" \
  "$shared/ais/dma-aisabnormal/ais-sample.txt.gz" "$out/tag.nmea" >/dev/null
run tag "$out/tag.nmea" "$sentences" sentences
rm -f "$out/tag.nmea"
[ -n "${KEEP_STORES:-}" ] || rm -rf "$out/tag.db"

# The other formats, each a real capture replicated (see the top). The
# copy counts give about 1.5 M rows (aisdb's rows are 500 bytes: 1 M).
formats=(
  "aisdk 10870 dma-aisdk-header/aisdk_header.csv"
  "solent 81 stonesoup-solent/SolentAIS_20160112_130211.csv.gz"
  "auckland 18 auckland-at-vessels-2017/positions_derived.csv.gz"
  "aisdb 400 aisdb/test_data_20210701.csv.gz"
)
declare -A units=([csv]=$rows [nmea]=$sentences [tag]=$sentences)
for f in "${formats[@]}"; do
  read -r name copies capture <<<"$f"
  echo "== lookout ingest: $copies x ${capture%%/*} ($name, replicated)"
  units[$name]=$(go run bench/ingest_tool.go "gen-$name" "$copies" "$shared/ais/$capture" "$out/$name.replicated.csv")
  run "$name" "$out/$name.replicated.csv" "${units[$name]}" rows
  rm -f "$out/$name.replicated.csv"
  [ -n "${KEEP_STORES:-}" ] || rm -rf "$out/$name.db"
done
echo "== lookout ingest per format (one run each; CPU = user + system; csv is the MarineCadastre run above)"
printf '%-9s %10s %8s %14s %9s %9s\n' format rows "CPU s" "rows/CPU-s" "µs/row" "RSS MiB"
for name in csv aisdk solent auckland aisdb nmea tag; do
  awk -v name="$name" -v n="${units[$name]}" '
    /User time \(seconds\)/ { u = $NF } /System time \(seconds\)/ { s = $NF }
    /Maximum resident set size/ { r = $NF }
    END { printf "%-9s %10d %8.2f %14.0f %9.2f %9.0f\n", name, n, u+s, n/(u+s), (u+s)/n*1e6, r/1024 }' "$out/$name.stderr"
done
echo "   (nmea and tag: sentences, not rows)"

echo "== bytes per stored fix on single real captures (no replication), as lookout ingest stores them"
for capture in noaa-marinecadastre-20220103/AIS_2022_01_03_first99999rows.csv.gz \
  auckland-at-vessels-2017/positions_derived.csv.gz; do
  echo "-- ${capture%%/*}"
  rm -rf "$out/capture.db"
  bin/lookout ingest --db "$out/capture.db" --no-sync "$shared/ais/$capture" 2>&1 | grep '^ingest:'
  go run bench/ingest_tool.go stats "$out/capture.db" | grep -E '^(store|bytes per)'
done
rm -rf "$out/capture.db"
echo "== the same captures' fixes stored by the store package alone (one segment, no identities; fix blocks, all but the raw archive, all)"
go test -run '^$' -bench 'BytesPerFix$' -benchtime 1x ./internal/store/ | grep -E '^Benchmark'
echo "logs: $out${KEEP_STORES:+ (and the stores)}"
