#!/usr/bin/env bash
# bench/detect.sh: speed of all detectors over stored tracks, and how the
# cost grows with the number of fixes (issue 4: ≥ 3 M fixes/s per core,
# linear). It runs the detect benchmarks on a simulated fleet of 100
# vessels for 1, 4 and 16 days (1×, 4×, 16× the fixes), with a synthetic
# shore and with the embedded World Port Index and land mask, and prints
# fixes per second and nanoseconds per fix for each size, and the ratio of
# the cost per fix at 16× to 1× (1.0 = perfectly linear).
#
# Usage: bench/detect.sh        Env: BENCHTIME (default 5x), CPU (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
benchtime=${BENCHTIME:-5x}
cpu=${CPU:-1}
out=$(mktemp)
go test -run '^$' -bench 'BenchmarkRun' -benchtime "$benchtime" -cpu "$cpu" -benchmem ./internal/detect | tee "$out"
echo
echo "== cost per fix (lower is better) and growth from 1x to 16x"
awk '
/^BenchmarkRun/ {
  split($1, p, "/"); base=p[1]; days=p[2]; fixes=p[3]; sub(/-[0-9]+$/, "", fixes); sub("fixes=", "", fixes)
  rate=0; cpu=0
  for (i=2; i<=NF; i++) {
    if ($(i)=="fixes/s") rate=$(i-1)
    if ($(i)=="fixes/cpu-s") cpu=$(i-1)
  }
  printf "%-24s %-8s %9d fixes  %6.2f M fixes/s wall  %6.2f M fixes/cpu-s  %7.1f cpu-ns/fix\n", base, days, fixes, rate/1e6, cpu/1e6, (cpu>0 ? 1e9/cpu : 0)
  if (first[base]=="") first[base]=cpu
  last[base]=cpu
}
END { for (b in first) if (last[b]>0) printf "%-24s cost per fix at 16x / at 1x: %.2f (1.00 = linear)\n", b, first[b]/last[b] }
' "$out"
rm -f "$out"
