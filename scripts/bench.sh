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
# "envelope" and "envelope-throughput" are the section on herd protection and compression:
# SET then GET of 1 KB and 100 KB values with each feature off and on.
#
# Usage: scripts/bench.sh [throughput|instructions|syscalls|all|envelope|envelope-throughput] [extra options]
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
    throughput|instructions|syscalls|all|envelope|envelope-throughput) ;;
    *) echo "bench: unknown benchmark '$what' (throughput, instructions, syscalls, all, envelope or envelope-throughput)" >&2
       exit 1 ;;
esac

# The envelope section: each pool option on a copy of the benchmarks' plain pool
# (--pool-option), 1 KB and 100 KB values; SET runs before GET so GET reads what drover
# stored. 100 KB runs use 200 keys, so the SETs overwrite every preloaded key first.
if [[ $what == envelope || $what == envelope-throughput ]]; then
    options=("" "--pool-option 'compression={min_size: 1024, level: 6}'" "--pool-option herd_timeout=10")
    names=(off compression herd)
    binary=$DROVER
    if [[ $what == envelope ]]; then
        binary=$(instr_binary)
        trap 'rm -rf "$(dirname "$binary")"' EXIT
    fi
    for size in 1024 102400; do
        shape=(--datasize "$size")
        (( size > 1024 )) && shape+=(--keyspace 200 --requests 1000)
        for i in "${!options[@]}"; do
            cmd="$(proxy_cmd "$binary") ${options[i]}"
            if [[ $what == envelope ]]; then
                run "$BENCH_DIR/proxy-instr" --proxy-cmd "$cmd" --proxy-name "drover-${names[i]}" --targets candidate \
                    --tests set,get --pipeline 1,16 --repeat 1 "${shape[@]}" "$@"
            else
                (( size > 1024 )) && shape=(--datasize "$size" --keyspace 200 --requests 2000)
                run "$BENCH_DIR/proxy-bench" --proxy-cmd "$cmd" --proxy-name "drover-${names[i]}" \
                    --tests set,get "${shape[@]}" "$@"
            fi
        done
    done
    exit 0
fi
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
