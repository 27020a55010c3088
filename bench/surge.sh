#!/usr/bin/env bash
# bench/surge.sh: the surge numbers quoted in internal/surge/doc.go.
#
#  1. `lookout surge --bench` on the shared TCPD series: per-series and mean
#     F1/cover of default, binseg, pelt, bocpd and zero beside the published
#     default rows.
#  2. go test -bench: PELT and BOCPD on a 1 M-point series, with wall and CPU
#     time per run (cpu-ns/op; the machine may be shared).
#  3. The ablation table of the default (17-series mean, run_log,
#     uk_coal_employ, quality-control mean per variant) with leave-one-out
#     and 5-fold estimates of choosing among the variants, beside the same
#     for the previous default, and per-series scores.
#
# Usage: bench/surge.sh   (from anywhere; needs ../shared/data/tcpd or
#                          $LOOKOUT_SHARED_DATA)
set -euo pipefail
cd "$(dirname "$0")/.."

shared=${LOOKOUT_SHARED_DATA:-$(cd .. && pwd)/shared/data}
out=bench/out
mkdir -p "$out" bin
go build -o bin/lookout ./cmd/lookout

echo "== TCPD benchmark ($shared/tcpd)"
bin/lookout surge --bench "$shared/tcpd" | tee "$out/surge_tcpd.txt"

echo "== 1 M-point benchmarks (load: $(cut -d' ' -f1-3 /proc/loadavg))"
go test -run '^$' -bench 'Million' -benchtime 3x -benchmem ./internal/surge | tee "$out/surge_bench.txt"

echo "== ablation"
LOOKOUT_SURGE_EXPLORE=1 go test -run Ablation -v ./internal/surge | grep -v '^=== \|^--- \|^PASS\|^ok' | tee "$out/surge_ablation.txt"
