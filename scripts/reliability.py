#!/usr/bin/env python3
"""Failure drills through drover and through nutcracker, side by side (RELIABILITY.md).

    scripts/reliability.py [--drover .build/release/drover] [--nutcracker nutcracker]
                           [--only kill-default,stop-default] [--json out.json]

Each drill starts fresh redis-servers on free loopback ports (3 shards), one proxy in
front of them, and scripts/checker.py's verified load; at FAULT_AT seconds it SIGKILLs or
SIGSTOPs shard s1's primary, at HEAL_AT it restarts it (empty: no persistence) or
SIGCONTs it, and the load runs until DURATION. Reported per drill and proxy: the checker's
outcomes on the faulty shard and on the others, how long the faulty shard's requests
failed, and how long after the heal its primary took traffic again.

The proxies get the same settings: timeout 500 ms, server_retry_timeout 1000 ms,
server_failure_limit 2, ketama over fnv1a_64, servers named s0..s2.
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checker as checker_module  # noqa: E402

import redis  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAULT_AT, HEAL_AT, DURATION = 3.0, 7.0, 12.0
COMMON = ["timeout: 500", "server_retry_timeout: 1000", "server_failure_limit: 2"]

# name: (what happens to s1's primary, drover pool lines, nutcracker pool lines or None,
#        whether s1 gets a failover node)
DRILLS = {
    "kill-default": ("kill", [], [], False),
    "kill-miss": ("kill", ["on_backend_error: miss"], None, False),
    "kill-failover": ("kill", [], None, True),
    "kill-eject": ("kill", ["auto_eject_hosts: true"], ["auto_eject_hosts: true"], False),
    "stop-default": ("stop", [], [], False),
    "stop-miss": ("stop", ["on_backend_error: miss"], None, False),
    "stop-failover": ("stop", [], None, True),
    "stop-eject": ("stop", ["auto_eject_hosts: true"], ["auto_eject_hosts: true"], False),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    def __init__(self, workdir):
        self.port = free_port()
        self.dir = tempfile.mkdtemp(dir=workdir)
        self.start()

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_ping(self.port)

    def commands_processed(self):
        try:
            info = checker_module.client("127.0.0.1", self.port, 0.2).info("stats")
            return info["total_commands_processed"]
        except (redis.RedisError, OSError):
            return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait()


def wait_for_ping(port, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
                s.sendall(b"*1\r\n$4\r\nPING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"nothing answers PING on {port}")


def start_proxy(kind, binary, workdir, shards, failover, lines):
    port = free_port()
    config = os.path.join(workdir, f"{kind}.yml")
    body = [f"  {line}" for line in COMMON + lines]
    if kind == "drover":
        text = ["workers: 1", "it:", f"  listen: 127.0.0.1:{port}", "  hash: fnv1a_64", "  distribution: ketama"]
        text += body + ["  shards:"]
        for index, server in enumerate(shards):
            text += [f"    - name: s{index}", f"      primary: 127.0.0.1:{server.port}"]
            if index == 1 and failover:
                text.append(f"      failover: [127.0.0.1:{failover.port}]")
        args = [binary, "--config", config, "--stats-listen", f"127.0.0.1:{free_port()}"]
    else:
        text = ["it:", f"  listen: 127.0.0.1:{port}", "  hash: fnv1a_64", "  distribution: ketama", "  redis: true"]
        text += body + ["  servers:"] + [f"    - 127.0.0.1:{s.port}:1 s{i}" for i, s in enumerate(shards)]
        args = [binary, "-c", config, "-s", str(free_port()), "-a", "127.0.0.1",
                "-o", os.path.join(workdir, "nutcracker.log")]
    with open(config, "w") as f:
        f.write("\n".join(text) + "\n")
    log = open(os.path.join(workdir, f"{kind}.out"), "w")
    proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    wait_for_ping(port)
    return proc, port


def run_drill(name, kind, binary):
    action, drover_lines, nutcracker_lines, with_failover = DRILLS[name]
    lines = drover_lines if kind == "drover" else nutcracker_lines
    workdir = tempfile.mkdtemp(prefix=f"drover-reliability-{name}-")
    shards = [Redis(workdir) for _ in range(3)]
    failover = Redis(workdir) if with_failover else None
    proxy = None
    try:
        proxy, port = start_proxy(kind, binary, workdir, shards, failover, lines)
        args = argparse.Namespace(host="127.0.0.1", port=port, duration=DURATION, clients=4, keys=100,
                                  mget_share=0.1, pause=0.002, socket_timeout=5, prefix="chk", json=None,
                                  shard=[f"s{i}=127.0.0.1:{s.port}" for i, s in enumerate(shards)])
        check = checker_module.Checker(args)
        result = {}
        def load():
            # The checker's progress line goes to stderr: stdout is the Markdown table.
            with contextlib.redirect_stdout(sys.stderr):
                result.update(report=check.run())
        thread = threading.Thread(target=load, daemon=True)
        thread.start()
        while check.start is None:
            time.sleep(0.01)
        victim = shards[1]
        sleep_until(check.start + FAULT_AT)
        fault_time = time.time()
        if action == "kill":
            victim.proc.kill()
            victim.proc.wait()
        else:
            victim.proc.send_signal(signal.SIGSTOP)
        sleep_until(check.start + HEAL_AT)
        heal_time = time.time()
        if action == "kill":
            victim.start()
        else:
            victim.proc.send_signal(signal.SIGCONT)
        back = traffic_back(victim, heal_time, check.start + DURATION)
        thread.join()
        return summarize(result["report"], fault_time, heal_time, back)
    finally:
        if proxy:
            proxy.terminate()
            proxy.wait()
        for server in shards + ([failover] if failover else []):
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def sleep_until(moment):
    time.sleep(max(0.0, moment - time.time()))


def traffic_back(victim, heal_time, until):
    """Seconds after the heal until the victim has processed 50 more commands than just
    after the heal (the proxies send it nothing until they take it back)."""
    baseline = None
    while time.time() < until:
        count = victim.commands_processed()
        if count is not None:
            if baseline is None:
                baseline = count
            elif count - baseline >= 50:
                return time.time() - heal_time
        time.sleep(0.02)
    return None


def summarize(report, fault_time, heal_time, back):
    faulty = report["shards"].get("s1", {})
    others = [s for name, s in report["shards"].items() if name not in ("s1", "?")]
    first, last = faulty.get("first_error"), faulty.get("last_error")
    return {
        "s1": {k: faulty.get(k, 0) for k in ("ok", "miss", "error", "wrong")},
        "others": {k: sum(s[k] for s in others) for k in ("ok", "miss", "error", "wrong")},
        "errors_by_command": faulty.get("errors_by_command", {}),
        "error_samples": faulty.get("error_samples", [])[:3],
        "first_error_after_fault": None if first is None else round(first - fault_time, 2),
        "errors_until_after_heal": None if last is None else round(last - heal_time, 2),
        "traffic_back_after_heal": None if back is None else round(back, 2),
        "wrong_samples": faulty.get("wrong_samples", [])[:3] + sum((s["wrong_samples"] for s in others), [])[:3],
    }


def markdown(results):
    rows = ["| drill | proxy | s1: ok / miss / error / wrong | other shards: ok / miss / error / wrong "
            "| s1 errors from fault +s … to heal +s | s1 traffic back after heal |",
            "|---|---|---|---|---|---|"]
    for name, per_proxy in results.items():
        for kind, r in per_proxy.items():
            if r is None:
                rows.append(f"| {name} | {kind} | (no such setting) | | | |")
                continue
            s1, others = r["s1"], r["others"]
            window = "none" if r["first_error_after_fault"] is None else \
                f"+{r['first_error_after_fault']} … {r['errors_until_after_heal']:+}"
            back = "never" if r["traffic_back_after_heal"] is None else f"{r['traffic_back_after_heal']} s"
            rows.append(f"| {name} | {kind} | {s1['ok']} / {s1['miss']} / {s1['error']} / **{s1['wrong']}** "
                        f"| {others['ok']} / {others['miss']} / {others['error']} / **{others['wrong']}** "
                        f"| {window} | {back} |")
    return "\n".join(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_drover = os.path.join(ROOT, ".build/release/drover")
    if not os.path.exists(default_drover):
        default_drover = os.path.join(ROOT, ".build/debug/drover")
    parser.add_argument("--drover", default=default_drover)
    parser.add_argument("--nutcracker", default=shutil.which("nutcracker") or "nutcracker")
    parser.add_argument("--only", help="comma-separated drill names (default: all)")
    parser.add_argument("--json", help="write the results here")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(DRILLS)
    results = {}
    for name in names:
        results[name] = {}
        for kind, binary in (("drover", args.drover), ("nutcracker", args.nutcracker)):
            lines = DRILLS[name][1] if kind == "drover" else DRILLS[name][2]
            if lines is None:
                results[name][kind] = None
                continue
            print(f"reliability: {name} through {kind} ...", file=sys.stderr, flush=True)
            results[name][kind] = run_drill(name, kind, binary)
            print(json.dumps(results[name][kind]), file=sys.stderr, flush=True)
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)
    print(markdown(results))


if __name__ == "__main__":
    main()
