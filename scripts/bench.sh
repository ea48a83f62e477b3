#!/usr/bin/env bash
#
# bench.sh - drover's benchmarks, run the way BENCHMARKS.md records them:
#   throughput    ../shared/bench/proxy-bench: redis-benchmark against Redis directly,
#                 nutcracker and drover, interleaved, with ratios
#   instructions  ../shared/bench/proxy-instr: instructions per request under callgrind
#                 (of a copy of the binary without debug info, see instr_binary)
#   syscalls      ../shared/bench/proxy-instr --tool strace: system calls per request
#
# "all" (the default, what `make bench` runs) is what BENCHMARKS.md records: throughput
# over 3 shards and over 1, then instructions and syscalls per request.
#
# Usage: scripts/bench.sh [throughput|instructions|syscalls|all] [extra options for the tool(s)]
#   e.g. scripts/bench.sh throughput --tests get,set,mget --pipeline 1,16
#   (with "all", the extra options go to both tools, so use only ones both accept)
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
proxy_cmd() {
    echo "$1 --config {config} --stats-listen 127.0.0.1:{aux_port}"
}

# valgrind 3.19 gives up on the DWARF 5 debug info the Swift toolchain emits ("unhandled
# dwarf2 abbrev form code 0x25 ... Possibly corrupted debuginfo file"), so callgrind
# gets a copy without debug sections; the symbol table stays, so function names remain.
instr_binary() {
    local dir
    dir=$(mktemp -d -t drover-bench.XXXXXX)
    objcopy --strip-debug "$DROVER" "$dir/drover"
    echo "$dir/drover"
}

run() {
    echo "+ $*"
    "$@"
}

case $what in
    throughput|instructions|syscalls|all) ;;
    *) echo "bench: unknown benchmark '$what' (throughput, instructions, syscalls or all)" >&2; exit 1 ;;
esac
if [[ $what == throughput ]]; then
    run "$BENCH_DIR/proxy-bench" --proxy-cmd "$(proxy_cmd "$DROVER")" --proxy-name drover "$@"
elif [[ $what == all ]]; then
    for shards in 3 1; do
        run "$BENCH_DIR/proxy-bench" --proxy-cmd "$(proxy_cmd "$DROVER")" --proxy-name drover --shards "$shards" "$@"
    done
fi
if [[ $what == instructions || $what == syscalls || $what == all ]]; then
    stripped=$(instr_binary)
    trap 'rm -rf "$(dirname "$stripped")"' EXIT
    if [[ $what != syscalls ]]; then
        run "$BENCH_DIR/proxy-instr" --proxy-cmd "$(proxy_cmd "$stripped")" --proxy-name drover --tool callgrind "$@"
    fi
    if [[ $what != instructions ]]; then
        run "$BENCH_DIR/proxy-instr" --proxy-cmd "$(proxy_cmd "$stripped")" --proxy-name drover --tool strace "$@"
    fi
fi
