#!/usr/bin/env bash
#
# test.sh - build and run every test target (unit and integration) and end with one
# plain line: "tests: N passed, M failed". Exits non-zero if anything failed.
# `make test` runs scripts/deps.sh first: the integration tests need redis-server,
# redis-tools, nutcracker and .venv with redis-py.

set -uo pipefail

cd "$(dirname "$0")/.."

log=$(mktemp -t drover-test.XXXXXX)
trap 'rm -f "$log"' EXIT

echo "+ swift build --build-tests"
if ! swift build --build-tests; then
    echo "tests: FAILED (the build failed)"
    exit 1
fi

echo "+ swift test --skip-build"
swift test --skip-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Swift Testing closes with "Test run with N tests in S suites passed|failed after ...";
# a failed test function prints one "✘ Test <name> ... failed after" line.
total=$(sed -n 's/.*Test run with \([0-9]*\) tests\{0,1\} .*/\1/p' "$log" | tail -1)
failed=$(grep -E '^✘ Test .* failed after' "$log" | grep -vc 'Test run with')
if [[ -z $total ]]; then
    echo "tests: FAILED (swift test exited with status $status without a summary)"
    exit $(( status == 0 ? 1 : status ))
fi
echo "tests: $(( total - failed )) passed, $failed failed"
if (( status != 0 || failed != 0 )); then
    exit $(( status == 0 ? 1 : status ))
fi
