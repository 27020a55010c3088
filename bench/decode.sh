#!/usr/bin/env bash
# bench/decode.sh: wall time of `lookout decode --format ndjson` beside gpsd's
# `gpsdecode -j` and libais's `aisdecode` on the same replicated real capture
# (the one BenchmarkDecode in internal/ais/nmea builds in memory: the DMA
# network sample, DMA's merged stream, gpsd's aggregator log and DMA's
# round-trip corpus, repeated to >= MIN_SENTENCES sentences).
#
# Usage: bench/decode.sh            (from anywhere; needs ../shared/data or
#                                    $LOOKOUT_SHARED_DATA, and root for apt)
# Env:   MIN_SENTENCES (default 1500000), SKIP_LIBAIS=1 to skip the slow one.
set -euo pipefail
cd "$(dirname "$0")/.."

shared=${LOOKOUT_SHARED_DATA:-$(cd .. && pwd)/shared/data}
min=${MIN_SENTENCES:-1500000}
out=bench/out
mkdir -p "$out" bin

# Tools: Debian's gpsd-clients has gpsdecode; libais-tools has aisdecode
# (a Python front end over libais's C++ decoder, from python3-ais).
need=()
command -v gpsdecode >/dev/null || need+=(gpsd-clients)
command -v aisdecode >/dev/null || need+=(libais-tools python3-ais)
if ((${#need[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

go build -o bin/lookout ./cmd/lookout

# One copy of the corpus, then as many copies as reach $min sentences.
one=$out/one.nmea
big=$out/replicated.nmea
{
  zcat "$shared/ais/dma-aisabnormal/ais-sample.txt.gz"; echo
  cat "$shared/ais/dma-aislib/stream_example.txt"; echo
  cat "$shared/ais/gpsd/ais-nmea-type6-fid55.log"; echo
  cat "$shared/ais/dma-aislib/decode_encode_messages.txt"; echo
} >"$one"
n=$(bin/lookout decode "$one" 2>&1 >/dev/null | sed -n 's/^decode: [0-9]* lines, \([0-9]*\) sentences.*/\1/p')
copies=$(((min + n - 1) / n))
for ((i = 0; i < copies; i++)); do cat "$one"; done >"$big"
total=$((n * copies))
cat "$big" >/dev/null # warm the page cache
echo "input: $big, $(du -h "$big" | cut -f1), $total VDM/VDO sentences ($copies copies of $n); $(nproc) cores, shared"

# run NAME CMD...: time CMD with $big on stdin (its output lines counted):
# wall time, and CPU time (user + system), which the other load of a shared
# machine disturbs less.
declare -A wall cpu
run() {
  local name=$1 t
  shift
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" <"$big" 2>"$out/$name.stderr" | wc -l >"$out/$name.lines"; } 2>&1)
  read -r w u s <<<"$t"
  wall[$name]=$w
  cpu[$name]=$(awk "BEGIN { print $u + $s }")
  awk -v n="$name" -v w="$w" -v c="${cpu[$name]}" -v t="$total" -v l="$(cat "$out/$name.lines")" \
    'BEGIN { printf "%-18s wall %7.2f s (%6.3f M sentences/s)  cpu %7.2f s (%6.3f M sentences/cpu-s)  %8d output lines\n", n, w, t / w / 1e6, c, t / c / 1e6, l }'
}

run "lookout decode" bin/lookout decode --format ndjson -
run "gpsdecode -j" gpsdecode -j
if [[ ${SKIP_LIBAIS:-} != 1 ]]; then
  run "libais aisdecode" aisdecode --allow_unknown --allow_missing_timestamps
fi
tail -1 "$out/lookout decode.stderr" | cut -c1-300

for other in "gpsdecode -j" "libais aisdecode"; do
  [[ -n ${wall[$other]:-} ]] || continue
  awk -v a="${wall[$other]}" -v b="${wall[lookout decode]}" -v c="${cpu[$other]}" -v d="${cpu[lookout decode]}" -v o="$other" \
    'BEGIN { printf "lookout decode vs %s: %.1fx faster in wall time, %.1fx in CPU time\n", o, a / b, c / d }'
done
