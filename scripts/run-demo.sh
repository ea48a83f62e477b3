#!/usr/bin/env bash
#
# run-demo.sh - the demo behind `make run`: three throw-away redis-servers on
# 127.0.0.1:7001-7003 (no persistence) and drover with config/demo.yml on
# 127.0.0.1:22121 in front of them. Ctrl-C stops everything this script started,
# by PID. `make run` installs what is missing and builds drover first.
#
# Environment: DROVER (default .build/release/drover), DEMO_CONFIG (default config/demo.yml).

set -euo pipefail

cd "$(dirname "$0")/.."

DROVER=${DROVER:-.build/release/drover}
DEMO_CONFIG=${DEMO_CONFIG:-config/demo.yml}
REDIS_PORTS=(7001 7002 7003)
PROXY_PORT=22121

die() { echo "run-demo: $*" >&2; exit 1; }

[[ -x $DROVER ]] || die "no drover binary at $DROVER (run \`make build\`)"
[[ -f $DEMO_CONFIG ]] || die "no demo config at $DEMO_CONFIG"
for port in "${REDIS_PORTS[@]}" "$PROXY_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        die "something already listens on 127.0.0.1:$port; stop it first"
    fi
done

WORK=$(mktemp -d -t drover-demo.XXXXXX)
REDIS_PIDS=()
DROVER_PID=

cleanup() {
    trap - EXIT INT TERM
    echo
    echo "run-demo: stopping"
    if [[ -n $DROVER_PID ]] && kill -0 "$DROVER_PID" 2>/dev/null; then
        kill -TERM "$DROVER_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$DROVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$DROVER_PID" 2>/dev/null || true
    fi
    for i in "${!REDIS_PIDS[@]}"; do
        redis-cli -h 127.0.0.1 -p "${REDIS_PORTS[i]}" shutdown nosave >/dev/null 2>&1 || true
        kill -KILL "${REDIS_PIDS[i]}" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

for port in "${REDIS_PORTS[@]}"; do
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        --dir "$WORK" >"$WORK/redis-$port.log" 2>&1 &
    REDIS_PIDS+=($!)
done
for port in "${REDIS_PORTS[@]}"; do
    for _ in $(seq 100); do
        [[ $(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null) == PONG ]] && break
        sleep 0.1
    done
    [[ $(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null) == PONG ]] \
        || die "redis-server on port $port did not start: $(cat "$WORK/redis-$port.log")"
done

"$DROVER" --config "$DEMO_CONFIG" &
DROVER_PID=$!
for _ in $(seq 100); do
    [[ $(redis-cli -h 127.0.0.1 -p "$PROXY_PORT" ping 2>/dev/null) == PONG ]] && break
    kill -0 "$DROVER_PID" 2>/dev/null || die "drover exited; see its log above"
    sleep 0.1
done
[[ $(redis-cli -h 127.0.0.1 -p "$PROXY_PORT" ping 2>/dev/null) == PONG ]] \
    || die "drover does not answer on 127.0.0.1:$PROXY_PORT"

cat <<EOF

  drover is listening on 127.0.0.1:$PROXY_PORT, in front of redis-servers on
  127.0.0.1:${REDIS_PORTS[0]}, :${REDIS_PORTS[1]} and :${REDIS_PORTS[2]} (config: $DEMO_CONFIG).

  Connect with any Redis client, e.g.:
      redis-cli -p $PROXY_PORT
      redis-cli -p $PROXY_PORT set greeting hello
      redis-cli -p $PROXY_PORT mget greeting a b c
  and see which server a key went to:
      redis-cli -p ${REDIS_PORTS[0]} --scan

  Press Ctrl-C to stop drover and the redis-servers.

EOF

# Returns when drover exits (or Ctrl-C runs the traps).
wait "$DROVER_PID" || true
DROVER_PID=
