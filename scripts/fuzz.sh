#!/usr/bin/env bash
#
# fuzz.sh - build the libFuzzer harnesses in Fuzz/ (with -sanitize=fuzzer,address, into
# .build-fuzz, apart from the normal build) and run each for a while:
#
#   scripts/fuzz.sh                       # each target for FUZZ_SECONDS (default 60)
#   FUZZ_RUNS=10000000 scripts/fuzz.sh    # each target for that many executions instead
#   scripts/fuzz.sh FuzzRequestFramer     # only the targets named
#
# Each target starts from its seed corpus in Fuzz/Corpus/<kind> and keeps what it finds in
# .build-fuzz/corpus/<kind>; a crash is saved as .build-fuzz/artifacts/<target>-crash-*
# (reproduce with `.build-fuzz/release/<target> <file>`) and fails the run. Ends with one
# line per target: "fuzz: <target>: N executions, 0 crashes".

set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
runs=${FUZZ_RUNS:-}
max_len=${FUZZ_MAX_LEN:-1024}
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(FuzzRequestFramer FuzzReplyFramer FuzzConfig)

echo "+ swift build (Fuzz/, -sanitize=fuzzer,address, --scratch-path .build-fuzz)"
(cd Fuzz && swift build -c release --scratch-path ../.build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library) || { echo "fuzz: FAILED (build)"; exit 1; }

corpus_of() {
    case $1 in
        FuzzRequestFramer) echo request ;;
        FuzzReplyFramer) echo reply ;;
        FuzzConfig) echo config ;;
        *) echo "unknown fuzz target $1" >&2; exit 2 ;;
    esac
}

mkdir -p .build-fuzz/artifacts
status=0
summary=()
for target in "${targets[@]}"; do
    kind=$(corpus_of "$target")
    mkdir -p ".build-fuzz/corpus/$kind"
    limit=(-max_total_time="$seconds")
    [[ -n $runs ]] && limit=(-runs="$runs")
    log=".build-fuzz/artifacts/$target.log"
    echo "+ $target ${limit[*]} -max_len=$max_len"
    ".build-fuzz/release/$target" "${limit[@]}" -max_len="$max_len" -print_final_stats=1 \
        -artifact_prefix=".build-fuzz/artifacts/$target-" ".build-fuzz/corpus/$kind" "Fuzz/Corpus/$kind" \
        >"$log" 2>&1
    code=$?
    executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    crashes=$(ls .build-fuzz/artifacts/"$target"-crash-* .build-fuzz/artifacts/"$target"-leak-* \
        .build-fuzz/artifacts/"$target"-timeout-* .build-fuzz/artifacts/"$target"-oom-* 2>/dev/null | wc -l)
    if (( code != 0 )); then
        status=1
        grep -E "ERROR|Fatal error|SUMMARY" "$log" | head -5
    fi
    summary+=("fuzz: $target: ${executed:-0} executions, $crashes crashes (exit $code; log $log)")
done
printf '%s\n' "${summary[@]}"
exit $status
