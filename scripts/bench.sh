#!/usr/bin/env bash
#
# bench.sh - drover's benchmarks, run the way BENCHMARKS.md records them:
#   throughput    ../shared/bench/proxy-bench: redis-benchmark against Redis directly,
#                 nutcracker and drover, interleaved, with ratios
#   instructions  ../shared/bench/proxy-instr: instructions per request under callgrind
#
# Usage: scripts/bench.sh [throughput|instructions|all] [extra options for the tool]
#   e.g. scripts/bench.sh throughput --tests get,set,mget --pipeline 1,16
# Environment: DROVER (default .build/release/drover, built by `make build`),
#              BENCH_DIR (default ../shared/bench).

set -euo pipefail

cd "$(dirname "$0")/.."

DROVER=${DROVER:-$PWD/.build/release/drover}
BENCH_DIR=${BENCH_DIR:-../shared/bench}
what=${1:-all}
(( $# )) && shift

[[ -x $DROVER ]] || { echo "bench: no drover binary at $DROVER (run \`make build\`)" >&2; exit 1; }
[[ -x $BENCH_DIR/proxy-bench ]] || { echo "bench: no proxy-bench in $BENCH_DIR" >&2; exit 1; }

# One plain command: proxy-instr runs it directly under valgrind.
proxy_cmd="$DROVER --config {config} --stats-listen 127.0.0.1:{aux_port}"

run() {
    echo "+ $*"
    "$@"
}

case $what in
    throughput|all) run "$BENCH_DIR/proxy-bench" --proxy-cmd "$proxy_cmd" --proxy-name drover "$@" ;;&
    instructions|all) run "$BENCH_DIR/proxy-instr" --proxy-cmd "$proxy_cmd" --proxy-name drover "$@" ;;
    throughput) ;;
    *) echo "bench: unknown benchmark '$what' (throughput, instructions or all)" >&2; exit 1 ;;
esac
